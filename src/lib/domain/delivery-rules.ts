/**
 * When a message may go out and whether the community can still pay for it: plain functions over plain data.
 * Beijing time is UTC+8 all year (no summer time since 1992), so the arithmetic is in milliseconds.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EIGHT = 8 * HOUR;

/** no SMS from 21:00 to 08:00 Beijing time */
export const QUIET_FROM = 21;
export const QUIET_UNTIL = 8;

/** the Beijing hour (0–23) of a moment */
export const beijingHour = (at: Date) => Math.floor((((at.getTime() + EIGHT) % DAY) + DAY) % DAY / HOUR);

export const isQuiet = (at: Date) => {
	const h = beijingHour(at);
	return h >= QUIET_FROM || h < QUIET_UNTIL;
};

/** the next 08:00 Beijing time at or after a moment */
export function nextMorning(at: Date): Date {
	const local = at.getTime() + EIGHT;
	const dayStart = local - (((local % DAY) + DAY) % DAY);
	let eight = dayStart + QUIET_UNTIL * HOUR;
	if (eight < local) eight += DAY;
	return new Date(eight - EIGHT);
}

/** kinds that remind a person of something coming (the day before a session, a vote closing) */
export const REMINDER_KINDS: readonly string[] = ['session_reminder', 'vote_closing'];

/**
 * When an SMS may be sent: now, outside quiet hours; at night only a reminder the person asked to have at night,
 * everything else at 08:00. Other channels do not wake anyone and go at once.
 */
export function sendAt(now: Date, m: { channel: string; kind: string; nightReminders: boolean }): Date {
	if (m.channel !== 'sms' || !isQuiet(now)) return now;
	if (m.nightReminders && REMINDER_KINDS.includes(m.kind)) return now;
	return nextMorning(now);
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

/** retries: 2 s, 4 s, 8 s … capped at 5 minutes; with RETRY_LIMIT tries that outlasts an outage of ~40 minutes */
export const RETRY_LIMIT = 12;
export const backoffSeconds = (retry: number) => Math.min(300, 2 ** (retry + 1));
