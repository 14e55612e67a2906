/**
 * The clock: events that happen because time passes, not because someone acted. tick(now) looks for what has come
 * due and tells it: a session tomorrow, a vote closing within 24 hours, a rating round that has opened or closes
 * within 3 days, a resolution past its deadline. Every event has its key, so a tick run twice, or by two server
 * instances at once, tells each person once. The server runs it every minute (start()); tests call tick(now).
 */
import { and, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { DAY_MS, shanghaiToday } from '$lib/time';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import { notRated } from '../ratings/ballots';
import { told } from '../sessions/lifecycle';
import { notify } from './events';

export const TICK_MS = 60_000;
export const SESSION_REMINDER_MS = DAY_MS;
export const VOTE_CLOSING_MS = DAY_MS;
export const RATING_CLOSING_MS = 3 * DAY_MS;

/** what one tick told, by kind (the number of records, not of people) */
export interface Ticked {
	sessionReminders: number;
	votesClosing: number;
	ratingsOpened: number;
	ratingsClosing: number;
	resolutionsLate: number;
}

/**
 * Tells an event once: the clock_event row is written in the same transaction as the items, so a failed telling is
 * tried again at the next tick, and a told one is never looked for again (a 100,000-owner vote is not re-read
 * every minute for a day).
 */
async function once(key: string, tell: (tx: Tx) => Promise<unknown>): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [fresh] = await tx.insert(table.clockEvent).values({ eventKey: key }).onConflictDoNothing().returning();
		if (!fresh) return false;
		await tell(tx);
		return true;
	});
}

export async function tick(now: Date = new Date()): Promise<Ticked> {
	const soon = (ms: number) => new Date(now.getTime() + ms);
	const out: Ticked = { sessionReminders: 0, votesClosing: 0, ratingsOpened: 0, ratingsClosing: 0, resolutionsLate: 0 };

	const s = table.deliberationSession;
	const sessions = await db
		.select()
		.from(s)
		.where(and(eq(s.status, 'published'), gt(s.startsAt, now), lte(s.startsAt, soon(SESSION_REMINDER_MS))));
	for (const row of sessions) {
		const key = `session:${row.id}:reminder:${row.startsAt.toISOString()}`;
		if (await once(key, async (tx) => notify(tx, { kind: 'session_reminder', actorId: null, session: await told(tx, row) }))) out.sessionReminders++;
	}

	const v = table.vote;
	const votes = await db
		.select()
		.from(v)
		.where(and(eq(v.status, 'open'), gt(v.closesAt, now), lte(v.closesAt, soon(VOTE_CLOSING_MS))));
	for (const vote of votes) {
		if (await once(`vote:${vote.id}:closing`, (tx) => notify(tx, { kind: 'vote_closing', actorId: null, vote }))) out.votesClosing++;
	}

	const r = table.ratingRound;
	const rounds = await db
		.select()
		.from(r)
		.where(and(eq(r.status, 'open'), lte(r.opensAt, now), gt(r.closesAt, now)));
	for (const round of rounds) {
		if (await once(`rating:${round.id}:opened`, (tx) => notify(tx, { kind: 'rating_opened', actorId: null, round }))) out.ratingsOpened++;
		if (round.closesAt.getTime() - now.getTime() > RATING_CLOSING_MS) continue;
		const closing = await once(`rating:${round.id}:closing`, async (tx) => {
			const ms = table.membership;
			const members = await tx
				.selectDistinct({ id: ms.userId })
				.from(ms)
				.where(and(eq(ms.communityId, round.communityId), eq(ms.status, 'verified'), inArray(ms.role, ['resident', 'owner'])));
			const people = await notRated(tx, round, members.map((x) => x.id));
			// only into each person's own inbox: the list of those reminded is never shown or kept anywhere else
			if (people.length > 0) await notify(tx, { kind: 'rating_closing', actorId: null, round, people });
		});
		if (closing) out.ratingsClosing++;
	}

	const res = table.resolution;
	const late = await db
		.select()
		.from(res)
		.where(
			and(
				isNull(res.doneOn),
				lt(res.deadline, shanghaiToday(now)),
				// a resolution is public once its minutes are
				sql`exists (select 1 from ${table.minutesVersion} mv where mv.session_id = ${res.sessionId})`
			)
		);
	for (const row of late) {
		if (await once(`resolution:${row.id}:late`, (tx) => notify(tx, { kind: 'resolution_late', actorId: null, resolution: row }))) out.resolutionsLate++;
	}
	return out;
}

let timer: ReturnType<typeof setInterval> | null = null;

/** runs tick() every minute in this process; a tick that fails is logged and the next one tries again */
export function start(every = TICK_MS): () => void {
	if (timer) return stop;
	let running = false;
	timer = setInterval(() => {
		if (running) return;
		running = true;
		tick()
			.catch((e) => console.error('notify clock:', e))
			.finally(() => (running = false));
	}, every);
	timer.unref();
	return stop;
}

export function stop() {
	if (timer) clearInterval(timer);
	timer = null;
}
