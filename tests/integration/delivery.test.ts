/**
 * Delivery beyond the inbox: one row per item and channel the person chose, written with the item; the worker
 * (pg-boss, on PGlite or PostgreSQL) sends each once through the provider stand-ins, retries through an outage,
 * marks refusals failed with the reason, keeps to the community's SMS budget and the quiet hours, and collects a
 * digest into one message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import { queueDeliveries } from '$lib/server/notify/delivery/queue';
import { startWorker, type Worker } from '$lib/server/notify/delivery/worker';
import type { Senders } from '$lib/server/notify/delivery/senders';
import { aliyunTransport } from '$lib/server/notify/providers/aliyun';
import { wechatSender } from '$lib/server/notify/providers/wechat';
import { aliyunStandIn, wechatStandIn, type StandIn } from '../support/standins';
import { makeCommunity, makeUser } from './fixtures';

type Place = Awaited<ReturnType<typeof makeCommunity>>;
let A: Place;
let B: Place;
let sms: StandIn;
let wx: Awaited<ReturnType<typeof wechatStandIn>>;
let worker: Worker | null = null;
let seq = 0;

const senders = (secret = 'right'): Senders => ({
	sms: aliyunTransport({ accessKeyId: 'id', accessKeySecret: secret, signName: '议事亭', templates: { notice: 'SMS_1', digest: 'SMS_2' }, endpoint: sms.url }),
	email: null,
	wechat: wechatSender({ appId: 'wx', secret: 'wxsecret', templateId: 'T1', api: wx.url })
});

async function person(place: Place, channels: { kind?: string; channel: 'sms' | 'email' | 'wechat' }[], setting: Partial<typeof table.channelSetting.$inferInsert> = {}) {
	const { user } = await makeUser({ communityId: place.community.id, role: 'owner', unitId: place.units[0].id });
	for (const c of channels) await db.insert(table.channelChoice).values({ userId: user.id, kind: c.kind ?? 'vote_opened', channel: c.channel });
	await db.insert(table.channelSetting).values({ userId: user.id, ...setting });
	return user;
}

/** an event's inbox items and deliveries, as notify() writes them: in one transaction */
async function tell(place: Place, people: { id: number }[], kind = 'vote_opened') {
	const eventKey = `test:${++seq}`;
	await db.transaction(async (tx) => {
		for (const p of people) {
			await tx
				.insert(table.inboxItem)
				.values({ userId: p.id, communityId: place.community.id, kind: kind as 'vote_opened', params: { title: `加装电梯${seq}`, voteKind: 'poll' }, link: `/c/${place.community.id}/votes/${seq}`, eventKey })
				.onConflictDoNothing();
		}
		await queueDeliveries(tx, eventKey);
	});
	return eventKey;
}

const rowsOf = (eventKey: string) => db.select().from(table.delivery).where(eq(table.delivery.eventKey, eventKey)).orderBy(table.delivery.id);

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await what();
		if (ok(v) || Date.now() > end) return v;
		await new Promise((r) => setTimeout(r, 100));
	}
}

beforeAll(async () => {
	A = await makeCommunity('金阳社区');
	B = await makeCommunity('安公社区');
	sms = await aliyunStandIn({ id: 'right' });
	wx = await wechatStandIn('wx', 'wxsecret');
});

afterEach(async () => {
	await worker?.stop();
	worker = null;
	sms.down = false;
});

afterAll(async () => {
	await sms.close();
	await wx.close();
});

