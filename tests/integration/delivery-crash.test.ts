/**
 * A delivery worker in its own process is SIGKILLed in the middle of sending; another one is started: every
 * message reaches the provider stand-in, none is lost, and the rows all end sent. What a crash can cost is a
 * message the provider accepted just before the kill being sent again with the same idempotency key (the worker
 * had not yet marked it sent): the stand-in counts them, and they are at most the messages in flight at the kill.
 * PostgreSQL only: the embedded PGlite of a test lives inside the test's own process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { aliyunStandIn, type StandIn } from '../support/standins';
import { seedDeliveries } from '../support/delivery-seed';

const PEOPLE = 1500;
const IN_FLIGHT = 16 * 2;

function worker(url: string, standIn: string): Promise<ChildProcess> {
	const child = spawn('node_modules/.bin/tsx', ['tests/support/delivery-worker.ts'], {
		env: { ...process.env, DATABASE_URL: url, STANDIN_URL: standIn },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	return new Promise((resolve, reject) => {
		child.stdout!.on('data', (d) => {
			log += String(d);
			if (log.includes('ready')) resolve(child);
		});
		child.stderr!.on('data', (d) => (log += String(d)));
		child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${log}`)));
	});
}

describe.skipIf(!process.env.DATABASE_URL)('a worker killed mid-batch', () => {
	let s: StandIn;
	let sql: postgres.Sql;
	beforeAll(async () => {
		s = await aliyunStandIn({ bench: 'bench-secret' });
		sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
	});
	afterAll(async () => {
		await s.close();
		await sql.end({ timeout: 5 });
	});

	it('is restarted, and every message is delivered, none lost, the rows all sent', async () => {
		const { eventKey } = await seedDeliveries(sql, PEOPLE, 'crash');
		const first = await worker(process.env.DATABASE_URL!, s.url);
		// kill it once a third has gone out
		while (s.byKey.size < PEOPLE / 3) await new Promise((r) => setTimeout(r, 20));
		first.kill('SIGKILL');
		const atKill = s.byKey.size;
		expect(atKill).toBeLessThan(PEOPLE);
		const second = await worker(process.env.DATABASE_URL!, s.url);
		const deadline = Date.now() + 150_000;
		for (;;) {
			const [{ n }] = await sql`select count(*)::int as n from delivery where event_key = ${eventKey} and status = 'sent'`;
			if (n === PEOPLE || Date.now() > deadline) break;
			await new Promise((r) => setTimeout(r, 200));
		}
		second.kill('SIGTERM');
		const rows = await sql`select status, count(*)::int as n from delivery where event_key = ${eventKey} group by status`;
		expect(rows.map((r) => [r.status, r.n])).toEqual([['sent', PEOPLE]]);
		const keys = [...s.byKey.keys()].filter((k) => k.startsWith(eventKey));
		expect(keys).toHaveLength(PEOPLE);
		const resent = [...s.byKey.entries()].filter(([k, n]) => k.startsWith(eventKey) && n > 1);
		console.log(`killed after ${atKill} of ${PEOPLE}; sent again with the same key after the restart: ${resent.length}`);
		expect(resent.length).toBeLessThanOrEqual(IN_FLIGHT);
		expect(resent.every(([, n]) => n === 2)).toBe(true);
	}, 200_000);
});
