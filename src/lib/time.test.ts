import { describe, expect, it } from 'vitest';
import { endOfDay, isCalendarDay, localInput, parseDay, parseWallTime, shanghaiDate, shanghaiTime } from './time';

describe('Asia/Shanghai times', () => {
	it('shows UTC instants in Beijing time, 24-hour, zero-padded', () => {
		expect(shanghaiTime(new Date('2026-11-22T06:05:00Z'))).toBe('2026-11-22 14:05');
		expect(shanghaiTime('2026-01-01T16:00:00Z')).toBe('2026-01-02 00:00');
		expect(shanghaiDate(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
	});

	it('agrees with the time zone database for any instant, also in the years China had summer time', () => {
		const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
		const at = [Date.UTC(1990, 6, 1), Date.UTC(1991, 8, 15, 15, 59)];
		for (let t = Date.UTC(1991, 11, 31, 15, 0); t < Date.UTC(2100, 0, 1); t += 7_919_993_011) at.push(t);
		for (const t of at) expect(shanghaiTime(t), new Date(t).toISOString()).toBe(intl.format(t));
		expect(shanghaiTime(Date.UTC(1990, 6, 1))).toBe('1990-07-01 09:00');
	});
});


describe('times typed by a person', () => {
	it('reads a datetime-local value as Beijing wall time and a bare day as Shanghai midnight', () => {
		expect(parseWallTime('2026-03-08T14:05')?.toISOString()).toBe('2026-03-08T06:05:00.000Z');
		expect(parseWallTime('2026-03-08 14:05:30')?.toISOString()).toBe('2026-03-08T06:05:30.000Z');
		expect(parseWallTime('2026-03-08T06:05:00.000Z')?.toISOString()).toBe('2026-03-08T06:05:00.000Z');
		expect(parseWallTime('2026-03-08', { date: true })?.toISOString()).toBe('2026-03-07T16:00:00.000Z');
		expect(parseWallTime('2026-03-08')).toBeNull();
		expect(endOfDay('2026-03-08')?.toISOString()).toBe('2026-03-08T15:59:59.999Z');
		expect(localInput(new Date('2026-03-08T06:05:00Z'))).toBe('2026-03-08T14:05');
	});

	it.each(['2026-02-30', '2026-04-31', '0000-01-01', '9999-12-31', '2025-02-29', '1999-12-31', '2026-13-01', '2026-00-10'])(
		'refuses the impossible or far-off day %s instead of rolling it over',
		(day) => {
			expect(isCalendarDay(day)).toBe(false);
			expect(parseDay(day)).toBeNull();
			expect(parseWallTime(day, { date: true })).toBeNull();
			expect(parseWallTime(`${day}T10:00`)).toBeNull();
			expect(parseWallTime(`${day}T10:00:00Z`)).toBeNull();
		}
	);

	it('refuses impossible times of day and free text', () => {
		for (const s of ['2026-03-08T24:00', '2026-03-08T12:60', 'tomorrow', '2026-3-8', '1772950000000', ''])
			expect(parseWallTime(s, { date: true }), s).toBeNull();
		expect(isCalendarDay('2024-02-29')).toBe(true);
	});
});
