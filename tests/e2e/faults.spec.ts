/**
 * Faults: the built server killed with SIGKILL in the middle of a ballot load (every ballot answered 2xx is
 * kept, none doubled, a retry is refused rather than counted twice); PostgreSQL restarted under load (the
 * server recovers by itself); the embedded PGlite database keeps everything across a restart.
 * The first two need DATABASE_URL (PostgreSQL, like CI's second pass); the restart needs root and
 * pg_ctlcluster (CI). Each test runs its own server instances on free ports, on the e2e database.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { expect } from '@playwright/test';
import { test } from './api-check';
import postgres from 'postgres';
import { PASSWORD as DEMO_PASSWORD } from './helpers';
import { e2eDatabaseUrl, exited, freePort, startServer as start, stopServer as stop, type Instance } from './instances';

const serverUrl = process.env.DATABASE_URL;
const PASSWORD = 'faults-pass-1';

/** a community of `units` units (one entrance) with its committee member, written straight into the database */
async function seedCommunity(sql: postgres.Sql, units: number) {
	const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	const phone = `16${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
	const [street] = await sql`insert into street (name) values (${`故障街道${tag}`}) returning id`;
	const [community] = await sql`insert into community (street_id, name) values (${street.id}, ${`故障社区${tag}`}) returning id`;
	const [estate] = await sql`insert into estate (community_id, name) values (${community.id}, '故障小区') returning id`;
	const [building] = await sql`insert into building (community_id, estate_id, name) values (${community.id}, ${estate.id}, '1栋') returning id`;
	const [entrance] = await sql`insert into entrance (community_id, building_id, name) values (${community.id}, ${building.id}, '1单元') returning id`;
	await sql`
		insert into unit (community_id, building_id, entrance_id, room, area_dm2, owner_key, owner_name)
		select ${community.id}, ${building.id}, ${entrance.id}, g, 8000 + g, ${`F${tag}-`} || g, '业主' || g from generate_series(1, ${units}) as g`;
	const passwordHash = await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 });
	const [user] = await sql`insert into "user" (phone, name, password_hash) values (${phone}, '故障测试居委会', ${passwordHash}) returning id`;
	await sql`insert into membership (user_id, community_id, role, status) values (${user.id}, ${community.id}, 'committee', 'verified')`;
	const rows = await sql<{ id: number }[]>`select id from unit where community_id = ${community.id} order by id`;
	return { communityId: community.id as number, phone, unitIds: rows.map((r) => r.id) };
}

async function login(base: string, phone: string, password: string): Promise<Record<string, string>> {
	const res = await fetch(`${base}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ phone, password })
	});
	expect(res.status, await res.clone().text()).toBe(200);
	const { token } = (await res.json()) as { token: string };
	return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

async function openBindingVote(base: string, headers: Record<string, string>, communityId: number, title: string): Promise<number> {
	const created = await fetch(`${base}/api/v1/communities/${communityId}/votes`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ title, kind: 'binding', matter: 'use_fund' })
	});
	expect(created.status, await created.clone().text()).toBe(201);
	const { id } = (await created.json()) as { id: number };
	const opened = await fetch(`${base}/api/v1/votes/${id}/open`, { method: 'POST', headers, body: '{}' });
	expect(opened.status, await opened.clone().text()).toBe(200);
	return id;
}

const CHOICES = ['yes', 'no', 'abstain'] as const;
const choiceOf = (unitId: number) => CHOICES[unitId % 3];
const recordBallot = (base: string, headers: Record<string, string>, voteId: number, unitId: number) =>
	fetch(`${base}/api/v1/votes/${voteId}/ballots`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ unitId, choice: choiceOf(unitId), method: 'paper' }),
		signal: AbortSignal.timeout(15_000)
	});

