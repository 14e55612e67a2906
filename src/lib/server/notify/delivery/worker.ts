/**
 * The delivery worker, on pg-boss (a kept PostgreSQL job queue that also runs on the embedded PGlite through its
 * own adapter): every instance of the site may run one, and they share the work through the queue's
 * FOR UPDATE SKIP LOCKED fetches.
 *
 * 1. The dispatcher takes queued delivery rows (written with the inbox items, queue.ts) a few hundred at a time,
 *    FOR UPDATE SKIP LOCKED, and in the same transaction creates one job per row (due at once, or at the end of
 *    the quiet hours for an SMS at night) and marks the rows enqueued: a crash leaves either both or neither.
 * 2. The workers send each job's row once: a row already sent is not sent again (a job run twice after a crash
 *    finds it sent). A provider that fails is retried by the queue with backoff (RETRY_*); after the last try, or
 *    at once for a refusal that would not change (a wrong number, a missing template), the row is marked failed
 *    with the provider's answer, which the committee reads.
 * 3. The daily digest, at 08:00 Beijing time, sends each person who prefers one a single message per channel
 *    with the day's items.
 * The one window for a message sent twice is a crash after the provider accepted it and before the row was
 * marked sent; the idempotency key goes to the provider with it (OutId, SessionContext, Message-ID).
 */
import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Job, type JobResult } from 'pg-boss';
import { parseQuietHours, RETRY_DELAY, RETRY_DELAY_MAX, RETRY_LIMIT, sendAt } from '$lib/domain/delivery-rules';
import { connection, db, hot } from '../../db';
import { render } from '../render';
import { smsText } from '../sms';
import { configuredSenders, type Senders } from './senders';
import { retryable, sendOne, type DeliveryRow } from './send';

const QUEUE = 'delivery';
const DIGEST = 'delivery-digest';

export interface WorkerOptions {
	senders?: Senders;
	/** jobs fetched at once by one worker, and how many of them are sent at the same time */
	batchSize?: number;
	concurrency?: number;
	/** seconds between looks for queued rows and jobs when idle */
	pollSeconds?: number;
	retryLimit?: number;
	retryDelay?: number;
	now?: () => Date;
}

export interface Worker {
	boss: PgBoss;
	/** hands every queued row to the queue now (instead of waiting for the next look) */
	dispatch(): Promise<number>;
	digest(): Promise<number>;
	stop(): Promise<void>;
}

const ROW = `select d.id, d.event_key as "eventKey", d.user_id as "userId", d.channel, d.community_id as "communityId", d.kind,
	d.params, d.link, d.status, d.created_at as "createdAt", u.phone, s.email, s.wechat_openid as "wechatOpenid"
	from delivery d join "user" u on u.id = d.user_id left join channel_setting s on s.user_id = d.user_id`;

async function makeBoss(): Promise<PgBoss> {
	const c = await connection();
	const common = { schema: 'pgboss', migrate: true, supervise: true, schedule: true } as const;
	if (c.kind === 'pglite' && c.pglite) return new PgBoss({ ...common, db: fromPglite(c.pglite) });
	return new PgBoss({ ...common, connectionString: process.env.DATABASE_URL, max: Number(process.env.DELIVERY_POOL ?? 4) });
}

