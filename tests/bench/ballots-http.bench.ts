/**
 * Paper ballots recorded per second through the JSON API of the BUILT server (`node src/server.js`, what
 * `npm start` runs) on real PostgreSQL, and in the same run the ceiling: a bare Node HTTP server
 * (bare-ballot-server.mjs) doing the same single insert with postgres.js. A fresh database, a community of UNITS
 * units seeded by SQL, two binding votes over all of them (one per server), then CONNECTIONS requests in flight
 * (autocannon) for SECONDS per side, in turns bare, API, API, bare; each request a distinct unit. The target: the API reaches at least half of the bare ceiling.
 * Needs DATABASE_URL (skipped with a message otherwise); builds first when build/ is missing.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchResult } from './run';
import { freePort, load, root, seedCommunity, SHORT, signIn, startServer, step, stop, waitUp, type Load } from './harness';

/** several turns as one: answers over total time, the slower turn's p50/p99 */
function combined(turns: Load[]): Load {
	const sum = (f: (l: Load) => number) => turns.reduce((a, l) => a + f(l), 0);
	const seconds = sum((l) => l.seconds);
	return {
		ok: sum((l) => l.ok),
		other: sum((l) => l.other),
		errors: sum((l) => l.errors),
		seconds,
		okPerS: sum((l) => l.ok) / seconds,
		p50: Math.max(...turns.map((l) => l.p50)),
		p99: Math.max(...turns.map((l) => l.p99))
	};
}

const UNITS = 100_000;
const CONNECTIONS = 20;
const SECONDS = SHORT ? 2 : 6;
/** floors: fewer API ballots per second, or a smaller share of the bare ceiling, fails the bench */
const FLOOR_PER_S = 50;
const FLOOR_RATIO = 0.5;
const CHOICES = ['yes', 'yes', 'no', 'abstain'];

const say = (what: string) => step('ballots-http', what);

