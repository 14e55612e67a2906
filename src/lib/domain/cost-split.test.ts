import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { floorOfRoom, formatYuan, parseYuan, prorata, split, TIE_BREAK, type Household, type SplitResult, type SplitRule } from './cost-split';

const flats = (areas: number[], floors?: number[]): Household[] =>
	areas.map((areaDm2, i) => ({ id: i + 1, areaDm2, floor: floors?.[i] ?? 1 }));

const fenOf = (r: SplitResult) => {
	if (!r.ok) throw new Error(`split failed: ${JSON.stringify(r.error)}`);
	return r.shares.map((s) => s.fen);
};

// elevator weights: ground floor pays nothing, each floor above a little more
const ELEVATOR = { 1: 0, 2: 1000, 3: 1200, 4: 1400, 5: 1600, 6: 1800 };

describe('split', () => {
	it.each([
		{ name: '8,000 元 equally among 4 households', total: 800000, hh: flats([1, 1, 1, 1]), rule: { kind: 'equal' }, want: [200000, 200000, 200000, 200000] },
		{ name: '100 分 equally among 3: the lowest id gets the extra 分', total: 100, hh: flats([1, 1, 1]), rule: { kind: 'equal' }, want: [34, 33, 33] },
		{ name: '101 分 equally among 3: two extra 分 to ids 1 and 2', total: 101, hh: flats([1, 1, 1]), rule: { kind: 'equal' }, want: [34, 34, 33] },
		{ name: '1 分 among 3: only id 1 pays', total: 1, hh: flats([1, 1, 1]), rule: { kind: 'equal' }, want: [1, 0, 0] },
		{ name: 'by area: 90 m² and 60 m² share 1,000 元 as 600 and 400', total: 100000, hh: flats([9000, 6000]), rule: { kind: 'area' }, want: [60000, 40000] },
		{ name: 'by area: the largest remainder gets the odd 分, not the lowest id', total: 10, hh: flats([1, 2, 4]), rule: { kind: 'area' }, want: [1, 3, 6] },
		{ name: 'by area: a unit with no registered area pays nothing', total: 999, hh: flats([0, 5000, 5000]), rule: { kind: 'area' }, want: [0, 500, 499] },
		{
			name: 'by floor: ground floor 0, upper floors by coefficient',
			total: 6000,
			hh: flats([1, 1, 1, 1], [1, 2, 3, 4]),
			rule: { kind: 'floor', coefficients: ELEVATOR },
			// weights 0, 1000, 1200, 1400 of 3600
			want: [0, 1667, 2000, 2333]
		},
		{ name: 'voluntary: nobody owes anything by rule', total: 800000, hh: flats([9000, 6000]), rule: { kind: 'voluntary' }, want: [0, 0] },
		{ name: 'a zero total splits into zeros', total: 0, hh: flats([9000, 6000]), rule: { kind: 'area' }, want: [0, 0] }
	] as { name: string; total: number; hh: Household[]; rule: SplitRule; want: number[] }[])('$name', ({ total, hh, rule, want }) => {
		const r = split(total, hh, rule);
		expect(fenOf(r)).toEqual(want);
		expect(r.ok && r.tieBreak).toBe('household-id-ascending');
	});

	it('600,000 元 by area over 329 households sums exactly, where total × area passes 2^53', () => {
		const hh = Array.from({ length: 329 }, (_, i) => ({ id: 1000 + i, areaDm2: 4_000_000_000 + i * 7919, floor: 1 }));
		const fen = fenOf(split(60_000_000, hh, { kind: 'area' }));
		expect(fen.reduce((a, b) => a + b, 0)).toBe(60_000_000);
		expect(60_000_000 * hh[0].areaDm2).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
	});

	it.each([
		{ name: 'everyone on the ground floor', total: 100, hh: flats([1, 1], [1, 1]), rule: { kind: 'floor', coefficients: ELEVATOR }, error: { code: 'zero_total_weight' } },
		{ name: 'every area zero', total: 100, hh: flats([0, 0]), rule: { kind: 'area' }, error: { code: 'zero_total_weight' } },
		{ name: 'no households at all', total: 100, hh: [], rule: { kind: 'equal' }, error: { code: 'zero_total_weight' } },
		{ name: 'a floor missing from the coefficients', total: 100, hh: flats([1, 1], [2, 9]), rule: { kind: 'floor', coefficients: ELEVATOR }, error: { code: 'missing_floor_coefficient', floor: 9 } },
		{ name: 'a negative coefficient', total: 100, hh: flats([1], [2]), rule: { kind: 'floor', coefficients: { 2: -5 } }, error: { code: 'invalid_coefficient', floor: 2 } },
		{ name: 'a fractional coefficient', total: 100, hh: flats([1], [2]), rule: { kind: 'floor', coefficients: { 2: 1.5 } }, error: { code: 'invalid_coefficient', floor: 2 } },
		{ name: 'a negative total', total: -1, hh: flats([1]), rule: { kind: 'equal' }, error: { code: 'invalid_total', totalFen: -1 } },
		{ name: 'a total in fractions of a 分', total: 10.5, hh: flats([1]), rule: { kind: 'equal' }, error: { code: 'invalid_total', totalFen: 10.5 } },
		{ name: 'a negative area', total: 100, hh: flats([5, -5]), rule: { kind: 'area' }, error: { code: 'invalid_household', id: 2 } },
		{ name: 'the same household twice', total: 100, hh: [...flats([5]), ...flats([5])], rule: { kind: 'area' }, error: { code: 'duplicate_household', id: 1 } }
	] as { name: string; total: number; hh: Household[]; rule: SplitRule; error: object }[])('refused with an error value: $name', ({ total, hh, rule, error }) => {
		expect(split(total, hh, rule)).toEqual({ ok: false, error });
	});
});