describe('deliveries are written with the inbox items', () => {
	it('one row per chosen channel; none for the kinds or channels a person did not choose; telling twice adds nothing', async () => {
		const both = await person(A, [{ channel: 'sms' }, { channel: 'wechat' }]);
		const other = await person(A, [{ kind: 'vote_result', channel: 'sms' }]);
		const none = await person(A, []);
		const key = await tell(A, [both, other, none]);
		await db.transaction((tx) => queueDeliveries(tx, key));
		const rows = await rowsOf(key);
		expect(rows.map((r) => [r.userId, r.channel, r.status])).toEqual([
			[both.id, 'sms', 'queued'],
			[both.id, 'wechat', 'queued']
		]);
	});

	it('a transaction that rolls back leaves neither item nor delivery', async () => {
		const p = await person(A, [{ channel: 'sms' }]);
		const eventKey = `test:rollback:${++seq}`;
		await db
			.transaction(async (tx) => {
				await tx.insert(table.inboxItem).values({ userId: p.id, communityId: A.community.id, kind: 'vote_opened', params: {}, link: '/', eventKey });
				await queueDeliveries(tx, eventKey);
				throw new Error('the change failed');
			})
			.catch(() => {});
		expect(await rowsOf(eventKey)).toEqual([]);
	});
});

describe('the worker sends', () => {
	it('each chosen SMS and WeChat message exactly once, with the idempotency key, and marks them sent', async () => {
		const people = [await person(A, [{ channel: 'sms' }]), await person(A, [{ channel: 'sms' }, { channel: 'wechat' }])];
		const openid = `o-${people[1].id}`;
		await db.update(table.channelSetting).set({ wechatOpenid: openid }).where(eq(table.channelSetting.userId, people[1].id));
		const key = await tell(A, people);
		worker = await startWorker({ senders: senders(), pollSeconds: 0.2, now: () => new Date('2026-12-03T04:00:00Z') });
		const rows = await until(() => rowsOf(key), (r) => r.every((x) => x.status === 'sent'));
		expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
		for (const p of people) expect(sms.byKey.get(`${key}:${p.id}:sms`)).toBe(1);
		expect(wx.accepted.filter((a) => a.to === openid)).toHaveLength(1);
		// a second look at the queue finds nothing more to send
		expect(await worker.dispatch()).toBe(0);
	});

	it('retries while the provider is down and sends everything once when it is back', async () => {
		const people = [];
		for (let i = 0; i < 5; i++) people.push(await person(A, [{ channel: 'sms' }]));
		sms.down = true;
		const key = await tell(A, people);
		worker = await startWorker({ senders: senders(), pollSeconds: 0.2, retryDelay: 1, retryLimit: 8, now: () => new Date('2026-12-03T04:00:00Z') });
		const failing = await until(() => rowsOf(key), (r) => r.every((x) => x.attempts >= 1));
		expect(failing.every((r) => r.status === 'enqueued' && /503|ServiceUnavailable/.test(r.reason ?? ''))).toBe(true);
		sms.down = false;
		const rows = await until(() => rowsOf(key), (r) => r.every((x) => x.status === 'sent'), 40_000);
		expect(rows.map((r) => r.status)).toEqual(people.map(() => 'sent'));
		for (const p of people) expect(sms.byKey.get(`${key}:${p.id}:sms`)).toBe(1);
	}, 60_000);

	it('a refusal that would not change (a wrong secret) is marked failed with the provider’s reason, not retried', async () => {
		const p = await person(A, [{ channel: 'sms' }]);
		const key = await tell(A, [p]);
		worker = await startWorker({ senders: senders('wrong'), pollSeconds: 0.2, now: () => new Date('2026-12-03T04:00:00Z') });
		const [row] = await until(() => rowsOf(key), (r) => r[0]?.status === 'failed');
		expect(row.status).toBe('failed');
		expect(row.attempts).toBe(1);
		expect(row.reason).toContain('SignatureDoesNotMatch');
	});

	it('a WeChat delivery without a bound openid is skipped with the reason', async () => {
		const p = await person(A, [{ channel: 'wechat' }]);
		const key = await tell(A, [p]);
		worker = await startWorker({ senders: senders(), pollSeconds: 0.2 });
		const [row] = await until(() => rowsOf(key), (r) => r[0]?.status === 'skipped');
		expect([row.status, row.reason]).toEqual(['skipped', 'no_wechat']);
	});
});

