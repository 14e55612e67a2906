/**
 * When a message may go out and whether the community can still pay for it: plain functions over plain data.
 * Beijing time is UTC+8 all year (no summer time since 1992), so the arithmetic is in milliseconds.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EIGHT = 8 * HOUR;

/** no SMS from 21:00 to 08:00 Beijing time (the operator may move it, or turn it off with SMS_QUIET_HOURS=off) */
export interface QuietHours {
	from: number;
	until: number;
}
export const QUIET: QuietHours = { from: 21, until: 8 };

/** SMS_QUIET_HOURS: `21-8` (the default), `22-7`, or `off`; anything else is refused */
export function parseQuietHours(value: string | undefined): QuietHours | null {
	if (value === undefined || value === '') return QUIET;
	if (value === 'off') return null;
	const m = /^(\d{1,2})-(\d{1,2})$/.exec(value);
	const from = Number(m?.[1]);
	const until = Number(m?.[2]);
	if (!m || from > 23 || until > 23 || from === until) throw new Error(`SMS_QUIET_HOURS must be like 21-8 or off (got "${value}")`);
	return { from, until };
}

/** the Beijing hour (0–23) of a moment */
export const beijingHour = (at: Date) => Math.floor((((at.getTime() + EIGHT) % DAY) + DAY) % DAY / HOUR);

export const isQuiet = (at: Date, q: QuietHours | null = QUIET) => {
	if (!q) return false;
	const h = beijingHour(at);
	return q.from > q.until ? h >= q.from || h < q.until : h >= q.from && h < q.until;
};

/** the next 08:00 (or the end of the quiet hours) Beijing time at or after a moment */
export function nextMorning(at: Date, until = QUIET.until): Date {
	const local = at.getTime() + EIGHT;
	const dayStart = local - (((local % DAY) + DAY) % DAY);
	let eight = dayStart + until * HOUR;
	if (eight < local) eight += DAY;
	return new Date(eight - EIGHT);
}

/** kinds that remind a person of something coming (the day before a session, a vote closing) */
export const REMINDER_KINDS: readonly string[] = ['session_reminder', 'vote_closing'];

/**
 * When an SMS may be sent: now, outside quiet hours; at night only a reminder the person asked to have at night,
 * everything else at 08:00. Other channels do not wake anyone and go at once.
 */
export function sendAt(now: Date, m: { channel: string; kind: string; nightReminders: boolean }, q: QuietHours | null = QUIET): Date {
	if (m.channel !== 'sms' || !q || !isQuiet(now, q)) return now;
	if (m.nightReminders && REMINDER_KINDS.includes(m.kind)) return now;
	return nextMorning(now, q.until);
}

/** the Shanghai month a budget counts in: 2026-12 */
export function budgetMonth(at: Date): string {
	const t = new Date(at.getTime() + EIGHT);
	return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** whether one more SMS fits the month's limit (null: no limit; 0: none at all) */
export const budgetAllows = (sent: number, limit: number | null) => limit === null || sent < limit;

/** what a number of messages costs, in fen */
export const costFen = (messages: number, fenPerMessage: number) => messages * fenPerMessage;

export interface BudgetView {
	month: string;
	sent: number;
	limit: number | null;
	fenPerMessage: number;
	costFen: number;
	remaining: number | null;
	spent: boolean;
}

export function budgetView(month: string, sent: number, limit: number | null, fenPerMessage: number): BudgetView {
	return {
		month,
		sent,
		limit,
		fenPerMessage,
		costFen: costFen(sent, fenPerMessage),
		remaining: limit === null ? null : Math.max(0, limit - sent),
		spent: !budgetAllows(sent, limit)
	};
}

/**
 * Retries when a provider fails: the job queue waits about RETRY_DELAY · 2^n seconds (with jitter), at most
 * RETRY_DELAY_MAX, so RETRY_LIMIT tries outlast an outage of over half an hour.
 */
export const RETRY_LIMIT = 14;
export const RETRY_DELAY = 1;
export const RETRY_DELAY_MAX = 300;
