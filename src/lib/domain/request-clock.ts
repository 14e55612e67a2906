/**
 * Resident requests (码上报): the colour a request is classified by sets its deadline, and the
 * 515303 clock sets the first steps: respond within 5 minutes of the report, arrive within 15,
 * an initial plan within 30, and a follow-up visit within 3 days of closing.
 * "Within" includes the boundary: a step done exactly at its due time is on time.
 */

export type Colour = 'green' | 'yellow' | 'red' | 'grey';

/** grey: longer than six months or cannot be solved, so no deadline */
export const COLOURS: Readonly<Record<Colour, { zh: string; limit: { days: number } | { months: number } | null }>> = {
	green: { zh: '绿', limit: { days: 3 } },
	yellow: { zh: '黄', limit: { months: 1 } },
	red: { zh: '红', limit: { months: 6 } },
	grey: { zh: '灰', limit: null }
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a fixed offset is its calendar.
const SHANGHAI_MS = 8 * 60 * MINUTE_MS;

function checked(d: Date): number {
	const t = d.getTime();
	if (Number.isNaN(t)) throw new RangeError('invalid date');
	return t;
}

/**
 * n calendar months after date on the Shanghai calendar, at the same Shanghai time of day. When
 * the target month is shorter than the starting day, the month's last day is taken (31 Jan + 1 →
 * 28 or 29 Feb; 31 Aug + 6 → 28 Feb), never a day in the month after, as Date's own overflow would.
 */
export function addMonths(date: Date, n: number): Date {
	const w = new Date(checked(date) + SHANGHAI_MS);
	const y = w.getUTCFullYear();
	const m = w.getUTCMonth() + n;
	const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	const day = Math.min(w.getUTCDate(), lastDay);
	const wallTime = Date.UTC(y, m, day, w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), w.getUTCMilliseconds());
	return new Date(wallTime - SHANGHAI_MS);
}

/** when a request of this colour, accepted at acceptedAt, must be solved; null for grey */
export function deadlineFor(colour: Colour, acceptedAt: Date): Date | null {
	const limit = COLOURS[colour].limit;
	if (!limit) return null;
	// with no daylight saving, 3 calendar days in Shanghai are exactly 72 hours
	if ('days' in limit) return new Date(checked(acceptedAt) + limit.days * DAY_MS);
	return addMonths(acceptedAt, limit.months);
}

export const CLOCK_515303 = { respondMinutes: 5, arriveMinutes: 15, planMinutes: 30, followUpDays: 3 } as const;

export interface RequestTimes {
	reportedAt: Date;
	/** unset until the committee or grid worker classifies the request */
	colour?: Colour | null;
	/** when it was classified; the colour's deadline runs from here (from the report when unset) */
	acceptedAt?: Date | null;
	respondedAt?: Date | null;
	arrivedAt?: Date | null;
	planAt?: Date | null;
	/** handled and closed, or escalated into a topic */
	closedAt?: Date | null;
	followedUpAt?: Date | null;
}

export interface Step {
	due: Date;
	doneAt?: Date;
	/** not done, still required, and past due */
	overdue: boolean;
	/** done, but after it was due */
	late: boolean;
}

export interface ClockStatus {
	respond: Step;
	arrive: Step;
	plan: Step;
	/** null when unclassified or grey */
	resolve: Step | null;
	/** null until the request is closed */
	followUp: Step | null;
}

/** a step left undone when the request closed (e.g. solved by telephone) stops running */
function step(due: Date, doneAt: Date | null | undefined, stoppedAt: Date | null | undefined, now: Date): Step {
	if (doneAt) return { due, doneAt, overdue: false, late: doneAt.getTime() > due.getTime() };
	return { due, overdue: !stoppedAt && now.getTime() > due.getTime(), late: false };
}

export function clockStatus(r: RequestTimes, now: Date): ClockStatus {
	const reported = checked(r.reportedAt);
	const after = (minutes: number) => new Date(reported + minutes * MINUTE_MS);
	const deadline = r.colour ? deadlineFor(r.colour, r.acceptedAt ?? r.reportedAt) : null;
	const closed = r.closedAt ?? null;
	return {
		respond: step(after(CLOCK_515303.respondMinutes), r.respondedAt, closed, now),
		arrive: step(after(CLOCK_515303.arriveMinutes), r.arrivedAt, closed, now),
		plan: step(after(CLOCK_515303.planMinutes), r.planAt, closed, now),
		resolve: deadline ? step(deadline, closed, null, now) : null,
		followUp: closed ? step(new Date(checked(closed) + CLOCK_515303.followUpDays * DAY_MS), r.followedUpAt, null, now) : null
	};
}

/** whether any step of the request is past due and still undone */
export function isOverdue(r: RequestTimes, now: Date): boolean {
	const s = clockStatus(r, now);
	return [s.respond, s.arrive, s.plan, s.resolve, s.followUp].some((x) => x?.overdue === true);
}
