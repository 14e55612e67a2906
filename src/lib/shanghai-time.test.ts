import { describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiTime } from './shanghai-time';

describe('Asia/Shanghai times', () => {
	it('shows UTC instants in Beijing time, 24-hour, zero-padded', () => {
		expect(shanghaiTime(new Date('2026-11-22T06:05:00Z'))).toBe('2026-11-22 14:05');
		expect(shanghaiTime('2026-01-01T16:00:00Z')).toBe('2026-01-02 00:00');
		expect(shanghaiDate(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
	});
});
