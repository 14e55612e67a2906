import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	addWorkingDays,
	belowThreshold,
	decimal,
	defaultRoundWindow,
	LEVELS,
	percent,
	previousQuarter,
	publishable,
	quarterOf,
	rates,
	summarize,
	addCounts,
	type Counts
} from './satisfaction';

const counts = (c5: number, c4: number, c3: number, c2: number, c1: number): Counts => ({ 5: c5, 4: c4, 3: c3, 2: c2, 1: c1 });
const at = (iso: string) => new Date(iso);

describe('rates', () => {
	it('reproduces 安公社区: 2,201 of 2,212 residents at least 基本满意 is 99.5%', () => {
		const r = rates(counts(1900, 250, 51, 8, 3));
		expect(r.valid).toBe(2212);
		expect(r.satisfaction).toEqual({ num: 2201, den: 2212 });
		expect(percent(r.satisfaction)).toBe('99.5%');
		expect(r.satisfactionPermille).toBe(995);
		expect(r.strict).toEqual({ num: 2150, den: 2212 });
		expect(percent(r.strict)).toBe('97.2%');
		expect(r.meanScore).toEqual({ num: 1900 * 5 + 250 * 4 + 51 * 3 + 8 * 2 + 3, den: 2212 });
		expect(decimal(r.meanScore)).toBe('4.82'); // 10672 / 2212 = 4.8246…
	});

	it.each([
		{ name: 'all 非常满意', c: counts(10, 0, 0, 0, 0), sat: '100.0%', strict: '100.0%', mean: '5.00' },
		{ name: 'all 非常不满意', c: counts(0, 0, 0, 0, 10), sat: '0.0%', strict: '0.0%', mean: '1.00' },
		{ name: '基本满意 counts as satisfied but not strictly', c: counts(0, 0, 3, 0, 0), sat: '100.0%', strict: '0.0%', mean: '3.00' },
		{ name: 'one of each level', c: counts(1, 1, 1, 1, 1), sat: '60.0%', strict: '40.0%', mean: '3.00' },
		{ name: 'two thirds satisfied', c: counts(2, 0, 0, 1, 0), sat: '66.7%', strict: '66.7%', mean: '4.00' },
		{ name: 'no ratings yet', c: counts(0, 0, 0, 0, 0), sat: '—', strict: '—', mean: '—' }
	])('$name', ({ c, sat, strict, mean }) => {
		const r = rates(c);
		expect(percent(r.satisfaction)).toBe(sat);
		expect(percent(r.strict)).toBe(strict);
		expect(decimal(r.meanScore)).toBe(mean);
	});

	it('has no permille figure without ratings, rather than NaN', () => {
		expect(rates(counts(0, 0, 0, 0, 0)).satisfactionPermille).toBeUndefined();
	});

	it.each([-1, 1.5, Number.NaN])('refuses a count of %s', (n) => {
		expect(() => rates(counts(1, 1, n, 1, 1))).toThrow(RangeError);
	});

	it('names the five national levels from 5 down to 1', () => {
		expect(LEVELS.map((l) => `${l.level}${l.zh}`)).toEqual(['5非常满意', '4满意', '3基本满意', '2不满意', '1非常不满意']);
	});
});

describe('percent and decimal round halves up with integers', () => {
	it.each([
		{ num: 1, den: 8, decimals: 0, text: '13%' }, // 12.5
		{ num: 1, den: 8, decimals: 1, text: '12.5%' },
		{ num: 1, den: 2000, decimals: 1, text: '0.1%' }, // 0.05
		{ num: 1, den: 2001, decimals: 1, text: '0.0%' },
		{ num: 2200, den: 2212, decimals: 1, text: '99.5%' },
		{ num: 2202, den: 2212, decimals: 1, text: '99.5%' },
		{ num: 2203, den: 2212, decimals: 1, text: '99.6%' },
		{ num: 2211, den: 2212, decimals: 1, text: '100.0%' },
		{ num: 2211, den: 2212, decimals: 2, text: '99.95%' },
		{ num: 1, den: 3, decimals: 3, text: '33.333%' }
	])('$num/$den to $decimals places is $text', ({ num, den, decimals, text }) => {
		expect(percent({ num, den }, decimals)).toBe(text);
	});

	it('decimal keeps trailing zeros and rounds 4.625 up', () => {
		expect(decimal({ num: 37, den: 8 })).toBe('4.63');
		expect(decimal({ num: 4, den: 1 }, 1)).toBe('4.0');
		expect(decimal({ num: 9, den: 2 }, 0)).toBe('5');
	});

	it('is never more than half a unit off, and a half goes up', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(100_000), fc.integer({ min: 0, max: 3 }), (den, k, decimals) => {
				const num = k % (den + 1);
				const shown = percent({ num, den }, decimals);
				const q = BigInt(shown.slice(0, -1).replace('.', ''));
				// the printed units q against the exact value num·100·10^d/den
				const exact = BigInt(num) * 100n * 10n ** BigInt(decimals);
				const twice = 2n * (q * BigInt(den) - exact);
				expect(twice <= BigInt(den) && -twice < BigInt(den)).toBe(true);
			})
		);
	});
});

