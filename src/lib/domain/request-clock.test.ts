import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, clockStatus, deadlineFor, isOverdue, type Colour, type RequestTimes } from './request-clock';

/** a Shanghai wall-clock time, written "2026-12-31 23:30", as the instant it names */
const sh = (wall: string) => new Date(wall.replace(' ', 'T') + ':00+08:00');
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

describe('deadlineFor, on the Shanghai calendar', () => {
	it.each([
		{ name: 'green: 3 days, across the year end', colour: 'green', accepted: '2026-12-31 23:30', due: '2027-01-03 23:30' },
		{ name: 'green: 3 days across the end of February', colour: 'green', accepted: '2027-02-27 09:00', due: '2027-03-02 09:00' },
		{ name: 'yellow: 1 month across the year end', colour: 'yellow', accepted: '2026-12-31 23:30', due: '2027-01-31 23:30' },
		{ name: 'yellow: 31 Jan + 1 month is 28 Feb', colour: 'yellow', accepted: '2027-01-31 10:00', due: '2027-02-28 10:00' },
		{ name: 'yellow: 31 Jan + 1 month is 29 Feb in a leap year', colour: 'yellow', accepted: '2028-01-31 10:00', due: '2028-02-29 10:00' },
		{
			name: 'yellow: 31 Jan 00:30 in Shanghai (still 30 Jan in UTC) + 1 month is 28 Feb 00:30',
			colour: 'yellow',
			accepted: '2027-01-31 00:30',
			due: '2027-02-28 00:30'
		},
		{ name: 'yellow: 28 Feb + 1 month is 28 Mar, not the end of March', colour: 'yellow', accepted: '2027-02-28 08:00', due: '2027-03-28 08:00' },
		{ name: 'red: 31 Aug + 6 months is 28 Feb', colour: 'red', accepted: '2026-08-31 14:00', due: '2027-02-28 14:00' },
		{ name: 'red: 31 Mar + 6 months is 30 Sep', colour: 'red', accepted: '2026-03-31 14:00', due: '2026-09-30 14:00' },
		{ name: 'red: 1 Jan 00:00 in Shanghai + 6 months is 1 Jul 00:00', colour: 'red', accepted: '2027-01-01 00:00', due: '2027-07-01 00:00' }
	] as { name: string; colour: Colour; accepted: string; due: string }[])('$name', ({ colour, accepted, due }) => {
		expect(deadlineFor(colour, sh(accepted))).toEqual(sh(due));
	});

	it('grey has no deadline', () => {
		expect(deadlineFor('grey', sh('2026-12-31 23:30'))).toBeNull();
	});

	it('refuses an invalid date', () => {
		expect(() => deadlineFor('yellow', new Date(Number.NaN))).toThrow(RangeError);
	});
});

describe('addMonths properties', () => {
	const shanghaiFields = (d: Date) => {
		const w = new Date(d.getTime() + 8 * 3600_000);
		return { y: w.getUTCFullYear(), m: w.getUTCMonth(), day: w.getUTCDate(), time: w.getTime() % 86_400_000 };
	};

	it('moves n months on, keeps the time of day, and keeps the day or clamps it to the month end', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 24 }), (d, n) => {
				const a = shanghaiFields(d);
				const b = shanghaiFields(addMonths(d, n));
				expect(b.y * 12 + b.m - (a.y * 12 + a.m)).toBe(n);
				expect(b.time).toBe(a.time);
				const monthEnd = new Date(Date.UTC(b.y, b.m + 1, 0)).getUTCDate();
				expect(b.day).toBe(Math.min(a.day, monthEnd));
			})
		);
	});

	it('green is exactly 72 hours and every deadline lies after acceptance', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
				expect(deadlineFor('green', d)!.getTime() - d.getTime()).toBe(72 * 3600_000);
				expect(deadlineFor('yellow', d)!.getTime()).toBeGreaterThan(deadlineFor('green', d)!.getTime());
				expect(deadlineFor('red', d)!.getTime()).toBeGreaterThan(deadlineFor('yellow', d)!.getTime());
			})
		);
	});
});