describe('split properties', () => {
	const household = fc.record({ areaDm2: fc.integer({ min: 0, max: 100_000_000 }), floor: fc.integer({ min: 1, max: 6 }) });
	// the length is drawn first: fast-check's default sizing would rarely build more than a few dozen
	const households = fc
		.integer({ min: 1, max: 2000 })
		.chain((n) => fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { minLength: n, maxLength: n }))
		.chain((ids) => fc.tuple(fc.constant(ids), fc.array(household, { minLength: ids.length, maxLength: ids.length })))
		.map(([ids, hs]) => ids.map((id, i) => ({ id, ...hs[i] })));
	const rule: fc.Arbitrary<SplitRule> = fc.oneof(
		fc.constant({ kind: 'equal' } as const),
		fc.constant({ kind: 'area' } as const),
		fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 6, maxLength: 6 }).map((c) => ({
			kind: 'floor' as const,
			coefficients: Object.fromEntries(c.map((w, i) => [i + 1, w]))
		}))
	);
	const total = fc.integer({ min: 0, max: 1_000_000_000 });

	it('sums exactly, never negative, always within 1 分 of the exact share, and never charges a weight of 0', () => {
		fc.assert(
			fc.property(total, households, rule, (t, hh, rl) => {
				const r = split(t, hh, rl);
				if (!r.ok) {
					expect(r.error.code).toBe('zero_total_weight');
					return;
				}
				const sumW = r.shares.reduce((a, s) => a + BigInt(s.weight), 0n);
				expect(r.shares.reduce((a, s) => a + s.fen, 0)).toBe(t);
				for (const s of r.shares) {
					expect(s.fen).toBeGreaterThanOrEqual(0);
					// |fen − t·w/Σw| < 1  ⇔  |fen·Σw − t·w| < Σw
					const diff = BigInt(s.fen) * sumW - BigInt(t) * BigInt(s.weight);
					expect(diff < sumW && -diff < sumW).toBe(true);
					if (s.weight === 0) expect(s.fen).toBe(0);
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('gives each household the same share whatever the input order, and the same on every run', () => {
		fc.assert(
			fc.property(
				total,
				households.chain((hh) => fc.tuple(fc.constant(hh), fc.shuffledSubarray(hh, { minLength: hh.length, maxLength: hh.length }))),
				rule,
				(t, [hh, shuffled], rl) => {
					const a = split(t, hh, rl);
					const b = split(t, shuffled, rl);
					expect(split(t, hh, rl)).toEqual(a);
					if (!a.ok || !b.ok) {
						expect(b.ok).toBe(a.ok);
						return;
					}
					const byId = (r: typeof a) => new Map(r.shares.map((s) => [s.id, s.fen]));
					expect(byId(b)).toEqual(byId(a));
				}
			),
			{ numRuns: 40 }
		);
	});

	it('a voluntary plan charges nobody anything by rule, whatever the amount', () => {
		fc.assert(
			fc.property(total, households, (t, hh) => {
				const r = split(t, hh, { kind: 'voluntary' });
				expect(r.ok).toBe(true);
				if (r.ok) {
					expect(r.allocatedFen).toBe(0);
					expect(r.shares.every((s) => s.fen === 0)).toBe(true);
				}
			}),
			{ numRuns: 20 }
		);
	});

	it('a surplus refunded pro rata sums exactly to the surplus and gives nobody more than 1 分 beyond their part', () => {
		const parts = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 1_000_000 }), weight: fc.integer({ min: 1, max: 100_000_000 }) }), {
			minLength: 1,
			maxLength: 300,
			selector: (p) => p.id
		});
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 100_000_000 }), parts, (t, ps) => {
				const r = prorata(t, ps);
				expect(r.ok).toBe(true);
				if (!r.ok) return;
				expect(r.shares.reduce((a, s) => a + s.fen, 0)).toBe(t);
				const sumW = ps.reduce((a, p) => a + BigInt(p.weight), 0n);
				for (const s of r.shares) {
					expect(s.fen).toBeGreaterThanOrEqual(0);
					const diff = BigInt(s.fen) * sumW - BigInt(t) * BigInt(s.weight);
					expect(diff < sumW && -diff < sumW).toBe(true);
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('the tie-break is stated in the result', () => {
		expect(TIE_BREAK).toBe('household-id-ascending');
	});
});

describe('formatYuan', () => {
	it.each([
		[800000, '8000.00'],
		[800050, '8000.50'],
		[1, '0.01'],
		[0, '0.00'],
		[-1250, '-12.50'],
		[-5, '-0.05'],
		[60_000_000, '600000.00']
	])('%i 分 reads %s', (fen, text) => expect(formatYuan(fen)).toBe(text));

	it('refuses fractions of a 分', () => expect(() => formatYuan(1.5)).toThrow(RangeError));
});

describe('parseYuan', () => {
	it.each([
		['8000.5', 800050],
		['8000', 800000],
		['8000.50', 800050],
		['0.29', 29],
		['0.01', 1],
		[' 12 ', 1200],
		['-12.50', -1250],
		['-0', 0],
		['８０００．５', 800050],
		['90071992547409.91', 9007199254740991]
	])('%s reads %i 分', (text, fen) => expect(parseYuan(text)).toBe(fen));

	it.each(['8000.505', 'abc', '', '8,000', '1e3', '.5', '8000.', '+5', '12元', '0x10', '90071992547409.92', 'NaN', '- 5'])(
		'%s is refused',
		(text) => expect(parseYuan(text)).toBeNull()
	);

	it('reads back whatever formatYuan writes', () => {
		fc.assert(fc.property(fc.maxSafeInteger(), (fen) => {
				expect(parseYuan(formatYuan(fen))).toBe(fen === 0 ? 0 : fen);
			})
		);
	});
});

describe('floorOfRoom', () => {
	it.each([
		['301', 3],
		['1502', 15],
		['101', 1],
		['12', 1],
		['A座', 1],
		['2-0603', 6]
	])('room %s is on floor %i', (room, floor) => expect(floorOfRoom(room)).toBe(floor));
});
