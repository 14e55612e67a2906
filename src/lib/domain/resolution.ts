/**
 * Resolutions (决议) followed to done: a status that is always computed, never typed.
 * 未开始 → 进行中 → 已完成, and 逾期 once the deadline day has passed on the Shanghai calendar
 * without the resolution being done. Dates are calendar days 'YYYY-MM-DD' in Asia/Shanghai.
 */
import { isCalendarDay, shanghaiToday } from '$lib/time';

export { isCalendarDay, shanghaiToday };

export const RESOLUTION_STATUSES = ['not_started', 'in_progress', 'done', 'overdue'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

export const EVALUATIONS = ['satisfied', 'basically', 'dissatisfied'] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

/** whole days from `from` to `to` (negative when `to` is earlier) */
export function daysBetween(from: string, to: string): number {
	const ms = (s: string) => {
		const [y, mo, d] = s.split('-').map(Number);
		return Date.UTC(y, mo - 1, d);
	};
	return Math.round((ms(to) - ms(from)) / 86_400_000);
}

export interface ResolutionFacts {
	/** the last day it may be done on (inclusive) */
	deadline: string;
	/** the day it was reported done, or null */
	doneOn: string | null;
	/** progress updates recorded so far */
	progressCount: number;
}

/**
 * The status a resident sees. Done wins (a late finish is still done; `finishedLate` tells it apart);
 * otherwise the deadline day itself still counts as on time, and the day after it is overdue.
 */
export function resolutionStatus(r: ResolutionFacts, today: string): ResolutionStatus {
	if (r.doneOn) return 'done';
	if (today > r.deadline) return 'overdue';
	return r.progressCount > 0 ? 'in_progress' : 'not_started';
}

/** done after its deadline day */
export const finishedLate = (r: ResolutionFacts) => r.doneOn !== null && r.doneOn > r.deadline;

/** days left until the deadline (0 on the day itself), or days overdue as a negative number; null when done */
export function daysLeft(r: ResolutionFacts, today: string): number | null {
	return r.doneOn ? null : daysBetween(today, r.deadline);
}

/** A topic is done (已办结) when it has resolutions and every one of them is done. */
export function allDone(statuses: readonly ResolutionStatus[]): boolean {
	return statuses.length > 0 && statuses.every((s) => s === 'done');
}

/** counts per status, every status present (0 when none) */
export function countByStatus(statuses: readonly ResolutionStatus[]): Record<ResolutionStatus, number> {
	const out = { not_started: 0, in_progress: 0, done: 0, overdue: 0 };
	for (const s of statuses) out[s]++;
	return out;
}

/** counts per evaluation, every choice present */
export function countEvaluations(choices: readonly Evaluation[]): Record<Evaluation, number> & { total: number } {
	const out = { satisfied: 0, basically: 0, dissatisfied: 0, total: choices.length };
	for (const c of choices) out[c]++;
	return out;
}