export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
	const senders = options.senders ?? configuredSenders();
	const quiet = parseQuietHours(process.env.SMS_QUIET_HOURS);
	const now = options.now ?? (() => new Date());
	const retryLimit = options.retryLimit ?? RETRY_LIMIT;
	const retryDelay = options.retryDelay ?? RETRY_DELAY;
	const boss = await makeBoss();
	boss.on('error', (e) => console.error('[delivery]', e.message));
	await boss.start();
	await boss.createQueue(QUEUE, { retryLimit, retryDelay, retryBackoff: true, retryDelayMax: RETRY_DELAY_MAX, expireInSeconds: 120 }).catch(() => {});
	await boss.createQueue(DIGEST).catch(() => {});

	async function dispatch(): Promise<number> {
		let total = 0;
		for (;;) {
			const n = await db.transaction(async (tx) => {
				const rows = (await tx.execute(sql`
					select d.id, d.channel, d.kind, coalesce(s.night_reminders, false) as "nightReminders"
					from delivery d left join channel_setting s on s.user_id = d.user_id
					where d.status = 'queued' order by d.id limit 500 for update of d skip locked`)) as unknown;
				const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { id: number; channel: string; kind: string; nightReminders: boolean }[];
				if (list.length === 0) return 0;
				const at = now();
				const jobs = list.map((r) => ({ id: r.id, due: sendAt(at, r, quiet) }));
				await boss.insert(
					QUEUE,
					jobs.map((j) => ({ data: { id: j.id }, startAfter: j.due, retryLimit, retryDelay, retryBackoff: true, retryDelayMax: RETRY_DELAY_MAX })),
					{ db: fromDrizzle(tx as never, sql as never) }
				);
				await tx.execute(sql`
					update delivery d set status = 'enqueued', due_at = j.due
					from (select unnest(${`{${jobs.map((j) => j.id).join(',')}}`}::int[]) as id,
						unnest(${`{${jobs.map((j) => `"${j.due.toISOString()}"`).join(',')}}`}::timestamptz[]) as due) j
					where d.id = j.id`);
				return list.length;
			});
			total += n;
			if (n < 500) return total;
		}
	}

	async function handle(jobs: Job<{ id: number }>[]): Promise<JobResult[]> {
		const ids = jobs.map((j) => j.data.id);
		const rows = await hot<DeliveryRow>(`${ROW} where d.id = any($1::int[])`, [`{${ids.join(',')}}`]);
		const byId = new Map(rows.map((r) => [r.id, r]));
		const results: JobResult[] = [];
		let next = 0;
		const lane = async () => {
			for (let i = next++; i < jobs.length; i = next++) {
				const job = jobs[i] as Job<{ id: number }> & { retryCount?: number; retryLimit?: number };
				const row = byId.get(job.data.id);
				// already sent (a job run again after a crash) or gone with its person: nothing to do
				if (!row || row.status !== 'enqueued') {
					results.push({ id: job.id, status: 'completed' });
					continue;
				}
				try {
					const outcome = await sendOne(row, senders, now());
					if ('sent' in outcome) {
						await hot(`update delivery set status = 'sent', sent_at = now(), attempts = attempts + 1, reason = null where id = $1::int and status = 'enqueued'`, [row.id]);
					} else {
						await hot(`update delivery set status = 'skipped', reason = $2::text where id = $1::int and status = 'enqueued'`, [row.id, outcome.skipped]);
					}
					results.push({ id: job.id, status: 'completed' });
				} catch (e) {
					const reason = (e as Error).message.slice(0, 500);
					const last = !retryable(e) || (job.retryCount ?? 0) >= (job.retryLimit ?? retryLimit);
					await hot(`update delivery set attempts = attempts + 1, reason = $2::text, status = $3::text where id = $1::int and status = 'enqueued'`, [
						row.id,
						reason,
						last ? 'failed' : 'enqueued'
					]);
					results.push({ id: job.id, status: last ? 'completed' : 'failed', output: { message: reason } });
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, jobs.length) }, lane));
		return results;
	}

	async function digest(): Promise<number> {
		const rows = await hot<DeliveryRow>(`${ROW} where d.status = 'digest' order by d.user_id, d.channel, d.id`, []);
		const groups = new Map<string, DeliveryRow[]>();
		for (const r of rows) {
			const k = `${r.userId}:${r.channel}`;
			groups.set(k, [...(groups.get(k) ?? []), r]);
		}
		let sent = 0;
		for (const group of groups.values()) {
			const first = group[0];
			const titles = group.map((r) => render(r.kind, r.params).title);
			const day = now().toISOString().slice(0, 10);
			const summary: DeliveryRow = {
				...first,
				eventKey: `digest:${day}`,
				kind: 'digest',
				params: { count: group.length, titles: [...new Set(titles)].slice(0, 3).join('、') },
				link: '/me/inbox'
			};
			try {
				if (first.channel === 'sms' && senders.sms) {
					const params = { count: String(group.length), titles: String(summary.params.titles) };
					await senders.sms.send({ to: first.phone, key: `digest:${day}:${first.userId}:sms`, template: 'digest', params, text: smsText('digest', params), sentAt: now().toISOString() });
				} else {
					const outcome = await sendOne({ ...summary, params: { ...summary.params } }, senders, now());
					if (!('sent' in outcome)) {
						await hot(`update delivery set status = 'skipped', reason = $2::text where id = any($1::int[]) and status = 'digest'`, [`{${group.map((r) => r.id).join(',')}}`, outcome.skipped]);
						continue;
					}
				}
				await hot(`update delivery set status = 'sent', sent_at = now(), attempts = attempts + 1 where id = any($1::int[]) and status = 'digest'`, [`{${group.map((r) => r.id).join(',')}}`]);
				sent++;
			} catch (e) {
				// the items wait for tomorrow's digest; the reason shows on the committee's page meanwhile
				await hot(`update delivery set attempts = attempts + 1, reason = $2::text where id = any($1::int[]) and status = 'digest'`, [`{${group.map((r) => r.id).join(',')}}`, (e as Error).message.slice(0, 500)]);
			}
		}
		return sent;
	}

	await boss.work<{ id: number }>(
		QUEUE,
		{ batchSize: options.batchSize ?? 50, pollingIntervalSeconds: Math.max(0.5, options.pollSeconds ?? 0.5), includeMetadata: true, perJobResults: true },
		handle as never
	);
	await boss.work(DIGEST, { pollingIntervalSeconds: 30 }, async () => void (await digest()));
	await boss.schedule(DIGEST, '0 8 * * *', null, { tz: 'Asia/Shanghai' }).catch((e: Error) => console.error('[delivery] digest schedule', e.message));

	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const loop = async () => {
		if (stopped) return;
		await dispatch().catch((e: Error) => console.error('[delivery] dispatch', e.message));
		if (!stopped) timer = setTimeout(loop, (options.pollSeconds ?? 0.5) * 1000);
	};
	void loop();

	return {
		boss,
		dispatch,
		digest,
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			// PGlite's client is the site's own connection: pg-boss must not close it
			await boss.stop({ graceful: true, close: (await connection()).kind !== 'pglite', timeout: 10_000 });
			senders.email?.close?.();
		}
	};
}
