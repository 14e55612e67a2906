/**
 * Runs every tests/bench/*.bench.ts module's exported run() in turn, prints its figures, and exits
 * non-zero when any bench is over its budget.   npm run bench [-- name-filter]
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
		if (!ok) over++;
		const extra = r.detail ? ' ' + Object.entries(r.detail).map(([k, v]) => `${k}=${v}`).join(' ') : '';
		console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.value.toFixed(1)} ${r.unit} (${r.better === 'higher' ? 'floor' : 'budget'} ${r.budget} ${r.unit})${extra}`);
	}
}
console.log(`${all.length - over} passed, ${over} failed`);
process.exit(over > 0 ? 1 : 0);
