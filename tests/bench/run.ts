/**
 * Runs every tests/bench/*.bench.ts module's exported run() in turn, prints its figures, and exits
 * non-zero when any bench is over its budget.   npm run bench [-- name-filter]
 * BENCH_SHORT=1 (CI): shorter timed runs; the server-under-load figures are printed (MISS) but not judged.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
	name: string;
	/** the figure compared with the budget, e.g. the median in ms */
	value: number;
	unit: string;
	/** a ceiling, or a floor when `better` is 'higher' (e.g. ballots per second) */
	budget: number;
	better?: 'lower' | 'higher';
	/**
	 * a figure of the server under load (throughput, ratio to the ceiling, p99): judged in a full run; a short run
	 * (BENCH_SHORT=1, CI on a possibly shared machine) is too brief to judge it, so there a miss is printed, not failed
	 */
	target?: boolean;
	/** anything else worth printing */
	detail?: Record<string, number | string>;
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
	.sort();

let over = 0;
const all: BenchResult[] = [];
for (const file of files) {
	const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<BenchResult[]> | BenchResult[] };
	for (const r of await mod.run()) {
		all.push(r);
		const ok = r.better === 'higher' ? r.value >= r.budget : r.value <= r.budget;
		const judged = !(r.target && process.env.BENCH_SHORT === '1');
		if (!ok && judged) over++;
		const extra = r.detail ? ' ' + Object.entries(r.detail).map(([k, v]) => `${k}=${v}`).join(' ') : '';
		console.log(`${ok ? 'ok  ' : judged ? 'FAIL' : 'MISS'} ${r.name}: ${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit} (${r.better === 'higher' ? 'floor' : 'budget'} ${r.budget} ${r.unit})${extra}`);
	}
}
console.log(`${all.length - over} passed, ${over} failed`);
process.exit(over > 0 ? 1 : 0);
