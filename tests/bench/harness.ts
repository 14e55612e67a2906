/**
 * Shared pieces of the server benches: a fresh PostgreSQL database, the BUILT server (`node build/index.js`)
 * on a free port, a bench community seeded by SQL, sign-in, and a load run through autocannon.
 * BENCH_SHORT=1 (CI) shortens every timed run; the figures in the README come from a full run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { freePort } from '../e2e/instances';

export const SHORT = process.env.BENCH_SHORT === '1';
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PHONE = '13900000000';
export const PASSWORD = 'bench-password-1';

/** progress on stderr, so a slow step shows where it is */
export const step = (bench: string, what: string) => process.stderr.write(`${bench}: ${what}\n`);

export { freePort };

export async function waitUp(url: string, child: ChildProcess, log: string[], okStatus = (s: number) => s < 500) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log.join('')}`);
		try {
			if (okStatus((await fetch(url)).status)) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${url} did not answer within 60 s:\n${log.join('')}`);
}

/** SIGTERM, and SIGKILL if the process is still draining connections after 5 s */
export async function stop(child: ChildProcess) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

export function ensureBuilt() {
	if (existsSync(path.join(root, 'build/index.js'))) return;
	console.log('build/ is missing, running npm run build …');
	const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) throw new Error('npm run build failed');
}

export interface BenchServer {
	base: string;
	/** the fresh database's URL */
	url: string;
	/** a small pool on the same database, for seeding and checks */
	sql: postgres.Sql;
	log: string[];
	/** the server's process id (for its CPU time) */
	pid: number;
	/** stops the server and drops the database */
	close: () => Promise<void>;
}

/** the built server on a fresh database NAME beside DATABASE_URL's, migrated and answering */
export async function startServer(serverUrl: string, name: string): Promise<BenchServer> {
	ensureBuilt();
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	const u = new URL(serverUrl);
	u.pathname = `/${name}`;
	const url = u.toString();
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const log: string[] = [];
	// BENCH_SERVER_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server under load
	const nodeArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
	const child = spawn(process.execPath, [...nodeArgs, 'src/server.js'], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', ORIGIN: base, YST_DEMO: '', SHUTDOWN_TIMEOUT: '1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => log.push(String(d)));
	child.stderr!.on('data', (d) => log.push(String(d)));
	const sql = postgres(url, { max: 2, onnotice: () => {} });
	// the server migrates the fresh database at start-up
	await waitUp(`${base}/api/v1/openapi.json`, child, log, (s) => s === 200);
	return {
		base,
		url,
		sql,
		log,
		pid: child.pid!,
		async close() {
			await stop(child);
			await sql.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}

/** street, community, estate, 10 buildings × 2 entrances, `units` units with distinct owners, a committee member */
export async function seedCommunity(sql: postgres.Sql, units: number) {
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
	const perEntrance = Math.ceil(units / entrances.length);
	await sql`
		insert into unit (community_id, building_id, entrance_id, room, area_dm2, owner_key, owner_name)
		select ${community.id}, (${buildings}::int[])[1 + (g - 1) / ${perEntrance}], (${entrances}::int[])[1 + (g - 1) / ${perEntrance}],
			(g - 1) % ${perEntrance} + 1, 6000 + (g * 7919) % 9000, 'B' || g, '业主' || g
		from generate_series(1, ${units}) as g`;
	const [user] = await sql`insert into "user" (phone, name, password_hash)
		values (${PHONE}, '压测居委会', ${await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 })}) returning id`;
	await sql`insert into membership (user_id, community_id, role, status) values (${user.id}, ${community.id}, 'committee', 'verified')`;
	const rows = await sql<{ id: number }[]>`select id from unit where community_id = ${community.id} order by id`;
	return { communityId: community.id as number, userId: user.id as number, estateId: estate.id as number, unitIds: rows.map((r) => r.id) };
}

/** the committee member's session token */
export async function signIn(base: string): Promise<string> {
	const res = await fetch(`${base}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ phone: PHONE, password: PASSWORD })
	});
	if (!res.ok) throw new Error(`login ${res.status}: ${await res.text()}`);
	return ((await res.json()) as { token: string }).token;
}

/**
 * CPU time used so far (ms) by the given processes and by PostgreSQL's backends serving database `db`, from /proc
 * (Linux; zeros elsewhere). The difference over a run, divided by its requests, is each side's CPU per request: a
 * figure that a busy shared machine disturbs far less than throughput or latency.
 */
export function cpuMs(pids: number[], db: string): { node: number; pg: number } {
	const ticks = (pid: number | string) => {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
		} catch {
			return 0;
		}
	};
	let pg = 0;
	try {
		for (const pid of readdirSync('/proc')) {
			if (!/^\d+$/.test(pid)) continue;
			let cmd = '';
			try {
				cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			} catch {
				continue;
			}
			if (cmd.startsWith('postgres: ') && cmd.includes(` ${db} `)) pg += ticks(pid);
		}
	} catch {
		// no /proc
	}
	// clock ticks are 1/100 s on Linux
	return { node: pids.reduce((a, p) => a + ticks(p), 0) * 10, pg: pg * 10 };
}

export interface Load {
	/** completed requests with a 2xx answer per second */
	okPerS: number;
	ok: number;
	other: number;
	errors: number;
	seconds: number;
	p50: number;
	p99: number;
}

/** autocannon against one URL for `seconds`, `connections` at a time; `body(i)` gives the i-th request's body */
export async function load(opts: {
	url: string;
	connections: number;
	seconds: number;
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	body?: (i: number) => string;
}): Promise<Load> {
	let i = 0;
	const make = opts.body;
	const result = await autocannon({
		url: opts.url,
		connections: opts.connections,
		duration: opts.seconds,
		method: opts.method ?? 'GET',
		headers: opts.headers,
		requests: make ? [{ setupRequest: (req) => ({ ...req, body: make(i++) }) }] : undefined
	});
	const ok = result['2xx'];
	return {
		okPerS: ok / result.duration,
		ok,
		other: result.non2xx,
		errors: result.errors + result.timeouts,
		seconds: result.duration,
		p50: result.latency.p50,
		p99: result.latency.p99
	};
}