describe('belowThreshold', () => {
	it.each([
		{ name: '89.9% under a 90% threshold is flagged', c: counts(0, 0, 899, 101, 0), t: 900, min: 10, flagged: true },
		{ name: 'exactly 90% is not below 90%', c: counts(0, 0, 900, 100, 0), t: 900, min: 10, flagged: false },
		{ name: '99.5% under 90% is not flagged', c: counts(1900, 250, 51, 8, 3), t: 900, min: 10, flagged: false },
		{ name: 'too few ratings to show is never flagged', c: counts(0, 0, 0, 4, 5), t: 900, min: 10, flagged: false },
		{ name: 'exactly the minimum count is flagged', c: counts(0, 0, 0, 5, 5), t: 900, min: 10, flagged: true },
		{ name: 'no ratings with no minimum is not flagged', c: counts(0, 0, 0, 0, 0), t: 900, min: 0, flagged: false }
	])('$name', ({ c, t, min, flagged }) => {
		expect(belowThreshold(rates(c), t, min)).toBe(flagged);
	});

	it('shows aggregates only from the minimum count up', () => {
		expect(publishable(rates(counts(1, 1, 1, 1, 1)), 5)).toBe(true);
		expect(publishable(rates(counts(1, 1, 1, 1, 0)), 5)).toBe(false);
		expect(publishable(rates(counts(0, 0, 0, 0, 0)), 0)).toBe(false);
	});
});

describe('quarterOf in Asia/Shanghai', () => {
	it.each([
		{ name: '31 Dec 23:59:59.999 Shanghai is still Q4', iso: '2026-12-31T15:59:59.999Z', year: 2026, quarter: 4 },
		{ name: 'New Year 00:00 Shanghai, still 31 Dec in UTC, is Q1 of the new year', iso: '2026-12-31T16:00:00.000Z', year: 2027, quarter: 1 },
		{ name: '1 Apr 00:00 Shanghai is Q2', iso: '2026-03-31T16:00:00Z', year: 2026, quarter: 2 },
		{ name: '30 Jun 23:00 Shanghai is Q2', iso: '2026-06-30T15:00:00Z', year: 2026, quarter: 2 },
		{ name: '1 Jul 07:59 Shanghai is Q3', iso: '2026-06-30T23:59:00Z', year: 2026, quarter: 3 },
		{ name: '1 Oct 00:00 Shanghai is Q4', iso: '2026-09-30T16:00:00Z', year: 2026, quarter: 4 }
	])('$name', ({ iso, year, quarter }) => {
		expect(quarterOf(at(iso))).toEqual({ year, quarter });
	});

	it('the quarter before Q1 is Q4 of the year before', () => {
		expect(previousQuarter({ year: 2027, quarter: 1 })).toEqual({ year: 2026, quarter: 4 });
		expect(previousQuarter({ year: 2027, quarter: 3 })).toEqual({ year: 2027, quarter: 2 });
	});
});

describe('defaultRoundWindow: the last 14 days of the quarter, Shanghai time', () => {
	it.each([
		{ year: 2026, quarter: 4, opens: '2026-12-17T16:00:00.000Z', closes: '2026-12-31T15:59:59.999Z' },
		{ year: 2027, quarter: 1, opens: '2027-03-17T16:00:00.000Z', closes: '2027-03-31T15:59:59.999Z' },
		{ year: 2027, quarter: 2, opens: '2027-06-16T16:00:00.000Z', closes: '2027-06-30T15:59:59.999Z' },
		{ year: 2027, quarter: 3, opens: '2027-09-16T16:00:00.000Z', closes: '2027-09-30T15:59:59.999Z' }
	])('$year Q$quarter opens $opens and closes $closes', ({ year, quarter, opens, closes }) => {
		const w = defaultRoundWindow(year, quarter);
		expect(w.opensAt.toISOString()).toBe(opens);
		expect(w.closesAt.toISOString()).toBe(closes);
	});

	it('lies inside its quarter, 14 days long, and ends where the next quarter begins', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1992, max: 2200 }), fc.constantFrom(1, 2, 3, 4), (year, quarter) => {
				const { opensAt, closesAt } = defaultRoundWindow(year, quarter);
				expect(quarterOf(opensAt)).toEqual({ year, quarter });
				expect(quarterOf(closesAt)).toEqual({ year, quarter });
				expect(closesAt.getTime() + 1 - opensAt.getTime()).toBe(14 * 24 * 3600_000);
				expect(quarterOf(new Date(closesAt.getTime() + 1))).toEqual(quarter === 4 ? { year: year + 1, quarter: 1 } : { year, quarter: quarter + 1 });
				expect(quarterOf(new Date(opensAt.getTime() + 14 * 24 * 3600_000))).not.toEqual({ year, quarter });
			})
		);
	});

	it.each([0, 5, 1.5])('refuses quarter %s', (q) => expect(() => defaultRoundWindow(2026, q)).toThrow(RangeError));
});

