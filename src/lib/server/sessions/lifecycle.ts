/** Scheduling a session and moving it through its statuses: draft → published → in progress → ended, or cancelled. */
import { and, eq, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { STATUS_NAMES } from '$lib/labels/sessions';
import { shanghaiDate } from '$lib/time';
import { db, type Tx } from '../db';
import { notify } from '../notify';
import * as table from '../db/schema';
import type { SessionStatus } from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as live from '../live';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { blankToNull, cancelSchema, createSchema, startSchema, updateSchema } from './input';
import { editable, linkExpiry, loadSession, lockSession, type Session } from './session';
import { checkVenue, venuesOf } from './venues';
import { agendaTopic, topicDeliberating, topicsForAgenda } from './agenda';

/** what the new-session form offers: venues and the topics that may go on an agenda */
export async function newForm(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const [venueRows, topicRows] = await Promise.all([venuesOf(community.id), topicsForAgenda(community.id)]);
	return { community: { id: community.id, name: community.name }, venues: venueRows, topics: topicRows };
}

/** the columns the create and edit forms set, from their parsed input */
function sessionValues(data: v.InferOutput<typeof updateSchema>, venueId: number | null) {
	return {
		kind: data.kind,
		title: data.title,
		description: data.description,
		venueId,
		venueText: data.venueText,
		startsAt: data.startsAt,
		endsAt: data.endsAt,
		quorumMin: data.quorumMin ?? null,
		openToResidents: data.openToResidents
	};
}

/** The committee schedules a session (a draft until published), optionally with topics for the agenda. */
export async function create(actor: Actor, communityId: number, input: unknown): Promise<Session> {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const data = parseInput(createSchema, blankToNull(input, ['venueId', 'quorumMin']));
	return db.transaction(async (tx) => {
		const venueId = await checkVenue(tx, community.id, data.venueId);
		const [row] = await tx
			.insert(table.deliberationSession)
			.values({
				communityId: community.id,
				...sessionValues(data, venueId),
				createdById: user.id
			})
			.returning();
		let position = 0;
		for (const topicId of new Set(data.topicIds)) {
			const t = await agendaTopic(tx, community.id, topicId, 'topicIds');
			await tx.insert(table.sessionAgendaItem).values({
				communityId: community.id,
				sessionId: row.id,
				position: ++position,
				topicId: t.id,
				title: t.title
			});
		}
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'session.create',
			targetType: 'session',
			targetId: row.id,
			detail: { title: row.title, kind: row.kind, startsAt: row.startsAt.toISOString(), topicIds: [...new Set(data.topicIds)] }
		});
		return row;
	});
}

export async function update(actor: Actor, sessionId: number, input: unknown): Promise<Session> {
	const { session, user } = await editable(actor, sessionId);
	const data = parseInput(updateSchema, blankToNull(input, ['venueId', 'quorumMin']));
	const updated = await db.transaction(async (tx) => {
		const venueId = await checkVenue(tx, session.communityId, data.venueId);
		const [row] = await tx
			.update(table.deliberationSession)
			.set({
				...sessionValues(data, venueId),
				updatedAt: new Date()
			})
			.where(eq(table.deliberationSession.id, session.id))
			.returning();
		// links live until a while after the (possibly moved) end
		await tx
			.update(table.sessionInvitation)
			.set({ expiresAt: linkExpiry(row) })
			.where(and(eq(table.sessionInvitation.sessionId, session.id), isNull(table.sessionInvitation.revokedAt)));
		// those told of the session hear when its time or place moves
		const moved =
			row.startsAt.getTime() !== session.startsAt.getTime() ||
			row.endsAt.getTime() !== session.endsAt.getTime() ||
			row.venueId !== session.venueId ||
			row.venueText !== session.venueText;
		if (moved && row.status === 'published') {
			await notify(tx, { kind: 'session_changed', actorId: user.id, session: await told(tx, row), version: row.updatedAt.getTime() });
		}
		await audit.record(tx, user, {
			communityId: session.communityId,
			action: 'session.update',
			targetType: 'session',
			targetId: session.id,
			detail: { title: row.title, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), quorumMin: row.quorumMin }
		});
		return row;
	});
	await live.notify(session.id);
	return updated;
}

