import { describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiTime } from './time';

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

