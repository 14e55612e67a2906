/**
 * The monthly requests board (码上报 公示): what a community collected, solved and still has in hand in one
 * Shanghai calendar month, by colour and category, with average times and the residents' evaluations.
 * Plain data in, whole numbers out.
 */
import { shanghaiDate } from '../time';
import { CLOCK_515303, type Colour } from './request-clock';

/** a "YYYY-MM" month as its year and month number; RangeError for anything else */
function parseMonth(month: string): { y: number; mo: number } {
	const match = /^(\d{4})-(\d{2})$/.exec(month);
	const y = Number(match?.[1]);
	const mo = Number(match?.[2]);
	if (!match || mo < 1 || mo > 12 || y < 2000 || y > 2999) throw new RangeError(`not a month: ${month}`);
	return { y, mo };
}

/** "2026-11" → the month's first instant and the next month's first instant, on the Shanghai calendar */
export function monthRange(month: string): { start: Date; end: Date } {
	parseMonth(month);
	return { start: new Date(`${month}-01T00:00:00+08:00`), end: new Date(`${shiftMonth(month, 1)}-01T00:00:00+08:00`) };
}

/** the Shanghai month an instant falls in, "2026-11" */
export const monthOf = (at: Date): string => shanghaiDate(at).slice(0, 7);

/** the month n months before (negative) or after a "YYYY-MM" month */
export function shiftMonth(month: string, n: number): string {
	const { y, mo } = parseMonth(month);
	const index = y * 12 + (mo - 1) + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export type Rating = 'satisfied' | 'basic' | 'unsatisfied';

export interface BoardRow {
	category: string;
	colour: Colour | null;
	status: 'new' | 'handling' | 'closed' | 'escalated';
	reportedAt: Date;
	respondedAt: Date | null;
	closedAt: Date | null;
	rating: Rating | null;
}

export interface Board {
	collected: number;
	solved: number;
	escalated: number;
	/** reported by the month's end and not closed by then */
	inProgress: number;
	byColour: Record<Colour | 'none', number>;
	byCategory: Record<string, number>;
	/** responses given, and how many within 5 minutes of the report */
	responded: number;
	respondedOnTime: number;
	/** mean minutes from report to response, rounded half up; null without responses */
	avgRespondMinutes: number | null;
	/** mean hours from report to closing, of those solved this month; null without any */
	avgSolveHours: number | null;
	evaluations: Record<Rating, number>;
	/** (满意 + 基本满意) / evaluations, permille rounded half up; null without evaluations */
	satisfactionPermille: number | null;
}

const roundDiv = (num: number, den: number) => Math.floor((2 * num + den) / (2 * den));

/** rows: every request reported before the month's end that was not closed before its start */
export function monthBoard(rows: readonly BoardRow[], month: string, categories: readonly string[]): Board {
	const { start, end } = monthRange(month);
	const inMonth = (d: Date | null) => d !== null && d.getTime() >= start.getTime() && d.getTime() < end.getTime();
	const board: Board = {
		collected: 0,
		solved: 0,
		escalated: 0,
		inProgress: 0,
		byColour: { green: 0, yellow: 0, red: 0, grey: 0, none: 0 },
		byCategory: Object.fromEntries(categories.map((c) => [c, 0])),
		responded: 0,
		respondedOnTime: 0,
		avgRespondMinutes: null,
		avgSolveHours: null,
		evaluations: { satisfied: 0, basic: 0, unsatisfied: 0 },
		satisfactionPermille: null
	};
	let respondMs = 0;
	let solveMs = 0;
	for (const r of rows) {
		if (r.reportedAt.getTime() >= end.getTime()) continue;
		if (inMonth(r.reportedAt)) {
			board.collected++;
			board.byColour[r.colour ?? 'none']++;
			board.byCategory[r.category] = (board.byCategory[r.category] ?? 0) + 1;
			if (r.respondedAt) {
				board.responded++;
				const ms = r.respondedAt.getTime() - r.reportedAt.getTime();
				respondMs += ms;
				if (ms <= CLOCK_515303.respondMinutes * 60_000) board.respondedOnTime++;
			}
		}
		if (r.closedAt === null || r.closedAt.getTime() >= end.getTime()) board.inProgress++;
		else if (inMonth(r.closedAt)) {
			if (r.status === 'escalated') board.escalated++;
			else {
				board.solved++;
				solveMs += r.closedAt.getTime() - r.reportedAt.getTime();
				if (r.rating) board.evaluations[r.rating]++;
			}
		}
	}
	if (board.responded > 0) board.avgRespondMinutes = roundDiv(Math.round(respondMs / 60_000), board.responded);
	if (board.solved > 0) board.avgSolveHours = roundDiv(Math.round(solveMs / 3_600_000), board.solved);
	const rated = board.evaluations.satisfied + board.evaluations.basic + board.evaluations.unsatisfied;
	if (rated > 0) board.satisfactionPermille = roundDiv(1000 * (board.evaluations.satisfied + board.evaluations.basic), rated);
	return board;
}