describe('addWorkingDays on the Shanghai calendar (public holidays not modelled)', () => {
	it.each([
		{ name: 'Friday + 1 is Monday', from: '2026-12-25T08:00:00Z', n: 1, to: '2026-12-28T08:00:00Z' },
		{ name: 'Saturday + 1 is Monday', from: '2026-12-26T02:00:00Z', n: 1, to: '2026-12-28T02:00:00Z' },
		{ name: 'Saturday 04:00 in Shanghai (Friday in UTC) + 1 is Monday 04:00 Shanghai', from: '2026-12-25T20:00:00Z', n: 1, to: '2026-12-27T20:00:00Z' },
		{ name: 'Thursday 31 Dec + 15 across the year end is Thursday 21 Jan', from: '2026-12-31T02:00:00Z', n: 15, to: '2027-01-21T02:00:00Z' },
		{ name: '+ 5 from a Wednesday is the next Wednesday', from: '2027-01-06T02:00:00Z', n: 5, to: '2027-01-13T02:00:00Z' },
		{ name: '+ 0 is the same moment', from: '2026-12-26T02:00:00Z', n: 0, to: '2026-12-26T02:00:00Z' }
	])('$name', ({ from, n, to }) => {
		expect(addWorkingDays(at(from), n)).toEqual(at(to));
	});

	it('lands on a weekday at the same time of day, with exactly n weekdays passed', () => {
		const shWeekday = (t: number) => new Date(t + 8 * 3600_000).getUTCDay();
		fc.assert(
			fc.property(fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 60 }), (d, n) => {
				const out = addWorkingDays(d, n).getTime();
				const days = (out - d.getTime()) / (24 * 3600_000);
				expect(Number.isInteger(days)).toBe(true);
				expect([1, 2, 3, 4, 5]).toContain(shWeekday(out));
				let weekdays = 0;
				for (let i = 1; i <= days; i++) if (![0, 6].includes(shWeekday(d.getTime() + i * 24 * 3600_000))) weekdays++;
				expect(weekdays).toBe(n);
			})
		);
	});

	it('refuses a negative count', () => expect(() => addWorkingDays(at('2026-12-26T02:00:00Z'), -1)).toThrow(RangeError));
});

describe('summarize: what a results page shows', () => {
	it('adds the cadres of 安公社区 back up to the published 2,212 ratings at 99.5%, and flags only the cadre under 90%', () => {
		// four cadres whose counts sum to the quarter's published figure
		const cadres = [counts(600, 60, 10, 1, 0), counts(500, 80, 20, 2, 1), counts(480, 60, 11, 1, 0), counts(320, 50, 10, 4, 2)];
		const total = addCounts(cadres);
		expect(total).toEqual(counts(1900, 250, 51, 8, 3));
		expect(summarize(total, 5, 900)).toEqual({
			shown: true,
			counts: total,
			valid: 2212,
			satisfaction: '99.5%',
			strict: '97.2%',
			mean: '4.82',
			satisfactionPermille: 995,
			flagged: false
		});
		const low = summarize(counts(3, 2, 3, 1, 1), 5, 900);
		expect(low).toMatchObject({ shown: true, satisfaction: '80.0%', flagged: true });
	});

	it('shows no number at all below the minimum count, and flags nobody there', () => {
		const s = summarize(counts(0, 0, 0, 2, 2), 5, 900);
		expect(s).toEqual({ shown: false, flagged: false });
		expect(summarize(counts(0, 0, 0, 3, 2), 5, 900)).toMatchObject({ shown: true, satisfaction: '0.0%', flagged: true });
	});
});