export async function run(): Promise<BenchResult[]> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		console.log('skip ballots-http: set DATABASE_URL to a PostgreSQL server (a fresh database is made on it and dropped afterwards)');
		return [];
	}
	const app = await startServer(serverUrl, `yst_bench_${process.pid}`);
	try {
		say('server up');
		const { communityId, userId, unitIds } = await seedCommunity(app.sql, UNITS);
		say(`seeded ${unitIds.length} units`);
		const token = await signIn(app.base);
		const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
		const post = (p: string, body: unknown) => fetch(`${app.base}/api/v1${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
		const openVote = async (title: string) => {
			const created = await post(`/communities/${communityId}/votes`, { title, kind: 'binding', matter: 'use_fund' });
			if (created.status !== 201) throw new Error(`create ${created.status}: ${await created.text()}`);
			const { id } = (await created.json()) as { id: number };
			const t0 = performance.now();
			const opened = await post(`/votes/${id}/open`, {});
			if (!opened.ok) throw new Error(`open ${opened.status}: ${await opened.text()}`);
			return { id, openMs: performance.now() - t0 };
		};
		const bareVote = await openVote('压测：裸服务器上限');
		const apiVote = await openVote('压测：使用维修资金');
		say(`votes open (${apiVote.openMs.toFixed(0)} ms to freeze a roll of ${UNITS} units)`);
		const counted = async (voteId: number) => Number((await app.sql`select count(*)::int as n from vote_ballot where vote_id = ${voteId}`)[0].n);
		// each vote's ballots go to distinct units, round after round
		const next = { bare: 0, api: 0 };
		const ballots = (side: 'bare' | 'api') => {
			const start = next[side];
			return (i: number) => JSON.stringify({ unitId: unitIds[(start + i) % unitIds.length], choice: CHOICES[i % 4], method: 'paper' });
		};

		const port = await freePort();
		const log: string[] = [];
		const bare = spawn(process.execPath, [path.join(root, 'tests/bench/bare-ballot-server.mjs')], {
			env: { ...process.env, DATABASE_URL: app.url, PORT: String(port), VOTE_ID: String(bareVote.id), COMMUNITY_ID: String(communityId), USER_ID: String(userId) },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		bare.stdout!.on('data', (d) => log.push(String(d)));
		bare.stderr!.on('data', (d) => log.push(String(d)));
		// the two take turns in the order bare, API, API, bare, so that neither gains from going first or last (the
		// table and its indexes grow, autovacuum and checkpoints come along); each side's figure is over its two turns
		const runs = { bare: [] as Load[], api: [] as Load[] };
		const answered = { bare: 0, api: 0 };
		try {
			await waitUp(`http://127.0.0.1:${port}/`, bare, log);
			// a warm-up turn each first (connections opened, statements prepared, code compiled), not counted
			const turns = [['bare', true], ['api', true], ['bare', false], ['api', false], ['api', false], ['bare', false]] as const;
			for (const [side, warmUp] of turns) {
				const seconds = warmUp ? 1 : SECONDS / 2;
				const l =
					side === 'bare'
						? await load({ url: `http://127.0.0.1:${port}/`, method: 'POST', connections: CONNECTIONS, seconds, headers: { 'content-type': 'application/json' }, body: ballots('bare') })
						: await load({ url: `${app.base}/api/v1/votes/${apiVote.id}/ballots`, method: 'POST', connections: CONNECTIONS, seconds, headers, body: ballots('api') });
				say(`${side}${warmUp ? ' (warm-up)' : ''}: ${l.ok} in ${l.seconds} s (${l.other} other answers, ${l.errors} errors)`);
				if (l.other > 0 || l.errors > 0) {
					throw new Error(`${side} refused ${l.other} and failed ${l.errors}:\n${(side === 'bare' ? log : app.log).join('').slice(-3000)}`);
				}
				// requests cut off by the end of a turn may still land: leave a gap of connections' worth of units
				next[side] += l.ok + l.other + CONNECTIONS;
				if (next[side] > unitIds.length) throw new Error(`more than ${UNITS} ${side} ballots: raise UNITS`);
				if (!warmUp) runs[side].push(l);
				answered[side] += l.ok;
			}
		} finally {
			await stop(bare);
		}
		const ceiling = combined(runs.bare);
		const api = combined(runs.api);

		// the server's own count agrees with what was accepted (requests cut off by the end of the run may land a moment later)
		await new Promise((r) => setTimeout(r, 1_000));
		const result = (await (await fetch(`${app.base}/api/v1/votes/${apiVote.id}/result`, { headers })).json()) as { participated: { heads: number } };
		const stored = await counted(apiVote.id);
		if (result.participated.heads !== stored || stored < answered.api || stored > answered.api + CONNECTIONS * 3) {
			throw new Error(`the result counts ${result.participated.heads}, the table ${stored}, ${answered.api} were answered 201`);
		}
		const ratio = api.okPerS / ceiling.okPerS;
		const detail = (l: typeof api) => ({ answered: l.ok, seconds: l.seconds, p50ms: l.p50, p99ms: l.p99 });
		return [
			{
				name: `ballots recorded over HTTP (built server, PostgreSQL, ${CONNECTIONS} connections, ${UNITS} units)`,
				value: api.okPerS,
				unit: 'ballots/s',
				budget: FLOOR_PER_S,
				better: 'higher',
				target: true,
				detail: { ...detail(api), openRollMs: apiVote.openMs.toFixed(0) }
			},
			{
				name: 'ceiling: bare Node HTTP server, the same insert with postgres.js',
				value: ceiling.okPerS,
				unit: 'inserts/s',
				budget: 0,
				better: 'higher',
				detail: detail(ceiling)
			},
			{ name: 'API ballots as a share of the bare ceiling', value: ratio, unit: '×', budget: FLOOR_RATIO, better: 'higher', target: true }
		];
	} finally {
		await app.close();
	}
}
