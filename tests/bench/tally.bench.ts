/** The Art. 278 tally for a 100,000-unit community with 80,000 ballots: median of 21 runs under 200 ms. */
import { buildRoll, RULES, tally, type Ballot, type Choice, type RollUnit } from '../../src/lib/domain/art278';
import type { BenchResult } from './run';

const UNITS = 100_000;
const BALLOTS = 80_000;
const RUNS = 21;
const BUDGET_MS = 200;

/** deterministic pseudo-random numbers, so every run counts the same community */
function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export function community(): { roll: ReturnType<typeof buildRoll>; ballots: Ballot[] } {
	const rnd = lcg(278);
	const units: RollUnit[] = [];
	for (let i = 0; i < UNITS; i++) {
		// one owner in ten holds a second unit; 2% of units are still the developer's
		const ownerKey = rnd() < 0.1 ? `P${Math.floor(rnd() * 10_000)}` : `U${i}`;
		units.push({ id: i + 1, ownerKey, areaDm2: 5000 + Math.floor(rnd() * 15000), developer: rnd() < 0.02 });
	}
	const roll = buildRoll(units);
	const choices: Choice[] = ['yes', 'yes', 'yes', 'no', 'abstain'];
	const ballots: Ballot[] = roll.slice(0, Math.min(BALLOTS, roll.length)).map((h) => ({ key: h.key, choice: choices[Math.floor(rnd() * 5)] }));
	return { roll, ballots };
}

export function run(): BenchResult[] {
	const { roll, ballots } = community();
	const rule = RULES['civil-code-2021'];
	const times: number[] = [];
	let passed = false;
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		passed = tally(roll, ballots, rule, 'special').passed;
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return [
		{
			name: 'art278 tally, 100000 units / 80000 ballots, median',
			value: times[Math.floor(RUNS / 2)],
			unit: 'ms',
			budget: BUDGET_MS,
			detail: { runs: RUNS, heads: roll.length, ballots: ballots.length, min: times[0].toFixed(1), max: times[RUNS - 1].toFixed(1), passed: String(passed) }
		}
	];
}