/** a session as its events tell it: the place is the venue's name and address, or what was written instead */
export async function told(q: Tx | typeof db, row: Session) {
	let place = row.venueText;
	if (row.venueId) {
		const [v] = await q.select({ name: table.venue.name, address: table.venue.address }).from(table.venue).where(eq(table.venue.id, row.venueId));
		if (v) place = [v.name, v.address, row.venueText].filter(Boolean).join(' · ');
	}
	return { id: row.id, communityId: row.communityId, openToResidents: row.openToResidents, title: row.title, startsAt: row.startsAt, place };
}

/** 公布: the session is announced on the community's home page and its agenda topics are 协商中. */
export async function publish(actor: Actor, sessionId: number): Promise<Session> {
	const found = await loadSession(sessionId);
	const user = requireCommittee(actor, found.communityId);
	const published = await db.transaction(async (tx) => {
		const session = await lockSession(tx, sessionId);
		if (session.status !== 'draft') throw new ServiceError(409, 'not_draft', m.session_err_not_draft());
		const items = await tx
			.select({ topicId: table.sessionAgendaItem.topicId })
			.from(table.sessionAgendaItem)
			.where(eq(table.sessionAgendaItem.sessionId, session.id));
		if (items.length === 0) throw new ServiceError(409, 'agenda_empty', m.session_err_agenda_empty());
		const now = new Date();
		const [row] = await tx
			.update(table.deliberationSession)
			.set({ status: 'published', publishedAt: now, updatedAt: now })
			.where(eq(table.deliberationSession.id, session.id))
			.returning();
		for (const { topicId } of items) if (topicId) await topicDeliberating(tx, user, topicId, session);
		await notify(tx, { kind: 'session_published', actorId: user.id, session: await told(tx, row) });
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.publish', targetType: 'session', targetId: session.id, detail: { title: session.title } });
		return row;
	});
	await live.notify(sessionId);
	return published;
}

async function setStatus(
	actor: Actor,
	sessionId: number,
	from: SessionStatus[],
	to: SessionStatus,
	action: string,
	extra: Partial<Session> = {},
	check: (session: Session) => void = () => {}
) {
	const found = await loadSession(sessionId);
	const user = requireCommittee(actor, found.communityId);
	const row = await db.transaction(async (tx) => {
		const session = await lockSession(tx, sessionId);
		if (!from.includes(session.status)) throw new ServiceError(409, 'bad_status', m.session_err_status({ status: STATUS_NAMES[session.status]() }));
		check(session);
		const now = new Date();
		const [row] = await tx
			.update(table.deliberationSession)
			.set({ status: to, updatedAt: now, ...extra })
			.where(eq(table.deliberationSession.id, session.id))
			.returning();
		await audit.record(tx, user, { communityId: session.communityId, action, targetType: 'session', targetId: session.id, detail: { from: session.status, to, ...(extra.cancelReason ? { reason: extra.cancelReason } : {}) } });
		// a draft was never announced: only a published session's cancellation is news
		if (to === 'cancelled' && session.status === 'published') {
			await notify(tx, { kind: 'session_cancelled', actorId: user.id, session: { ...(await told(tx, row)), reason: row.cancelReason ?? '' } });
		}
		return row;
	});
	await live.notify(sessionId);
	return row;
}

/**
 * 开始会议: check-in opens at once and the board shows the session as under way. On another day than the one
 * announced (Shanghai calendar) it starts only when confirmed: the minutes carry the day it was held, which the
 * invitation never named.
 */
export async function start(actor: Actor, sessionId: number, input: unknown = {}) {
	const data = parseInput(startSchema, input);
	const now = new Date();
	return setStatus(actor, sessionId, ['published'], 'in_progress', 'session.start', { startedAt: now }, (session) => {
		const announced = shanghaiDate(session.startsAt);
		const today = shanghaiDate(now);
		if (announced !== today && !data.confirm) {
			const message = m.session_err_start_other_day({ announced, today });
			throw new ServiceError(409, 'start_other_day', message, { confirm: message });
		}
	});
}
export const end = (actor: Actor, sessionId: number) => setStatus(actor, sessionId, ['in_progress'], 'ended', 'session.end', { endedAt: new Date(), currentAgendaItemId: null });
export async function cancel(actor: Actor, sessionId: number, input: unknown) {
	const data = parseInput(cancelSchema, input);
	return setStatus(actor, sessionId, ['draft', 'published'], 'cancelled', 'session.cancel', { cancelReason: data.reason });
}
