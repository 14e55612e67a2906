/** A session's agenda: the accepted topics and other items in order, and the one under discussion now. */
import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { shanghaiTime } from '$lib/time';
import { KIND_NAMES } from '$lib/labels/sessions';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import * as live from '../live';
import * as topics from '../topics';
import { isUniqueViolation, ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { agendaSchema, blankToNull } from './input';
import { editable, invalid, lockSession, type Q, type Session, type User } from './session';

/** topics that may be put on an agenda */
const AGENDA_TOPIC_STATUSES = ['accepted', 'deliberating'] as const;

/** the community's topics that may go on an agenda, for the forms */
export const topicsForAgenda = (communityId: number) =>
	db
		.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status })
		.from(table.topic)
		.where(and(eq(table.topic.communityId, communityId), inArray(table.topic.status, [...AGENDA_TOPIC_STATUSES])))
		.orderBy(desc(table.topic.updatedAt), desc(table.topic.id));

/** a topic picked for the agenda: the community's own and accepted or under deliberation, else a field error */
export async function agendaTopic(q: Q, communityId: number, topicId: number, field = 'topicId') {
	const [t] = await q
		.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status, communityId: table.topic.communityId })
		.from(table.topic)
		.where(eq(table.topic.id, topicId));
	if (!t || t.communityId !== communityId || !(AGENDA_TOPIC_STATUSES as readonly string[]).includes(t.status)) {
		throw invalid({ [field]: m.session_err_topic() });
	}
	return t;
}

/** a topic on the agenda of an announced session is 协商中, with a note on its timeline */
export async function topicDeliberating(tx: Tx, user: User, topicId: number, session: Session) {
	const [t] = await tx.select({ status: table.topic.status }).from(table.topic).where(eq(table.topic.id, topicId));
	if (t?.status === 'accepted') {
		await topics.advance(tx, user, topicId, 'deliberating', m.session_topic_note({ kind: KIND_NAMES[session.kind](), title: session.title, at: shanghaiTime(session.startsAt) }));
	}
}

export async function addAgendaItem(actor: Actor, sessionId: number, input: unknown) {
	const { session, user } = await editable(actor, sessionId);
	const data = parseInput(agendaSchema, blankToNull(input, ['topicId', 'minutes']));
	try {
		const row = await db.transaction(async (tx) => {
			await lockSession(tx, session.id);
			const t = data.topicId ? await agendaTopic(tx, session.communityId, data.topicId) : null;
			const [{ last }] = await tx
				.select({ last: max(table.sessionAgendaItem.position) })
				.from(table.sessionAgendaItem)
				.where(eq(table.sessionAgendaItem.sessionId, session.id));
			const [row] = await tx
				.insert(table.sessionAgendaItem)
				.values({
					communityId: session.communityId,
					sessionId: session.id,
					position: (last ?? 0) + 1,
					topicId: t?.id ?? null,
					title: data.title || t!.title,
					presenter: data.presenter,
					minutes: data.minutes ?? null
				})
				.returning();
			// added to a session already announced: the topic is under deliberation now
			if (t && session.status !== 'draft') await topicDeliberating(tx, user, t.id, session);
			await audit.record(tx, user, { communityId: session.communityId, action: 'session.agenda_add', targetType: 'session', targetId: session.id, detail: { itemId: row.id, title: row.title, topicId: row.topicId } });
			return row;
		});
		await live.notify(session.id);
		return row;
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ topicId: m.session_err_topic_twice() });
		throw e;
	}
}

async function agendaItemOf(q: Q, session: Session, itemId: number) {
	const [item] = await q
		.select()
		.from(table.sessionAgendaItem)
		.where(and(eq(table.sessionAgendaItem.id, itemId), eq(table.sessionAgendaItem.sessionId, session.id)));
	if (!item) throw new ServiceError(404, 'not_found', m.session_err_item());
	return item;
}

export async function removeAgendaItem(actor: Actor, sessionId: number, itemId: number) {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		await lockSession(tx, session.id);
		const item = await agendaItemOf(tx, session, itemId);
		await tx.delete(table.sessionAgendaItem).where(eq(table.sessionAgendaItem.id, item.id));
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.agenda_remove', targetType: 'session', targetId: session.id, detail: { itemId, title: item.title } });
	});
	await live.notify(session.id);
}

/** moves an agenda item one place up or down */
export async function moveAgendaItem(actor: Actor, sessionId: number, itemId: number, direction: 'up' | 'down') {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		await lockSession(tx, session.id);
		const items = await tx
			.select()
			.from(table.sessionAgendaItem)
			.where(eq(table.sessionAgendaItem.sessionId, session.id))
			.orderBy(asc(table.sessionAgendaItem.position), asc(table.sessionAgendaItem.id));
		const i = items.findIndex((it) => it.id === itemId);
		if (i < 0) throw new ServiceError(404, 'not_found', m.session_err_item());
		const j = direction === 'up' ? i - 1 : i + 1;
		if (j < 0 || j >= items.length) return;
		[items[i], items[j]] = [items[j], items[i]];
		for (const [k, it] of items.entries()) {
			if (it.position !== k + 1) await tx.update(table.sessionAgendaItem).set({ position: k + 1 }).where(eq(table.sessionAgendaItem.id, it.id));
		}
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.agenda_move', targetType: 'session', targetId: session.id, detail: { itemId, direction } });
	});
	await live.notify(session.id);
}

/** the item under discussion now, shown on the live board (null: none) */
export async function setCurrentItem(actor: Actor, sessionId: number, itemId: number | null) {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		await lockSession(tx, session.id);
		if (itemId !== null) await agendaItemOf(tx, session, itemId);
		await tx
			.update(table.deliberationSession)
			.set({ currentAgendaItemId: itemId, updatedAt: new Date() })
			.where(eq(table.deliberationSession.id, session.id));
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.current_item', targetType: 'session', targetId: session.id, detail: { itemId } });
	});
	await live.notify(session.id);
}

/** the agenda in order, for the session's pages and the minutes (inside a transaction when given one) */
export async function agendaOf(sessionId: number, q: Q = db) {
	return q
		.select({
			id: table.sessionAgendaItem.id,
			position: table.sessionAgendaItem.position,
			topicId: table.sessionAgendaItem.topicId,
			title: table.sessionAgendaItem.title,
			presenter: table.sessionAgendaItem.presenter,
			minutes: table.sessionAgendaItem.minutes,
			topicStatus: table.topic.status
		})
		.from(table.sessionAgendaItem)
		.leftJoin(table.topic, eq(table.topic.id, table.sessionAgendaItem.topicId))
		.where(eq(table.sessionAgendaItem.sessionId, sessionId))
		.orderBy(asc(table.sessionAgendaItem.position), asc(table.sessionAgendaItem.id));
}
