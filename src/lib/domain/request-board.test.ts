import { describe, expect, it } from 'vitest';
import { monthBoard, monthOf, monthRange, shiftMonth, type BoardRow } from './request-board';

const sh = (wall: string) => new Date(wall.replace(' ', 'T') + ':00+08:00');
const CATS = ['facility', 'environment', 'other'];
const row = (over: Partial<BoardRow>): BoardRow => ({
	category: 'facility',
	colour: 'green',
	status: 'handling',
	reportedAt: sh('2026-11-10 10:00'),
	respondedAt: null,
	closedAt: null,
	rating: null,
	...over
});

describe('Shanghai months', () => {
	it('a month runs from its first midnight in Shanghai (16:00 UTC the day before) to the next', () => {
		expect(monthRange('2026-12')).toEqual({ start: new Date('2026-11-30T16:00:00Z'), end: new Date('2026-12-31T16:00:00Z') });
	});
	it('New Year’s Eve 23:30 in Shanghai is December; 00:30 on 1 January is January, though UTC still says 31 December', () => {
		expect(monthOf(sh('2026-12-31 23:30'))).toBe('2026-12');
		expect(monthOf(sh('2027-01-01 00:30'))).toBe('2027-01');
		expect(shiftMonth('2027-01', -1)).toBe('2026-12');
		expect(shiftMonth('2026-12', 1)).toBe('2027-01');
		expect(shiftMonth('2026-03', -3)).toBe('2025-12');
	});
	it('refuses what is not a month', () => {
		for (const bad of ['2026-13', '2026-00', '2026-1', 'x']) expect(() => monthRange(bad)).toThrow(RangeError);
	});
});

describe('monthBoard', () => {
	it('counts collected by the report month, solved and escalated by the closing month, in progress at the month end', () => {
		const rows: BoardRow[] = [
			// reported and solved in November
			row({ colour: 'green', status: 'closed', respondedAt: sh('2026-11-10 10:04'), closedAt: sh('2026-11-11 10:00'), rating: 'satisfied' }),
			// reported in October, solved in November: solved, not collected
			row({ reportedAt: sh('2026-10-31 23:59'), colour: 'yellow', status: 'closed', closedAt: sh('2026-11-20 23:59'), rating: 'unsatisfied' }),
			// reported in November, solved on 1 December 00:10 Shanghai (still 30 November in UTC): in progress at November's end
			row({ reportedAt: sh('2026-11-30 20:00'), colour: 'red', status: 'closed', closedAt: sh('2026-12-01 00:10') }),
			// escalated in November
			row({ category: 'environment', colour: 'grey', status: 'escalated', respondedAt: sh('2026-11-10 10:10'), closedAt: sh('2026-11-12 09:00') }),
			// not yet classified
			row({ category: 'other', colour: null, status: 'new' }),
			// reported in December: not part of November
			row({ reportedAt: sh('2026-12-01 00:00') })
		];
		const b = monthBoard(rows, '2026-11', CATS);
		expect(b).toMatchObject({ collected: 4, solved: 2, escalated: 1, inProgress: 2 });
		expect(b.byColour).toEqual({ green: 1, yellow: 0, red: 1, grey: 1, none: 1 });
		expect(b.byCategory).toEqual({ facility: 2, environment: 1, other: 1 });
		expect(b).toMatchObject({ responded: 2, respondedOnTime: 1, avgRespondMinutes: 7 });
		// (24 h + 480 h) / 2
		expect(b.avgSolveHours).toBe(252);
		expect(b.evaluations).toEqual({ satisfied: 1, basic: 0, unsatisfied: 1 });
		expect(b.satisfactionPermille).toBe(500);
	});

	it('an empty month has zeros and no averages', () => {
		const b = monthBoard([], '2026-02', CATS);
		expect(b).toMatchObject({ collected: 0, solved: 0, inProgress: 0, avgRespondMinutes: null, avgSolveHours: null, satisfactionPermille: null });
	});

	it('a response at exactly 5 minutes is on time, at 5 minutes and 1 second it is not', () => {
		const b = monthBoard(
			[row({ respondedAt: sh('2026-11-10 10:05') }), row({ respondedAt: new Date(sh('2026-11-10 10:05').getTime() + 1000) })],
			'2026-11',
			CATS
		);
		expect(b.respondedOnTime).toBe(1);
	});

	it('the satisfaction rate rounds half up in permille: 2 of 3 is 667‰', () => {
		const closed = { status: 'closed' as const, closedAt: sh('2026-11-12 10:00') };
		const b = monthBoard(
			[row({ ...closed, rating: 'satisfied' }), row({ ...closed, rating: 'basic' }), row({ ...closed, rating: 'unsatisfied' })],
			'2026-11',
			CATS
		);
		expect(b.satisfactionPermille).toBe(667);
	});
});
