/** A 600,000 元 cost split by area over 10,000 households: median of 21 runs under 50 ms. */
import { split, type Household } from '../../src/lib/domain/cost-split';
import type { BenchResult } from './run';

const HOUSEHOLDS = 10_000;
const TOTAL_FEN = 60_000_000;
const RUNS = 21;
const BUDGET_MS = 50;

/** deterministic pseudo-random numbers, so every run splits the same estate */
function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export function estate(): Household[] {
	const rnd = lcg(283);
	// 50–200 m², 1–33 floors
	return Array.from({ length: HOUSEHOLDS }, (_, i) => ({ id: i + 1, areaDm2: 5000 + Math.floor(rnd() * 15000), floor: 1 + Math.floor(rnd() * 33) }));
}

export function run(): BenchResult[] {
	const households = estate();
	const times: number[] = [];
	let allocated = 0;
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		const r = split(TOTAL_FEN, households, { kind: 'area' });
		times.push(performance.now() - t0);
		if (!r.ok) throw new Error(`split failed: ${r.error.code}`);
		allocated = r.shares.reduce((a, s) => a + s.fen, 0);
	}
	times.sort((a, b) => a - b);
	return [
		{
			name: 'cost split by area, 10000 households, median',
			value: times[Math.floor(RUNS / 2)],
			unit: 'ms',
			budget: BUDGET_MS,
			detail: { runs: RUNS, households: HOUSEHOLDS, allocated, exact: String(allocated === TOTAL_FEN), min: times[0].toFixed(1), max: times[RUNS - 1].toFixed(1) }
		}
	];
}