test.describe('faults on PostgreSQL', () => {
	test.skip(!serverUrl, 'needs DATABASE_URL (PostgreSQL)');
	test.describe.configure({ mode: 'serial' });

	let sql: postgres.Sql;
	let dbUrl = '';
	test.beforeAll(() => {
		dbUrl = e2eDatabaseUrl(serverUrl!);
		sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
	});
	test.afterAll(async () => {
		await sql?.end({ timeout: 5 });
	});

	test('SIGKILL in the middle of a ballot load: after the restart every ballot answered 201 is there once, and a retry is refused, not doubled', async () => {
		test.setTimeout(180_000);
		const { communityId, phone, unitIds } = await seedCommunity(sql, 400);
		const port = await freePort();
		let server: Instance | undefined = await start(port, { DATABASE_URL: dbUrl });
		try {
			const headers = await login(server.base, phone, PASSWORD);
			const voteId = await openBindingVote(server.base, headers, communityId, '故障测试：断电时的纸质选票');

			// 12 clients record paper ballots, each unit once; the server is killed once 60 have been accepted
			const accepted = new Set<number>();
			const unanswered = new Set<number>();
			let next = 0;
			let killed = false;
			const victim = server;
			const client = async () => {
				while (next < unitIds.length) {
					const unitId = unitIds[next++];
					try {
						const res = await recordBallot(victim.base, headers, voteId, unitId);
						if (res.status === 201) accepted.add(unitId);
						else if (res.status >= 500) unanswered.add(unitId);
						else throw new Error(`unit ${unitId}: ${res.status} ${await res.text()}`);
					} catch (e) {
						if (!killed) throw e;
						unanswered.add(unitId); // connection reset or refused: the client cannot know what happened
						return;
					}
					if (accepted.size >= 60 && !killed) {
						killed = true;
						victim.child.kill('SIGKILL');
					}
				}
			};
			await Promise.all(Array.from({ length: 12 }, client));
			await exited(victim.child);
			expect(killed).toBe(true);
			expect(victim.child.signalCode).toBe('SIGKILL');
			expect(unanswered.size, 'ballots in flight when the server died').toBeGreaterThan(0);

			server = await start(port, { DATABASE_URL: dbUrl });
			const stored = await sql<{ unitId: number; choice: string; n: number }[]>`
				select unit_id as "unitId", min(choice) as choice, count(*)::int as n from vote_ballot where vote_id = ${voteId} group by unit_id`;
			const byUnit = new Map(stored.map((r) => [r.unitId, r]));
			for (const unitId of accepted) {
				expect(byUnit.get(unitId)?.choice, `unit ${unitId} was answered 201`).toBe(choiceOf(unitId));
			}
			expect(stored.filter((r) => r.n > 1)).toEqual([]);
			// nothing stored that was never sent
			for (const r of stored) expect(accepted.has(r.unitId) || unanswered.has(r.unitId)).toBe(true);

			// the committee records again every ballot whose answer was lost: each is taken once or refused as a duplicate
			const retried = await login(server.base, phone, PASSWORD);
			for (const unitId of unanswered) {
				const res = await recordBallot(server.base, retried, voteId, unitId);
				if (byUnit.has(unitId)) {
					expect(res.status).toBe(409);
					expect((await res.json()).error.code).toBe('already_voted');
				} else {
					expect(res.status).toBe(201);
				}
			}
			const [{ n, units }] = await sql<{ n: number; units: number }[]>`
				select count(*)::int as n, count(distinct unit_id)::int as units from vote_ballot where vote_id = ${voteId}`;
			expect(n).toBe(units);
			expect(n).toBe(accepted.size + unanswered.size);
			const result = await (await fetch(`${server.base}/api/v1/votes/${voteId}/result`, { headers: retried })).json();
			expect(result.participated.heads).toBe(n);
		} finally {
			await stop(server);
		}
	});

	const cluster = (() => {
		if (!serverUrl || process.getuid?.() !== 0 || !existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/etc/postgresql')) return null;
		const host = new URL(serverUrl).hostname;
		if (host !== '127.0.0.1' && host !== 'localhost') return null;
		const version = readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b)).pop();
		return version ?? null;
	})();

	test('PostgreSQL restarted under load: the server answers again by itself, health check included', async ({ request }) => {
		test.skip(!cluster, 'needs root and the local PostgreSQL cluster (pg_ctlcluster), as in CI');
		test.setTimeout(180_000);
		const { communityId, phone, unitIds } = await seedCommunity(sql, 200);
		const port = await freePort();
		const server = await start(port, { DATABASE_URL: dbUrl });
		try {
			const headers = await login(server.base, phone, PASSWORD);
			const voteId = await openBindingVote(server.base, headers, communityId, '故障测试：数据库重启');
			const statuses: number[] = [];
			let next = 0;
			let stopLoad = false;
			const client = async () => {
				while (!stopLoad && next < unitIds.length) {
					const unitId = unitIds[next++];
					const res = await recordBallot(server.base, headers, voteId, unitId).catch(() => null);
					statuses.push(res?.status ?? 0);
					await res?.arrayBuffer();
					await new Promise((r) => setTimeout(r, 20));
				}
			};
			const load = Promise.all(Array.from({ length: 6 }, client));
			await expect.poll(() => statuses.filter((s) => s === 201).length, { timeout: 30_000 }).toBeGreaterThan(10);
			execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster!, 'main', 'restart'], { stdio: 'inherit', timeout: 60_000 });
			const restartedAt = statuses.length;
			// no manual step: the same process answers its health check and records ballots again
			await expect
				.poll(async () => (await fetch(`${server.base}/api/v1/health`).catch(() => null))?.status, { timeout: 30_000 })
				.toBe(200);
			await expect.poll(() => statuses.slice(restartedAt).filter((s) => s === 201).length, { timeout: 30_000 }).toBeGreaterThan(10);
			stopLoad = true;
			await load;
			expect(server.child.exitCode).toBeNull();
			// no 5xx after recovery, and never a doubled ballot
			const tail = statuses.slice(-10);
			expect(tail.every((s) => s === 201)).toBe(true);
			const [{ n, units }] = await sql<{ n: number; units: number }[]>`
				select count(*)::int as n, count(distinct unit_id)::int as units from vote_ballot where vote_id = ${voteId}`;
			expect(n).toBe(units);
			expect(n).toBeGreaterThanOrEqual(statuses.filter((s) => s === 201).length);
			// the test suite's own server recovered as well
			await expect.poll(async () => (await request.get('/api/v1/health')).status(), { timeout: 30_000 }).toBe(200);
			expect((await login(server.base, phone, PASSWORD)).authorization).toMatch(/^Bearer /);
		} finally {
			await stop(server);
		}
	});
});