describe('cost and quiet', () => {
	it('once the community’s monthly budget is spent, SMS is skipped (the inbox still has it); another community is not affected', async () => {
		await db.insert(table.smsBudget).values({ communityId: B.community.id, monthlyLimit: 2, fenPerMessage: 4 });
		const people = [];
		for (let i = 0; i < 4; i++) people.push(await person(B, [{ channel: 'sms' }]));
		const key = await tell(B, people);
		const other = await tell(A, [await person(A, [{ channel: 'sms' }])]);
		worker = await startWorker({ senders: senders(), pollSeconds: 0.2, now: () => new Date('2026-12-03T04:00:00Z') });
		const rows = await until(() => rowsOf(key), (r) => r.every((x) => x.status === 'sent' || x.status === 'skipped'));
		expect(rows.filter((r) => r.status === 'sent')).toHaveLength(2);
		expect(rows.filter((r) => r.status === 'skipped').map((r) => r.reason)).toEqual(['budget_spent', 'budget_spent']);
		const [usage] = await db.select().from(table.smsUsage).where(and(eq(table.smsUsage.communityId, B.community.id), eq(table.smsUsage.month, '2026-12')));
		expect(usage.sent).toBe(2);
		const items = await db.select().from(table.inboxItem).where(eq(table.inboxItem.eventKey, key));
		expect(items).toHaveLength(4);
		expect((await until(() => rowsOf(other), (r) => r[0]?.status === 'sent'))[0].status).toBe('sent');
	});

	it('an SMS at 22:00 Beijing time waits for 08:00, a WeChat message goes at once, a reminder asked for at night goes too', async () => {
		const sleeper = await person(A, [{ channel: 'sms' }, { channel: 'wechat' }], { wechatOpenid: 'o-night' });
		const nightOwl = await person(A, [{ kind: 'session_reminder', channel: 'sms' }], { nightReminders: true });
		const key = await tell(A, [sleeper]);
		const reminder = await tell(A, [nightOwl], 'session_reminder');
		worker = await startWorker({ senders: senders(), pollSeconds: 0.2, now: () => new Date('2026-12-03T14:00:00Z') });
		const rows = await until(() => rowsOf(key), (r) => r.some((x) => x.channel === 'wechat' && x.status === 'sent'));
		const smsRow = rows.find((r) => r.channel === 'sms')!;
		expect(smsRow.status).toBe('enqueued');
		expect(smsRow.dueAt?.toISOString()).toBe('2026-12-04T00:00:00.000Z');
		expect(sms.byKey.has(`${key}:${sleeper.id}:sms`)).toBe(false);
		expect((await until(() => rowsOf(reminder), (r) => r[0]?.status === 'sent'))[0].status).toBe('sent');
	});

	it('a person who prefers a digest gets one message collecting the day’s items', async () => {
		const p = await person(A, [{ channel: 'sms' }], { digest: true });
		const keys = [await tell(A, [p]), await tell(A, [p]), await tell(A, [p])];
		for (const k of keys) expect((await rowsOf(k))[0].status).toBe('digest');
		worker = await startWorker({ senders: senders(), pollSeconds: 0.2, now: () => new Date('2026-12-04T00:00:00Z') });
		const before = sms.accepted.length;
		expect(await worker.digest()).toBeGreaterThanOrEqual(1);
		const mine = sms.accepted.slice(before).filter((a) => a.key.endsWith(`:${p.id}:sms`));
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ template: 'SMS_2', params: { count: '3' } });
		for (const k of keys) expect((await rowsOf(k))[0].status).toBe('sent');
		// run again the same morning: nothing more
		await worker.digest();
		expect(sms.accepted.slice(before).filter((a) => a.key.endsWith(`:${p.id}:sms`))).toHaveLength(1);
	});
});

it('the job queue keeps its tables beside the site’s', async () => {
	worker = await startWorker({ senders: senders(), pollSeconds: 0.2 });
	const r = await db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'pgboss'`);
	const n = (Array.isArray(r) ? r : (r as unknown as { rows: { n: number }[] }).rows)[0] as { n: number };
	expect(n.n).toBeGreaterThan(0);
});
