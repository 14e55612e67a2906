import { describe, expect, it } from 'vitest';
import { budgetAllows, budgetMonth, budgetView, costFen, isQuiet, nextMorning, parseQuietHours, sendAt } from './delivery-rules';

// Beijing = UTC+8: 13:00 UTC is 21:00 in Beijing, 00:00 UTC is 08:00
const utc = (s: string) => new Date(`${s}Z`);

describe('quiet hours (21:00–08:00 Beijing time)', () => {
	it.each([
		['2026-12-03T12:59:59', false, '20:59 Beijing'],
		['2026-12-03T13:00:00', true, '21:00 Beijing'],
		['2026-12-03T18:30:00', true, '02:30 Beijing'],
		['2026-12-03T23:59:59', true, '07:59 Beijing'],
		['2026-12-04T00:00:00', false, '08:00 Beijing'],
		['2026-12-04T04:00:00', false, 'noon Beijing']
	])('%s is quiet: %s (%s)', (at, quiet) => {
		expect(isQuiet(utc(at))).toBe(quiet);
	});

	it.each([
		['2026-12-03T13:00:00', '2026-12-04T00:00:00.000Z', 'evening: the next morning'],
		['2026-12-03T16:30:00', '2026-12-04T00:00:00.000Z', 'after midnight Beijing: the same morning'],
		['2026-12-31T15:00:00', '2027-01-01T00:00:00.000Z', 'across the year'],
		['2026-12-04T00:00:00', '2026-12-04T00:00:00.000Z', '08:00 itself']
	])('the morning after %s is %s (%s)', (at, want) => {
		expect(nextMorning(utc(at)).toISOString()).toBe(want);
	});

	it.each([
		// channel, kind, nightReminders, time (UTC), expected (UTC)
		['sms', 'vote_opened', false, '2026-12-03T14:00:00', '2026-12-04T00:00:00.000Z'],
		['sms', 'vote_opened', true, '2026-12-03T14:00:00', '2026-12-04T00:00:00.000Z'],
		['sms', 'session_reminder', false, '2026-12-03T14:00:00', '2026-12-04T00:00:00.000Z'],
		['sms', 'session_reminder', true, '2026-12-03T14:00:00', '2026-12-03T14:00:00.000Z'],
		['sms', 'vote_opened', false, '2026-12-03T04:00:00', '2026-12-03T04:00:00.000Z'],
		['email', 'vote_opened', false, '2026-12-03T14:00:00', '2026-12-03T14:00:00.000Z'],
		['wechat', 'vote_opened', false, '2026-12-03T14:00:00', '2026-12-03T14:00:00.000Z']
	])('%s of %s (night reminders %s) at %s goes at %s', (channel, kind, nightReminders, at, want) => {
		expect(sendAt(utc(at), { channel, kind, nightReminders }).toISOString()).toBe(want);
	});
});

describe('the monthly SMS budget', () => {
	it.each([
		[0, null, true],
		[10_000, null, true],
		[0, 0, false],
		[99, 100, true],
		[100, 100, false],
		[101, 100, false]
	])('%i sent of a limit of %s: one more allowed %s', (sent, limit, ok) => {
		expect(budgetAllows(sent, limit)).toBe(ok);
	});

	it('counts in the Shanghai month: 16:00 UTC on 30 November is already December', () => {
		expect(budgetMonth(utc('2026-11-30T15:59:59'))).toBe('2026-11');
		expect(budgetMonth(utc('2026-11-30T16:00:00'))).toBe('2026-12');
	});

	it('estimates the cost in fen and says when it is spent', () => {
		expect(costFen(37, 5)).toBe(185);
		expect(budgetView('2026-12', 100, 100, 4)).toEqual({ month: '2026-12', sent: 100, limit: 100, fenPerMessage: 4, costFen: 400, remaining: 0, spent: true });
		expect(budgetView('2026-12', 3, null, 5)).toMatchObject({ remaining: null, spent: false, costFen: 15 });
	});
});

describe('the operator may move the quiet hours', () => {
	it.each([
		[undefined, { from: 21, until: 8 }],
		['22-7', { from: 22, until: 7 }],
		['off', null]
	])('SMS_QUIET_HOURS=%s', (value, want) => expect(parseQuietHours(value)).toEqual(want));

	it.each(['21', '25-8', '8-8', 'night'])('refuses %s', (value) => expect(() => parseQuietHours(value)).toThrow(/SMS_QUIET_HOURS/));

	it('off sends at once, and 22-7 lets 21:30 through but holds 06:30 until 07:00', () => {
		const vote = { channel: 'sms', kind: 'vote_opened', nightReminders: false };
		expect(sendAt(utc('2026-12-03T14:00:00'), vote, null).toISOString()).toBe('2026-12-03T14:00:00.000Z');
		expect(sendAt(utc('2026-12-03T13:30:00'), vote, { from: 22, until: 7 }).toISOString()).toBe('2026-12-03T13:30:00.000Z');
		expect(sendAt(utc('2026-12-03T22:30:00'), vote, { from: 22, until: 7 }).toISOString()).toBe('2026-12-03T23:00:00.000Z');
	});
});
