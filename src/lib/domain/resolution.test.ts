import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	allDone,
	countByStatus,
	countEvaluations,
	daysBetween,
	daysLeft,
	finishedLate,
	isCalendarDay,
	resolutionStatus,
	shanghaiToday,
	type ResolutionStatus
} from './resolution';

describe('resolution status is computed from the deadline and the Shanghai calendar', () => {
	const open = (deadline: string, progressCount = 0) => ({ deadline, doneOn: null, progressCount });

	it.each([
		['no progress before the deadline', open('2026-12-31'), '2026-11-25', 'not_started'],
		['progress before the deadline', open('2026-12-31', 2), '2026-11-25', 'in_progress'],
		['the deadline day itself is still on time', open('2026-11-25', 1), '2026-11-25', 'in_progress'],
		['the day after the deadline is overdue', open('2026-11-25', 1), '2026-11-26', 'overdue'],
		['overdue without any progress', open('2026-11-01'), '2026-11-25', 'overdue'],
		['done before the deadline', { deadline: '2026-12-31', doneOn: '2026-11-20', progressCount: 1 }, '2026-11-25', 'done'],
		['done late is still done', { deadline: '2026-11-01', doneOn: '2026-11-20', progressCount: 3 }, '2026-11-25', 'done']
	] as const)('%s', (_name, facts, today, expected) => {
		expect(resolutionStatus(facts, today)).toBe(expected);
	});

	it('overdue turns on at Shanghai midnight, not UTC midnight', () => {
		const facts = open('2026-11-25', 1);
		// 2026-11-25 15:59 UTC = 23:59 in Shanghai: still the deadline day
		expect(resolutionStatus(facts, shanghaiToday(new Date('2026-11-25T15:59:00Z')))).toBe('in_progress');
		// 16:00 UTC = 00:00 on the 26th in Shanghai, while it is still the 25th in UTC
		expect(resolutionStatus(facts, shanghaiToday(new Date('2026-11-25T16:00:00Z')))).toBe('overdue');
	});

	it('tells a late finish and counts the days left', () => {
		expect(finishedLate({ deadline: '2026-11-01', doneOn: '2026-11-02', progressCount: 0 })).toBe(true);
		expect(finishedLate({ deadline: '2026-11-01', doneOn: '2026-11-01', progressCount: 0 })).toBe(false);
		expect(daysLeft(open('2026-12-01'), '2026-11-25')).toBe(6);
		expect(daysLeft(open('2026-11-25'), '2026-11-25')).toBe(0);
		expect(daysLeft(open('2026-11-20'), '2026-11-25')).toBe(-5);
		expect(daysLeft({ deadline: '2026-11-20', doneOn: '2026-11-19', progressCount: 0 }, '2026-11-25')).toBeNull();
		expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
		expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
	});

	it('property: a resolution that is not done is overdue exactly when today is after its deadline', () => {
		const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
		fc.assert(
			fc.property(day, day, fc.nat(5), (deadline, today, n) => {
				const s = resolutionStatus({ deadline, doneOn: null, progressCount: n }, today);
				expect(s === 'overdue').toBe(today > deadline);
				expect(s).not.toBe('done');
			})
		);
	});

	it('accepts only real calendar days', () => {
		expect(isCalendarDay('2026-11-25')).toBe(true);
		expect(isCalendarDay('2028-02-29')).toBe(true);
		expect(isCalendarDay('2026-02-29')).toBe(false);
		expect(isCalendarDay('2026-13-01')).toBe(false);
		expect(isCalendarDay('2026-1-5')).toBe(false);
	});
});

describe('a topic is done when all its resolutions are done', () => {
	it.each([
		[[], false],
		[['done'], true],
		[['done', 'done'], true],
		[['done', 'in_progress'], false],
		[['done', 'overdue'], false]
	] as [ResolutionStatus[], boolean][])('%j → %s', (statuses, expected) => {
		expect(allDone(statuses)).toBe(expected);
	});

	it('counts statuses and evaluations with every bucket present', () => {
		expect(countByStatus(['done', 'overdue', 'done'])).toEqual({ not_started: 0, in_progress: 0, done: 2, overdue: 1 });
		expect(countEvaluations(['satisfied', 'dissatisfied', 'satisfied'])).toEqual({ satisfied: 2, basically: 0, dissatisfied: 1, total: 3 });
	});
});
