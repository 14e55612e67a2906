/**
 * The delivery worker against the Alibaba Cloud SMS stand-in (signatures verified), on a fresh PostgreSQL database:
 * - throughput: SMS per second from the queued rows to the provider (floor 200/s);
 * - the provider down for 60 s (5 s with BENCH_SHORT=1) with every message queued: all delivered afterwards, none
 *   twice;
 * - a worker process SIGKILLed a third of the way through and started again: none lost; the messages the provider
 *   accepted just before the kill and were sent again with the same idempotency key are printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import type { BenchResult } from './run';
import { root, SHORT, step } from './harness';
import { aliyunStandIn, type StandIn } from '../support/standins';
import { seedDeliveries } from '../support/delivery-seed';

const NAME = 'yst_bench_delivery';

async function until(what: () => Promise<boolean>, ms: number) {
	const end = Date.now() + ms;
	while (!(await what()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

const sentCount = async (sql: postgres.Sql, eventKey: string) =>
	(await sql`select count(*)::int as n from delivery where event_key = ${eventKey} and status = 'sent'`)[0].n as number;

function child(url: string, standIn: string): Promise<ChildProcess> {
	const c = spawn('node_modules/.bin/tsx', ['tests/support/delivery-worker.ts'], { cwd: root, env: { ...process.env, DATABASE_URL: url, STANDIN_URL: standIn }, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	return new Promise((resolve, reject) => {
		c.stdout!.on('data', (d) => ((log += String(d)), log.includes('ready') && resolve(c)));
		c.stderr!.on('data', (d) => (log += String(d)));
		c.once('exit', (code) => reject(new Error(`worker exited ${code}: ${log}`)));
	});
}

const twice = (s: StandIn, eventKey: string) => [...s.byKey.entries()].filter(([k, n]) => k.startsWith(eventKey) && n > 1).length;
const distinct = (s: StandIn, eventKey: string) => [...s.byKey.keys()].filter((k) => k.startsWith(eventKey)).length;

export async function run(): Promise<BenchResult[]> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		console.log('skip delivery: set DATABASE_URL to a PostgreSQL server (a fresh database is made on it and dropped afterwards)');
		return [];
	}
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${NAME} with (force)`);
	await admin.unsafe(`create database ${NAME}`);
	const u = new URL(serverUrl);
	u.pathname = `/${NAME}`;
	const url = u.toString();
	process.env.DATABASE_URL = url;
	process.env.SMS_QUIET_HOURS = 'off';
	const { initDb, closeDb } = await import('../../src/lib/server/db');
	const { startWorker } = await import('../../src/lib/server/notify/delivery/worker');
	const { aliyunTransport } = await import('../../src/lib/server/notify/providers/aliyun');
	await initDb();
	const sql = postgres(url, { max: 2, onnotice: () => {} });
	const s = await aliyunStandIn({ bench: 'bench-secret' });
	const senders = {
		sms: aliyunTransport({ accessKeyId: 'bench', accessKeySecret: 'bench-secret', signName: '议事亭', templates: { notice: 'SMS_1' }, endpoint: s.url }),
		email: null,
		wechat: null
	};
	const results: BenchResult[] = [];
	try {
		// 1. throughput
		const n = SHORT ? 1000 : 5000;
		const a = await seedDeliveries(sql, n, 'rate');
		step('delivery', `sending ${n} SMS`);
		const t0 = performance.now();
		const w = await startWorker({ senders, batchSize: 100, concurrency: 32, retryDelay: 1 });
		await until(async () => (await sentCount(sql, a.eventKey)) === n, 120_000);
		const seconds = (performance.now() - t0) / 1000;
		const sent = await sentCount(sql, a.eventKey);
		results.push({ name: `delivery worker, ${n} SMS to the provider stand-in`, value: sent / seconds, unit: 'SMS/s', budget: 200, better: 'higher', target: true, detail: { sent, seconds: seconds.toFixed(1), twice: twice(s, a.eventKey) } });

		// 2. the provider down under load
		const outage = SHORT ? 5 : 60;
		const m = SHORT ? 500 : 2000;
		s.down = true;
		const b = await seedDeliveries(sql, m, 'outage');
		step('delivery', `provider down for ${outage} s with ${m} SMS queued`);
		await new Promise((r) => setTimeout(r, outage * 1000));
		const refused = s.refused.length;
		s.down = false;
		const t1 = performance.now();
		await until(async () => (await sentCount(sql, b.eventKey)) === m, 600_000);
		await w.stop();
		const missing = m - distinct(s, b.eventKey);
		results.push({
			name: `provider down ${outage} s under load: messages not delivered afterwards`,
			value: missing,
			unit: 'messages',
			budget: 0,
			detail: { queued: m, refusedDuringOutage: refused, drainedInSeconds: ((performance.now() - t1) / 1000).toFixed(1), twice: twice(s, b.eventKey) }
		});
		results.push({ name: `provider down ${outage} s under load: messages sent twice`, value: twice(s, b.eventKey), unit: 'messages', budget: 0 });

		// 3. SIGKILL mid-batch, restart
		const k = SHORT ? 1500 : 5000;
		const c = await seedDeliveries(sql, k, 'kill');
		step('delivery', `killing a worker process a third of the way through ${k} SMS`);
		const first = await child(url, s.url);
		await until(async () => distinct(s, c.eventKey) >= k / 3, 120_000);
		first.kill('SIGKILL');
		const atKill = distinct(s, c.eventKey);
		const second = await child(url, s.url);
		await until(async () => (await sentCount(sql, c.eventKey)) === k, 300_000);
		second.kill('SIGTERM');
		results.push({
			name: `worker SIGKILLed mid-batch and restarted: messages lost`,
			value: k - distinct(s, c.eventKey),
			unit: 'messages',
			budget: 0,
			detail: { total: k, deliveredAtKill: atKill, sentAgainSameKey: twice(s, c.eventKey), rowsSent: await sentCount(sql, c.eventKey) }
		});
	} finally {
		await s.close();
		await sql.end({ timeout: 5 });
		await closeDb();
		await admin.unsafe(`drop database if exists ${NAME} with (force)`);
		await admin.end({ timeout: 5 });
		// the benches after this one make their own databases on the server named here, not on the dropped one
		process.env.DATABASE_URL = serverUrl;
	}
	return results;
}
