/**
 * Issue 15's first figure: a binding vote opened over 100,000 units with 100,000 owner accounts, on the BUILT server
 * and real PostgreSQL. Every owner's inbox item is written by the opening itself (one INSERT … SELECT in its
 * transaction), so the time until the open request answers is the time until every item exists; the bench also
 * counts them. Meanwhile 20 connections record paper ballots on another open vote over the same units: their p99
 * during the fan-out is the second figure. Needs DATABASE_URL (skipped otherwise); builds first when build/ is missing.
 */
import type { BenchResult } from './run';
import { load, seedCommunity, SHORT, signIn, startServer, step } from './harness';

const UNITS = 100_000;
const CONNECTIONS = 20;
/** the ballots' load runs this long, the vote opening one second into it */
const SECONDS = SHORT ? 6 : 12;
const BUDGET_MS = 10_000;
const BALLOT_P99_MS = 100;
const CHOICES = ['yes', 'yes', 'no', 'abstain'];

const say = (what: string) => step('fanout', what);

export async function run(): Promise<BenchResult[]> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		console.log('skip fanout: set DATABASE_URL to a PostgreSQL server (a fresh database is made on it and dropped afterwards)');
		return [];
	}
	const app = await startServer(serverUrl, `yst_fanout_${process.pid}`);
	try {
		const { communityId, unitIds } = await seedCommunity(app.sql, UNITS);
		// one verified owner account per unit, as a bulk import leaves them (not analysed since)
		await app.sql`insert into "user" (phone, name, password_hash) select 'F' || g, '业主' || g, 'x' from generate_series(1, ${UNITS}) g`;
		await app.sql`insert into membership (user_id, community_id, role, unit_id, status)
			select u.id, ${communityId}, 'owner', un.id, 'verified'
			from unit un join "user" u on u.phone = 'F' || substr(un.owner_key, 2)
			where un.community_id = ${communityId}`;
		say(`seeded ${unitIds.length} units and ${UNITS} owners`);
		const token = await signIn(app.base);
		const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
		const post = (p: string, body: unknown) => fetch(`${app.base}/api/v1${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
		const create = async (title: string) => {
			const created = await post(`/communities/${communityId}/votes`, { title, kind: 'binding', matter: 'use_fund' });
			if (created.status !== 201) throw new Error(`create ${created.status}: ${await created.text()}`);
			return ((await created.json()) as { id: number }).id;
		};
		const open = async (id: number) => {
			const t0 = performance.now();
			const opened = await post(`/votes/${id}/open`, {});
			if (!opened.ok) throw new Error(`open ${opened.status}: ${await opened.text()}`);
			return performance.now() - t0;
		};
		const itemsOf = async (id: number) => Number((await app.sql`select count(*)::int as n from inbox_item where event_key = ${`vote:${id}:opened`}`)[0].n);

		// the vote the ballots go to: opened first (its own fan-out is the warm-up), then a short warm-up of ballots
		const ballotVote = await create('压测：投票中的表决');
		const firstMs = await open(ballotVote);
		say(`first vote open with its ${await itemsOf(ballotVote)} items in ${firstMs.toFixed(0)} ms`);
		let next = 0;
		const body = () => JSON.stringify({ unitId: unitIds[next++ % unitIds.length], choice: CHOICES[next % 4], method: 'paper' });
		await load({ url: `${app.base}/api/v1/votes/${ballotVote}/ballots`, method: 'POST', connections: CONNECTIONS, seconds: 1, headers, body });
		next += CONNECTIONS;

		const fanVote = await create('压测：表决开始通知');
		const during = load({ url: `${app.base}/api/v1/votes/${ballotVote}/ballots`, method: 'POST', connections: CONNECTIONS, seconds: SECONDS, headers, body });
		await new Promise((r) => setTimeout(r, 1_000));
		const openMs = await open(fanVote);
		const items = await itemsOf(fanVote);
		const ballots = await during;
		say(`fan-out: ${items} items in ${openMs.toFixed(0)} ms; ballots meanwhile: ${ballots.ok} (p99 ${ballots.p99} ms, ${ballots.other} other, ${ballots.errors} errors)`);
		if (items !== UNITS) throw new Error(`${items} inbox items for ${UNITS} owners`);
		if (ballots.other > 0 || ballots.errors > 0) throw new Error(`ballots refused ${ballots.other}, failed ${ballots.errors}:\n${app.log.join('').slice(-3000)}`);
		return [
			{
				name: `a binding vote opened over ${UNITS} units: every owner's inbox item written (built server, PostgreSQL)`,
				value: openMs,
				unit: 'ms',
				budget: BUDGET_MS,
				target: true,
				detail: { items, firstOpenMs: firstMs.toFixed(0) }
			},
			{
				name: `paper ballot p99 during the fan-out (${CONNECTIONS} connections)`,
				value: ballots.p99,
				unit: 'ms',
				budget: BALLOT_P99_MS,
				target: true,
				detail: { answered: ballots.ok, seconds: ballots.seconds, p50ms: ballots.p50, ballotsPerS: ballots.okPerS.toFixed(0) }
			}
		];
	} finally {
		await app.close();
	}
}