test.describe('the embedded database', () => {
	test.describe.configure({ mode: 'serial' });
	const dir = mkdtempSync(path.join(tmpdir(), 'yst-pglite-faults-'));
	const env = { PGLITE_DIR: dir, YST_DEMO: '1' };
	let headers: Record<string, string> = {};
	let cid = 0;
	test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

	const titlesOn = async (base: string) =>
		((await (await fetch(`${base}/api/v1/communities/${cid}/votes`, { headers })).json()) as { title: string }[]).map((v) => v.title);

	test('keeps every account, session and vote across a restart (and a SIGKILL)', async () => {
		test.setTimeout(240_000);
		const port = await freePort();
		let server: Instance | undefined;
		try {
			server = await start(port, env, 150_000);
			headers = await login(server.base, '13800000001', DEMO_PASSWORD);
			const me = await (await fetch(`${server.base}/api/v1/me`, { headers })).json();
			cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
			const draft = async (title: string) => {
				const res = await fetch(`${server!.base}/api/v1/communities/${cid}/votes`, {
					method: 'POST',
					headers,
					body: JSON.stringify({ title, kind: 'binding', matter: 'use_fund' })
				});
				expect(res.status).toBe(201);
				return ((await res.json()) as { id: number }).id;
			};
			const first = await draft('重启前起草的表决');

			// an orderly restart (SIGTERM, as systemd or docker stop sends)
			await stop(server);
			server = await start(port, env, 150_000);
			expect((await fetch(`${server.base}/api/v1/me`, { headers })).status, 'the session survived').toBe(200);
			expect(await titlesOn(server.base)).toContain('重启前起草的表决');
			expect((await fetch(`${server.base}/api/v1/votes/${first}`, { headers })).status).toBe(200);

			// and a crash: what was answered before the SIGKILL is still there
			await draft('断电前起草的表决');
			server.child.kill('SIGKILL');
			await exited(server.child);
			server = await start(port, env, 150_000);
			expect(await titlesOn(server.base)).toEqual(expect.arrayContaining(['重启前起草的表决', '断电前起草的表决']));
			expect((await fetch(`${server.base}/api/v1/me`, { headers })).status).toBe(200);
		} finally {
			await stop(server);
		}
	});

	test('moves whole to PostgreSQL with npm run db:to-postgres: same accounts, sessions and votes, new rows continue the ids', async () => {
		test.skip(!serverUrl, 'needs DATABASE_URL (PostgreSQL)');
		test.setTimeout(180_000);
		expect(cid, 'the test before left a PGlite folder with data').toBeGreaterThan(0);
		const target = new URL(serverUrl!);
		const name = `${decodeURIComponent(target.pathname.slice(1)) || 'postgres'}_moved`;
		target.pathname = `/${name}`;
		const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
		let server: Instance | undefined;
		try {
			const moved = spawnSync('npm', ['run', '-s', 'db:to-postgres'], {
				env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: target.toString() },
				encoding: 'utf8',
				timeout: 150_000
			});
			expect(moved.status, moved.stderr).toBe(0);
			expect(moved.stderr).toMatch(/moved \d+ tables/);
			// a second run refuses to copy into a database that now holds data
			const again = spawnSync('npm', ['run', '-s', 'db:to-postgres'], {
				env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: target.toString() },
				encoding: 'utf8',
				timeout: 150_000
			});
			expect(again.status).toBe(1);
			expect(again.stderr).toContain('already holds data');

			server = await start(await freePort(), { DATABASE_URL: target.toString() });
			expect((await (await fetch(`${server.base}/api/v1/health`)).json()).database).toBe('postgres');
			expect((await fetch(`${server.base}/api/v1/me`, { headers })).status, 'still signed in').toBe(200);
			expect(await titlesOn(server.base)).toEqual(expect.arrayContaining(['重启前起草的表决', '断电前起草的表决']));
			const before = await (await fetch(`${server.base}/api/v1/communities/${cid}/votes`, { headers })).json();
			const created = await fetch(`${server.base}/api/v1/communities/${cid}/votes`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ title: '迁移后起草的表决', kind: 'binding', matter: 'use_fund' })
			});
			expect(created.status).toBe(201);
			const { id } = await created.json();
			expect(id).toBeGreaterThan(Math.max(...before.map((v: { id: number }) => v.id)));
			// the demo accounts sign in with their passwords on the new database
			expect((await login(server.base, '13800000003', DEMO_PASSWORD)).authorization).toMatch(/^Bearer /);
		} finally {
			await stop(server);
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 5 });
		}
	});
});
