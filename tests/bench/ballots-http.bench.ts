/**
 * Paper ballots recorded per second through the JSON API of the BUILT server (`node build/index.js`) on
 * real PostgreSQL: a fresh database, a community of UNITS units seeded by SQL, one binding vote over all
 * of them, then the committee records ballots for distinct units with CONCURRENCY requests in flight for
 * DURATION_MS. Needs DATABASE_URL (skipped with a message otherwise); builds first when build/ is missing.
 * Traffic goes to 127.0.0.1 only, and the loop stops by itself.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import postgres from 'postgres';
import type { BenchResult } from './run';

const UNITS = 20_000;
const CONCURRENCY = 20;
const DURATION_MS = 5_000;
/** the floor: fewer ballots per second than this fails the bench */
const FLOOR_PER_S = 50;
const PHONE = '13900000000';
const PASSWORD = 'bench-password-1';

/** progress on stderr, so a slow step shows where it is */
const step = (what: string) => process.stderr.write(`ballots-http: ${what}\n`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

async function waitUp(base: string, server: ChildProcess, log: string[]) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log.join('')}`);
		try {
			if ((await fetch(`${base}/api/v1/openapi.json`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`server did not start within 60 s:\n${log.join('')}`);
}

/** street, community, estate, 10 buildings × 2 entrances, UNITS units with distinct owners, a committee member */
async function seed(sql: postgres.Sql) {
	const [street] = await sql`insert into street (name) values ('压测街道') returning id`;
	const [community] = await sql`insert into community (street_id, name) values (${street.id}, '压测社区') returning id`;
	const [estate] = await sql`insert into estate (community_id, name) values (${community.id}, '压测小区') returning id`;
	const entrances: number[] = [];
	const buildings: number[] = [];
	for (let b = 1; b <= 10; b++) {
		const [building] = await sql`insert into building (community_id, estate_id, name) values (${community.id}, ${estate.id}, ${`${b}栋`}) returning id`;
		for (let e = 1; e <= 2; e++) {
			const [entrance] = await sql`insert into entrance (community_id, building_id, name) values (${community.id}, ${building.id}, ${`${e}单元`}) returning id`;
			entrances.push(entrance.id);
			buildings.push(building.id);
		}
	}
	const perEntrance = UNITS / entrances.length;
	await sql`
		insert into unit (community_id, building_id, entrance_id, room, area_dm2, owner_key, owner_name)
		select ${community.id}, (${buildings}::int[])[1 + (g - 1) / ${perEntrance}], (${entrances}::int[])[1 + (g - 1) / ${perEntrance}],
			(g - 1) % ${perEntrance} + 1, 6000 + (g * 7919) % 9000, 'B' || g, '业主' || g
		from generate_series(1, ${UNITS}) as g`;
	const [user] = await sql`insert into "user" (phone, name, password_hash)
		values (${PHONE}, '压测居委会', ${await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 })}) returning id`;
	await sql`insert into membership (user_id, community_id, role, status) values (${user.id}, ${community.id}, 'committee', 'verified')`;
	const units = await sql<{ id: number }[]>`select id from unit where community_id = ${community.id} order by id`;
	return { communityId: community.id as number, unitIds: units.map((u) => u.id) };
}

/** SIGTERM, and SIGKILL if the server is still draining connections after 5 s */
async function stop(server: ChildProcess) {
	if (server.exitCode !== null || server.signalCode !== null) return;
	const exited = new Promise((r) => server.once('exit', r));
	server.kill('SIGTERM');
	const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

export async function run(): Promise<BenchResult[]> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		console.log('skip ballots-http: set DATABASE_URL to a PostgreSQL server (a fresh database is made on it and dropped afterwards)');
		return [];
	}
	if (!existsSync(path.join(root, 'build/index.js'))) {
		console.log('ballots-http: build/ is missing, running npm run build …');
		const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
		if (built.status !== 0) throw new Error('npm run build failed');
	}

	const name = `yst_bench_${process.pid}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;

	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const log: string[] = [];
	const server = spawn(process.execPath, ['build/index.js'], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', ORIGIN: base, YST_DEMO: '' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout!.on('data', (d) => log.push(String(d)));
	server.stderr!.on('data', (d) => log.push(String(d)));
	const db = postgres(url.toString(), { max: 2, onnotice: () => {} });
	try {
		// the server migrates the fresh database at start-up; seed after that
		await waitUp(base, server, log);
		step('server up');
		const { communityId, unitIds } = await seed(db);
		step(`seeded ${unitIds.length} units`);

		const login = await fetch(`${base}/api/v1/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phone: PHONE, password: PASSWORD })
		});
		if (!login.ok) throw new Error(`login ${login.status}: ${await login.text()}`);
		const { token } = (await login.json()) as { token: string };
		step('signed in');
		const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
		const post = (p: string, body: unknown) => fetch(`${base}/api/v1${p}`, { method: 'POST', headers, body: JSON.stringify(body) });

		const created = await post(`/communities/${communityId}/votes`, { title: '压测：使用维修资金', kind: 'binding', matter: 'use_fund' });
		if (created.status !== 201) throw new Error(`create ${created.status}: ${await created.text()}`);
		const { id: voteId } = (await created.json()) as { id: number };
		const t0 = performance.now();
		const opened = await post(`/votes/${voteId}/open`, {});
		if (!opened.ok) throw new Error(`open ${opened.status}: ${await opened.text()}`);
		const openMs = performance.now() - t0;
		step(`vote ${voteId} open (${openMs.toFixed(0)} ms to freeze the roll)`);

		const choices = ['yes', 'yes', 'no', 'abstain'];
		let next = 0;
		let ok = 0;
		let refused = 0;
		const latencies: number[] = [];
		const start = performance.now();
		const until = start + DURATION_MS;
		const worker = async () => {
			while (performance.now() < until && next < unitIds.length) {
				const i = next++;
				const t = performance.now();
				const res = await post(`/votes/${voteId}/ballots`, { unitId: unitIds[i], choice: choices[i % 4], method: 'paper' });
				await res.arrayBuffer();
				latencies.push(performance.now() - t);
				if (res.status === 201) ok++;
				else refused++;
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		const elapsed = (performance.now() - start) / 1000;
		step(`${ok} ballots in ${elapsed.toFixed(1)} s`);

		// the server's own count agrees with what was accepted
		const result = (await (await fetch(`${base}/api/v1/votes/${voteId}/result`, { headers })).json()) as { participated: { heads: number } };
		if (result.participated.heads !== ok) throw new Error(`the result counts ${result.participated.heads} ballots, ${ok} were accepted`);
		latencies.sort((a, b) => a - b);
		const perS = ok / elapsed;
		return [
			{
				name: `ballots recorded over HTTP (built server, PostgreSQL, ${CONCURRENCY} in flight, ${UNITS} units)`,
				value: perS,
				unit: 'ballots/s',
				budget: FLOOR_PER_S,
				better: 'higher',
				detail: {
					ballots: ok,
					refused,
					seconds: elapsed.toFixed(1),
					p50ms: latencies[Math.floor(latencies.length / 2)].toFixed(1),
					p95ms: latencies[Math.floor(latencies.length * 0.95)].toFixed(1),
					openRollMs: openMs.toFixed(0)
				}
			}
		];
	} finally {
		await stop(server);
		await db.end({ timeout: 5 });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 5 });
	}
}