describe('the 515303 clock', () => {
	// reported two minutes before New Year in Shanghai
	const reportedAt = sh('2026-12-31 23:58');
	const fresh: RequestTimes = { reportedAt };

	it('sets respond, arrive and plan at 5, 15 and 30 minutes after the report, across the year end', () => {
		const s = clockStatus(fresh, reportedAt);
		expect(s.respond.due).toEqual(sh('2027-01-01 00:03'));
		expect(s.arrive.due).toEqual(sh('2027-01-01 00:13'));
		expect(s.plan.due).toEqual(sh('2027-01-01 00:28'));
		expect(s.resolve).toBeNull();
		expect(s.followUp).toBeNull();
	});

	it.each([
		{ name: 'nothing is overdue at exactly 5 minutes', after: 5, overdue: [] },
		{ name: 'a response not given 5 minutes and 1 ms in is overdue', after: 5.00002, overdue: ['respond'] },
		{ name: 'after 16 minutes without anyone on site, respond and arrive are overdue', after: 16, overdue: ['respond', 'arrive'] },
		{ name: 'after 31 minutes all three first steps are overdue', after: 31, overdue: ['respond', 'arrive', 'plan'] }
	])('$name', ({ after, overdue }) => {
		const s = clockStatus(fresh, minutes(reportedAt, after));
		expect((['respond', 'arrive', 'plan'] as const).filter((k) => s[k].overdue)).toEqual(overdue);
		expect(isOverdue(fresh, minutes(reportedAt, after))).toBe(overdue.length > 0);
	});

	it('a step done in time is neither overdue nor late; done after its time it is late, not overdue', () => {
		const r = { reportedAt, respondedAt: minutes(reportedAt, 5), arrivedAt: minutes(reportedAt, 20), planAt: minutes(reportedAt, 25) };
		const s = clockStatus(r, minutes(reportedAt, 60));
		expect(s.respond).toEqual({ due: minutes(reportedAt, 5), doneAt: minutes(reportedAt, 5), overdue: false, late: false });
		expect(s.arrive).toMatchObject({ overdue: false, late: true });
		expect(s.plan).toMatchObject({ overdue: false, late: false });
		expect(isOverdue(r, minutes(reportedAt, 60))).toBe(false);
	});

	it.each([
		{ colour: 'green', due: '2027-01-03 23:58' },
		{ colour: 'yellow', due: '2027-01-31 23:58' },
		{ colour: 'red', due: '2027-06-30 23:58' }
	] as { colour: Colour; due: string }[])('a $colour request not closed by $due is overdue one minute later', ({ colour, due }) => {
		const r: RequestTimes = { reportedAt, colour, acceptedAt: reportedAt, respondedAt: reportedAt, arrivedAt: reportedAt, planAt: reportedAt };
		expect(clockStatus(r, sh(due)).resolve).toEqual({ due: sh(due), overdue: false, late: false });
		expect(isOverdue(r, sh(due))).toBe(false);
		expect(clockStatus(r, minutes(sh(due), 1)).resolve?.overdue).toBe(true);
		expect(isOverdue(r, minutes(sh(due), 1))).toBe(true);
	});

	it('the colour deadline runs from acceptance, or from the report while there is none', () => {
		expect(clockStatus({ reportedAt, colour: 'green', acceptedAt: sh('2027-01-02 09:00') }, reportedAt).resolve?.due).toEqual(sh('2027-01-05 09:00'));
		expect(clockStatus({ reportedAt, colour: 'green' }, reportedAt).resolve?.due).toEqual(sh('2027-01-03 23:58'));
	});

	it('a grey request never runs past a deadline, however long it stays open', () => {
		const r: RequestTimes = { reportedAt, colour: 'grey', respondedAt: reportedAt, arrivedAt: reportedAt, planAt: reportedAt };
		expect(clockStatus(r, sh('2030-01-01 00:00')).resolve).toBeNull();
		expect(isOverdue(r, sh('2030-01-01 00:00'))).toBe(false);
	});

	it('closing after the deadline marks the resolution late; the follow-up visit is due 3 days after closing', () => {
		const closedAt = sh('2027-02-27 10:00');
		const r: RequestTimes = { reportedAt, colour: 'yellow', respondedAt: reportedAt, arrivedAt: reportedAt, planAt: reportedAt, closedAt };
		const s = clockStatus(r, closedAt);
		expect(s.resolve).toMatchObject({ doneAt: closedAt, late: true, overdue: false });
		expect(s.followUp).toEqual({ due: sh('2027-03-02 10:00'), overdue: false, late: false });
		expect(isOverdue(r, sh('2027-03-02 10:00'))).toBe(false);
		expect(isOverdue(r, sh('2027-03-02 10:01'))).toBe(true);
		expect(isOverdue({ ...r, followedUpAt: sh('2027-03-01 15:00') }, sh('2027-06-01 00:00'))).toBe(false);
	});

	it('first steps left undone when the request was closed (solved by telephone) are not overdue', () => {
		const r: RequestTimes = { reportedAt, colour: 'green', respondedAt: minutes(reportedAt, 2), closedAt: minutes(reportedAt, 10), followedUpAt: minutes(reportedAt, 60) };
		const s = clockStatus(r, sh('2027-02-01 00:00'));
		expect(s.arrive).toMatchObject({ overdue: false, late: false });
		expect(s.arrive.doneAt).toBeUndefined();
		expect(isOverdue(r, sh('2027-02-01 00:00'))).toBe(false);
	});
});

describe('each step across a month end and a year end, Shanghai time', () => {
	// reported at 23:50 on the last day of February (UTC: 15:50 the same day)
	const feb = sh('2027-02-28 23:50');
	it.each([
		{ step: 'respond', due: '2027-02-28 23:55' },
		{ step: 'arrive', due: '2027-03-01 00:05' },
		{ step: 'plan', due: '2027-03-01 00:20' }
	] as const)('$step is due at $due and overdue one minute later', ({ step, due }) => {
		expect(clockStatus({ reportedAt: feb }, sh(due))[step]).toEqual({ due: sh(due), overdue: false, late: false });
		expect(clockStatus({ reportedAt: feb }, minutes(sh(due), 1))[step].overdue).toBe(true);
	});

	it('a follow-up visit after closing on 30 December is due on 2 January', () => {
		const r: RequestTimes = { reportedAt: sh('2026-12-29 09:00'), colour: 'green', respondedAt: sh('2026-12-29 09:01'), arrivedAt: sh('2026-12-29 09:10'), planAt: sh('2026-12-29 09:20'), closedAt: sh('2026-12-30 18:00') };
		expect(clockStatus(r, sh('2026-12-30 18:00')).followUp?.due).toEqual(sh('2027-01-02 18:00'));
		expect(isOverdue(r, sh('2027-01-02 18:00'))).toBe(false);
		expect(isOverdue(r, sh('2027-01-02 18:01'))).toBe(true);
	});

	it.each([
		{ colour: 'green', accepted: '2026-11-30 22:00', due: '2026-12-03 22:00' },
		{ colour: 'yellow', accepted: '2026-12-31 08:00', due: '2027-01-31 08:00' },
		{ colour: 'red', accepted: '2026-12-31 08:00', due: '2027-06-30 08:00' }
	] as const)('a $colour request accepted $accepted is due $due', ({ colour, accepted, due }) => {
		expect(deadlineFor(colour, sh(accepted))).toEqual(sh(due));
	});
});
