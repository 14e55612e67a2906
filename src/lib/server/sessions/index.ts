/**
 * Deliberation sessions (议事会, 协商会, 三方联席会, 听证会, 坝坝会, 商居联盟会): scheduling at a venue, the
 * agenda of accepted topics, materials, invitations with their own links (no account needed), RSVPs,
 * check-in and the live board. Every function checks who may do it; every write is one transaction;
 * every change a board shows is announced through live.notify after it commits.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, max, ne, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { qrSvg } from '../qr';
import { createEvent, type EventAttributes } from 'ics';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { m } from '$lib/paraglide/messages';
import { shanghaiTime } from '$lib/time';
import { KIND_NAMES, STATUS_NAMES } from '$lib/labels/sessions';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import type { ParticipantRole, SessionStatus } from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireUser, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as files from '../files';
import * as live from '../live';
import * as topics from '../topics';
import * as votes from '../votes';
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, flag, id, moment, optionalText, parseInput, smallInt, text } from '../http/validate';

export type Session = typeof table.deliberationSession.$inferSelect;
export type Invitation = typeof table.sessionInvitation.$inferSelect;
type Q = DB | Tx;
type User = NonNullable<Actor>;

/** invitation links stay valid this long after the session ends, so invitees can confirm the minutes */
export const LINK_DAYS_AFTER_END = 30;
/** check-in opens this long before the start (the committee's 开始会议 opens it at once) */
export const CHECKIN_OPENS_MINUTES = 120;
/** statuses in which the session can still be changed */
const EDITABLE: readonly SessionStatus[] = ['draft', 'published', 'in_progress'];
/** topics that may be put on an agenda */
const AGENDA_TOPIC_STATUSES = ['accepted', 'deliberating'] as const;
/** roles the committee picks for outside parties */
export const PARTY_ROLES: readonly ParticipantRole[] = [
	'deputy',
	'cppcc',
	'property',
	'merchant',
	'owners_committee',
	'lawyer',
	'utility',
	'authority',
	'other'
];

export { KIND_NAMES, STATUS_NAMES, ROLE_NAMES, VENUE_KIND_NAMES } from '$lib/labels/sessions';

// ---------- input ----------

/** a list of ids, or one id (a form with one ticked box) */
const idList = v.optional(
	v.pipe(
		v.union([v.array(v.unknown()), v.pipe(v.union([v.string(), v.number()]), v.transform((x) => [x]))], m.err_invalid_input),
		v.array(id, m.err_invalid_input)
	),
	[]
);

const sessionFields = {
	kind: v.picklist(table.SESSION_KINDS, m.session_err_kind),
	title: text(100, m.session_err_title),
	description: optionalText(2000),
	venueId: v.optional(v.nullable(id)),
	venueText: optionalText(100),
	startsAt: moment(m.session_err_starts),
	endsAt: moment(m.session_err_ends),
	quorumMin: v.optional(v.nullable(smallInt(1, 10000, m.session_err_quorum))),
	openToResidents: flag
};

const createSchema = v.pipe(
	v.object({ ...sessionFields, topicIds: idList }),
	v.forward(
		v.check((s) => s.endsAt.getTime() > s.startsAt.getTime(), m.session_err_time),
		['endsAt']
	),
	v.forward(
		v.check((s) => s.venueId != null || s.venueText !== '', m.session_err_venue),
		['venueId']
	)
);

const updateSchema = v.pipe(
	v.object(sessionFields),
	v.forward(
		v.check((s) => s.endsAt.getTime() > s.startsAt.getTime(), m.session_err_time),
		['endsAt']
	),
	v.forward(
		v.check((s) => s.venueId != null || s.venueText !== '', m.session_err_venue),
		['venueId']
	)
);

const agendaSchema = v.pipe(
	v.object({
		topicId: v.optional(v.nullable(id)),
		title: optionalText(100),
		presenter: optionalText(40),
		minutes: v.optional(v.nullable(smallInt(1, 600, m.session_err_minutes)))
	}),
	v.forward(
		v.check((s) => s.topicId != null || s.title !== '', m.session_err_agenda_item),
		['title']
	)
);

const venueSchema = v.object({
	name: text(40, m.session_err_venue_name),
	kind: v.optional(v.picklist(table.VENUE_KINDS, m.err_invalid_input), 'other'),
	address: optionalText(100)
});

const inviteSchema = v.pipe(
	v.object({
		kind: v.optional(v.picklist(table.INVITATION_KINDS, m.err_invalid_input), 'party'),
		role: v.optional(v.picklist(table.PARTICIPANT_ROLES, m.session_err_role)),
		organisation: optionalText(60),
		name: text(20, m.err_name),
		phone: v.optional(v.pipe(v.string(m.err_phone), v.trim(), v.check((p) => p === '' || /^1[3-9]\d{9}$/.test(p), m.err_phone)), '')
	}),
	v.forward(
		v.check((s) => s.kind === 'resident' || (s.role !== undefined && s.role !== 'resident' && s.role !== 'staff'), m.session_err_role),
		['role']
	)
);

const rsvpSchema = v.pipe(
	v.object({
		answer: v.picklist(table.RSVP_ANSWERS, m.session_err_rsvp),
		delegateName: optionalText(20)
	}),
	v.forward(
		v.check((s) => s.answer !== 'delegate' || s.delegateName !== '', m.session_err_delegate_name),
		['delegateName']
	)
);

const markSchema = v.pipe(
	v.object({
		invitationId: v.optional(v.nullable(id)),
		name: optionalText(20),
		role: v.optional(v.picklist(table.PARTICIPANT_ROLES, m.session_err_role), 'resident'),
		organisation: optionalText(60)
	}),
	v.forward(
		v.check((s) => s.invitationId != null || s.name !== '', m.err_name),
		['name']
	)
);

const cancelSchema = v.object({ reason: text(200, m.session_err_cancel_reason) });

/** form fields arrive as '' when left empty: treat them as not given */

/** like dropBlank, but keeps '' for the fields that may be cleared */
function blankToNull(input: unknown, keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
	for (const k of keys) if (out[k] === '') out[k] = null;
	return out;
}

const invalid = (fields: Record<string, string>) => new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);

// ---------- tokens ----------

/** an invitation link's token: 160 random bits, base32 (like sign-in tokens) */
export function generateToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}
export const tokenHashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
export const invitationUrl = (origin: string, token: string) => `${origin}/i/${token}`;

const linkExpiry = (s: Pick<Session, 'endsAt'>) => new Date(s.endsAt.getTime() + LINK_DAYS_AFTER_END * 86_400_000);

// ---------- loading and access ----------

async function loadSession(sessionId: number, q: Q = db): Promise<Session> {
	const [row] = await q.select().from(table.deliberationSession).where(eq(table.deliberationSession.id, sessionId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

async function lockSession(tx: Tx, sessionId: number): Promise<Session> {
	const [row] = await tx
		.select()
		.from(table.deliberationSession)
		.where(eq(table.deliberationSession.id, sessionId))
		.for('update');
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** a session the actor may read: the community's readers see it once published; drafts are the committee's */
export async function readable(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	const community = await communities.get(session.communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, community.id, 'committee');
	if (session.status === 'draft' && !committee) throw new ServiceError(404, 'not_found', m.err_not_found());
	return { session, community, user, committee };
}

async function editable(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	if (!EDITABLE.includes(session.status)) throw new ServiceError(409, 'session_closed', m.session_err_not_editable());
	return { session, user };
}

/** the session under /c/{cid}/sessions/{id}: 404 when it belongs to another community */
export async function checkPath(sessionId: number, communityId: number) {
	const session = await loadSession(sessionId);
	if (session.communityId !== communityId) throw new ServiceError(404, 'not_found', m.err_not_found());
	return session;
}

// ---------- venues ----------

export async function venues(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return db
		.select()
		.from(table.venue)
		.where(and(eq(table.venue.communityId, community.id), eq(table.venue.active, true)))
		.orderBy(asc(table.venue.id));
}

export async function createVenue(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const data = parseInput(venueSchema, dropBlank(input));
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(table.venue)
				.values({ communityId: community.id, name: data.name, kind: data.kind, address: data.address })
				.returning();
			await audit.record(tx, user, { communityId: community.id, action: 'venue.create', targetType: 'venue', targetId: row.id, detail: { name: row.name } });
			return row;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ name: m.session_err_venue_taken() });
		throw e;
	}
}

async function checkVenue(q: Q, communityId: number, venueId: number | null | undefined) {
	if (venueId == null) return null;
	const [row] = await q
		.select({ id: table.venue.id })
		.from(table.venue)
		.where(and(eq(table.venue.id, venueId), eq(table.venue.communityId, communityId)));
	if (!row) throw invalid({ venueId: m.session_err_venue() });
	return row.id;
}

// ---------- scheduling ----------

/** what the new-session form offers: venues and the topics that may go on an agenda */
export async function newForm(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const [venueRows, topicRows] = await Promise.all([venues(actor, communityId), topicsForAgenda(community.id)]);
	return { community: { id: community.id, name: community.name }, venues: venueRows, topics: topicRows };
}

const topicsForAgenda = (communityId: number) =>
	db
		.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status })
		.from(table.topic)
		.where(and(eq(table.topic.communityId, communityId), inArray(table.topic.status, [...AGENDA_TOPIC_STATUSES])))
		.orderBy(desc(table.topic.updatedAt), desc(table.topic.id));

async function agendaTopic(q: Q, communityId: number, topicId: number, field = 'topicId') {
	const [t] = await q
		.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status, communityId: table.topic.communityId })
		.from(table.topic)
		.where(eq(table.topic.id, topicId));
	if (!t || t.communityId !== communityId || !(AGENDA_TOPIC_STATUSES as readonly string[]).includes(t.status)) {
		throw invalid({ [field]: m.session_err_topic() });
	}
	return t;
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
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.publish', targetType: 'session', targetId: session.id, detail: { title: session.title } });
		return row;
	});
	await live.notify(sessionId);
	return published;
}

async function topicDeliberating(tx: Tx, user: User, topicId: number, session: Session) {
	const [t] = await tx.select({ status: table.topic.status }).from(table.topic).where(eq(table.topic.id, topicId));
	if (t?.status === 'accepted') {
		await topics.advance(tx, user, topicId, 'deliberating', m.session_topic_note({ kind: KIND_NAMES[session.kind](), title: session.title, at: shanghaiTime(session.startsAt) }));
	}
}

async function setStatus(actor: Actor, sessionId: number, from: SessionStatus[], to: SessionStatus, action: string, extra: Partial<Session> = {}) {
	const found = await loadSession(sessionId);
	const user = requireCommittee(actor, found.communityId);
	const row = await db.transaction(async (tx) => {
		const session = await lockSession(tx, sessionId);
		if (!from.includes(session.status)) throw new ServiceError(409, 'bad_status', m.session_err_status({ status: STATUS_NAMES[session.status]() }));
		const now = new Date();
		const [row] = await tx
			.update(table.deliberationSession)
			.set({ status: to, updatedAt: now, ...extra })
			.where(eq(table.deliberationSession.id, session.id))
			.returning();
		await audit.record(tx, user, { communityId: session.communityId, action, targetType: 'session', targetId: session.id, detail: { from: session.status, to, ...(extra.cancelReason ? { reason: extra.cancelReason } : {}) } });
		return row;
	});
	await live.notify(sessionId);
	return row;
}

/** 开始会议: check-in opens at once and the board shows the session as under way */
export const start = (actor: Actor, sessionId: number) => setStatus(actor, sessionId, ['published'], 'in_progress', 'session.start', { startedAt: new Date() });
export const end = (actor: Actor, sessionId: number) => setStatus(actor, sessionId, ['in_progress'], 'ended', 'session.end', { endedAt: new Date(), currentAgendaItemId: null });
export async function cancel(actor: Actor, sessionId: number, input: unknown) {
	const data = parseInput(cancelSchema, input);
	return setStatus(actor, sessionId, ['draft', 'published'], 'cancelled', 'session.cancel', { cancelReason: data.reason });
}

// ---------- agenda ----------

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

// ---------- materials ----------

export async function addMaterial(actor: Actor, sessionId: number, input: { title?: unknown; name: string; bytes: Uint8Array }) {
	const { session, user } = await editable(actor, sessionId);
	const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim() : files.cleanName(input.name);
	if (title.length > 100) throw invalid({ title: m.err_invalid_input() });
	return db.transaction(async (tx) => {
		const file = await files.put(tx, {
			communityId: session.communityId,
			name: input.name,
			bytes: input.bytes,
			uploadedById: user.id,
			accept: 'documents',
			field: 'file'
		});
		const [row] = await tx
			.insert(table.sessionMaterial)
			.values({ communityId: session.communityId, sessionId: session.id, fileId: file.id, title, createdById: user.id })
			.returning();
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.material_add', targetType: 'session', targetId: session.id, detail: { materialId: row.id, title, file: file.name, size: file.size, sha256: file.sha256 } });
		return { ...row, file };
	});
}

export async function removeMaterial(actor: Actor, sessionId: number, materialId: number) {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(table.sessionMaterial)
			.where(and(eq(table.sessionMaterial.id, materialId), eq(table.sessionMaterial.sessionId, session.id)))
			.returning();
		if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
		await tx.delete(table.storedFile).where(eq(table.storedFile.id, row.fileId));
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.material_remove', targetType: 'session', targetId: session.id, detail: { materialId, title: row.title } });
	});
}

async function materialsOf(sessionId: number) {
	return db
		.select({
			id: table.sessionMaterial.id,
			title: table.sessionMaterial.title,
			name: table.storedFile.name,
			mime: table.storedFile.mime,
			size: table.storedFile.size,
			sha256: table.storedFile.sha256
		})
		.from(table.sessionMaterial)
		.innerJoin(table.storedFile, eq(table.storedFile.id, table.sessionMaterial.fileId))
		.where(eq(table.sessionMaterial.sessionId, sessionId))
		.orderBy(asc(table.sessionMaterial.id));
}

async function materialFile(sessionId: number, materialId: number) {
	const [row] = await db
		.select({ fileId: table.sessionMaterial.fileId, communityId: table.sessionMaterial.communityId })
		.from(table.sessionMaterial)
		.where(and(eq(table.sessionMaterial.id, materialId), eq(table.sessionMaterial.sessionId, sessionId)));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return files.get(db, row.fileId, row.communityId);
}

/** a material's bytes for whoever may read the session */
export async function material(actor: Actor, sessionId: number, materialId: number) {
	await readable(actor, sessionId);
	return materialFile(sessionId, materialId);
}

// ---------- invitations ----------

async function residentOf(q: Q, communityId: number, phoneNumber: string) {
	if (!phoneNumber) return null;
	const [row] = await q
		.select({ id: table.user.id, name: table.user.name })
		.from(table.user)
		.innerJoin(table.membership, eq(table.membership.userId, table.user.id))
		.where(
			and(
				eq(table.user.phone, phoneNumber),
				eq(table.membership.communityId, communityId),
				eq(table.membership.status, 'verified'),
				inArray(table.membership.role, ['resident', 'owner'])
			)
		)
		.limit(1);
	return row ?? null;
}

/**
 * Invites a person: an outside party by role, or a resident (linked to their account when the phone
 * number is a verified resident's). Returns the link's token, which is shown this once and kept only as a hash.
 */
export async function invite(actor: Actor, sessionId: number, input: unknown): Promise<{ invitation: Invitation; token: string }> {
	const { session, user } = await editable(actor, sessionId);
	const data = parseInput(inviteSchema, dropBlank(input));
	const role: ParticipantRole = data.kind === 'resident' ? 'resident' : data.role!;
	const token = generateToken();
	try {
		const invitation = await db.transaction(async (tx) => {
			const resident = data.kind === 'resident' ? await residentOf(tx, session.communityId, data.phone) : null;
			const [row] = await tx
				.insert(table.sessionInvitation)
				.values({
					communityId: session.communityId,
					sessionId: session.id,
					kind: data.kind,
					role,
					organisation: data.organisation,
					name: data.name,
					phone: data.phone,
					userId: resident?.id ?? null,
					tokenHash: tokenHashOf(token),
					expiresAt: linkExpiry(session),
					createdById: user.id
				})
				.returning();
			await audit.record(tx, user, {
				communityId: session.communityId,
				action: 'session.invite',
				targetType: 'session',
				targetId: session.id,
				detail: { invitationId: row.id, role, organisation: row.organisation, name: row.name }
			});
			return row;
		});
		return { invitation, token };
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ phone: m.session_err_invited_twice() });
		throw e;
	}
}

async function invitationOf(q: Q, session: Session, invitationId: number) {
	const [row] = await q
		.select()
		.from(table.sessionInvitation)
		.where(and(eq(table.sessionInvitation.id, invitationId), eq(table.sessionInvitation.sessionId, session.id)));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** A new link for an invitation (a lost or reprinted letter): the old link stops working. */
export async function reissue(actor: Actor, sessionId: number, invitationId: number): Promise<{ invitation: Invitation; token: string }> {
	const { session, user } = await editable(actor, sessionId);
	const token = generateToken();
	const invitation = await db.transaction(async (tx) => {
		const inv = await invitationOf(tx, session, invitationId);
		const [row] = await tx
			.update(table.sessionInvitation)
			.set({ tokenHash: tokenHashOf(token), expiresAt: linkExpiry(session), revokedAt: null })
			.where(eq(table.sessionInvitation.id, inv.id))
			.returning();
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.invite_reissue', targetType: 'session', targetId: session.id, detail: { invitationId, name: inv.name } });
		return row;
	});
	return { invitation, token };
}

/** withdraws an invitation: its link stops working */
export async function revoke(actor: Actor, sessionId: number, invitationId: number) {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		const inv = await invitationOf(tx, session, invitationId);
		await tx.update(table.sessionInvitation).set({ revokedAt: new Date() }).where(eq(table.sessionInvitation.id, inv.id));
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.invite_revoke', targetType: 'session', targetId: session.id, detail: { invitationId, name: inv.name } });
	});
}

/** the committee's list of invitations with their answers, and the answers counted */
export async function invitations(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	requireCommittee(actor, session.communityId);
	const rows = await db
		.select({
			id: table.sessionInvitation.id,
			kind: table.sessionInvitation.kind,
			role: table.sessionInvitation.role,
			organisation: table.sessionInvitation.organisation,
			name: table.sessionInvitation.name,
			phone: table.sessionInvitation.phone,
			userId: table.sessionInvitation.userId,
			expiresAt: table.sessionInvitation.expiresAt,
			rsvp: table.sessionInvitation.rsvp,
			delegateName: table.sessionInvitation.delegateName,
			respondedAt: table.sessionInvitation.respondedAt,
			revokedAt: table.sessionInvitation.revokedAt,
			checkedInAt: table.sessionAttendance.checkedInAt
		})
		.from(table.sessionInvitation)
		.leftJoin(table.sessionAttendance, eq(table.sessionAttendance.invitationId, table.sessionInvitation.id))
		.where(eq(table.sessionInvitation.sessionId, session.id))
		.orderBy(asc(table.sessionInvitation.id));
	const active = rows.filter((r) => !r.revokedAt);
	const summary = {
		invited: active.length,
		attend: active.filter((r) => r.rsvp === 'attend').length,
		delegate: active.filter((r) => r.rsvp === 'delegate').length,
		decline: active.filter((r) => r.rsvp === 'decline').length,
		pending: active.filter((r) => !r.rsvp).length
	};
	return { rows, summary };
}

/** The printable 邀请函: only for the token just shown (it is checked against the stored hash). */
export async function letter(actor: Actor, sessionId: number, invitationId: number, token: string, origin: string) {
	const session = await loadSession(sessionId);
	requireCommittee(actor, session.communityId);
	const inv = await invitationOf(db, session, invitationId);
	if (typeof token !== 'string' || tokenHashOf(token) !== inv.tokenHash) {
		throw new ServiceError(409, 'stale_link', m.session_err_letter_token());
	}
	const url = invitationUrl(origin, token);
	return { ...(await sessionView(session)), invitation: inv, url, qr: await qrSvg(url) };
}


// ---------- the invitee's link ----------

/**
 * The invitation a link's token opens. A wrong token is 404 and an expired or withdrawn one 410, each
 * with a Chinese message and nothing about the session.
 */
export async function resolveToken(token: string, q: Q = db): Promise<{ invitation: Invitation; session: Session }> {
	if (typeof token !== 'string' || !/^[a-z2-7]{20,64}$/.test(token)) throw new ServiceError(404, 'invitation_invalid', m.session_err_token_invalid());
	const [inv] = await q.select().from(table.sessionInvitation).where(eq(table.sessionInvitation.tokenHash, tokenHashOf(token)));
	if (!inv) throw new ServiceError(404, 'invitation_invalid', m.session_err_token_invalid());
	if (inv.revokedAt) throw gone(m.session_err_token_revoked());
	if (inv.expiresAt.getTime() <= Date.now()) throw gone(m.session_err_token_expired());
	const session = await loadSession(inv.sessionId, q);
	if (session.status === 'draft') throw new ServiceError(404, 'invitation_invalid', m.session_err_token_not_yet());
	return { invitation: inv, session };
}

const gone = (message: string) => new ServiceError(410, 'invitation_expired', message);

/** what the invitee sees: their session only */
export async function byToken(token: string) {
	const { invitation, session } = await resolveToken(token);
	const [att] = await db
		.select({ checkedInAt: table.sessionAttendance.checkedInAt })
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.invitationId, invitation.id));
	return {
		...(await sessionView(session)),
		invitation: {
			id: invitation.id,
			name: invitation.name,
			role: invitation.role,
			organisation: invitation.organisation,
			rsvp: invitation.rsvp,
			delegateName: invitation.delegateName,
			respondedAt: invitation.respondedAt,
			expiresAt: invitation.expiresAt
		},
		checkedInAt: att?.checkedInAt ?? null,
		canRsvp: session.status === 'published' || session.status === 'in_progress',
		checkin: checkinWindow(session)
	};
}

export async function rsvp(token: string, input: unknown) {
	const data = parseInput(rsvpSchema, input);
	const { invitation, session } = await resolveToken(token);
	if (session.status !== 'published' && session.status !== 'in_progress') throw new ServiceError(409, 'rsvp_closed', m.session_err_rsvp_closed());
	const [row] = await db
		.update(table.sessionInvitation)
		.set({ rsvp: data.answer, delegateName: data.answer === 'delegate' ? data.delegateName : null, respondedAt: new Date() })
		.where(eq(table.sessionInvitation.id, invitation.id))
		.returning();
	await live.notify(session.id);
	return { rsvp: row.rsvp, delegateName: row.delegateName, respondedAt: row.respondedAt };
}

/**
 * A signed-in resident answers on the session page: one invited by name updates their invitation; in a
 * session open to all residents, a verified resident's answer adds them to the list (without a link:
 * they use their account).
 */
export async function rsvpAsUser(actor: Actor, sessionId: number, input: unknown) {
	const { session, user } = await readable(actor, sessionId);
	const data = parseInput(rsvpSchema, input);
	if (session.status !== 'published' && session.status !== 'in_progress') throw new ServiceError(409, 'rsvp_closed', m.session_err_rsvp_closed());
	const answer = { rsvp: data.answer, delegateName: data.answer === 'delegate' ? data.delegateName : null, respondedAt: new Date() };
	const mine = and(eq(table.sessionInvitation.sessionId, session.id), eq(table.sessionInvitation.userId, user.id));
	const [updated] = await db.update(table.sessionInvitation).set(answer).where(and(mine, isNull(table.sessionInvitation.revokedAt))).returning();
	if (!updated) {
		const resident = hasRole(user, session.communityId, 'resident', 'owner');
		if (!resident || !session.openToResidents) throw new ServiceError(403, 'not_invited', m.session_err_not_invited());
		try {
			await db.insert(table.sessionInvitation).values({
				communityId: session.communityId,
				sessionId: session.id,
				kind: 'resident',
				role: 'resident',
				name: user.name,
				phone: user.phone,
				userId: user.id,
				// no link: the resident answers and checks in with their account
				tokenHash: tokenHashOf(generateToken()),
				expiresAt: linkExpiry(session),
				...answer
			});
		} catch (e) {
			// a withdrawn invitation stays withdrawn
			if (isUniqueViolation(e)) throw new ServiceError(403, 'not_invited', m.session_err_not_invited());
			throw e;
		}
	}
	await live.notify(session.id);
	return answer;
}

export async function materialByToken(token: string, materialId: number) {
	const { session } = await resolveToken(token);
	return materialFile(session.id, materialId);
}

export async function checkInByToken(token: string) {
	const { invitation, session } = await resolveToken(token);
	requireCheckinOpen(session);
	// someone sent in the invitee's place checks in under their own name
	const name = invitation.rsvp === 'delegate' && invitation.delegateName ? invitation.delegateName : invitation.name;
	return insertAttendance(session, {
		invitationId: invitation.id,
		userId: invitation.userId,
		name,
		role: invitation.role,
		organisation: invitation.organisation,
		method: 'self',
		recordedById: null
	});
}

// ---------- attendance ----------

export function checkinWindow(session: Session, now = Date.now()): { open: boolean; opensAt: Date } {
	const opensAt = new Date(session.startsAt.getTime() - CHECKIN_OPENS_MINUTES * 60_000);
	const open = session.status === 'in_progress' || (session.status === 'published' && now >= opensAt.getTime());
	return { open, opensAt };
}

function requireCheckinOpen(session: Session) {
	const w = checkinWindow(session);
	if (w.open) return;
	if (session.status === 'published') throw new ServiceError(409, 'checkin_not_open', m.session_err_checkin_early({ at: shanghaiTime(w.opensAt) }));
	throw new ServiceError(409, 'checkin_closed', m.session_err_checkin_closed());
}

type AttendanceInput = Omit<typeof table.sessionAttendance.$inferInsert, 'id' | 'communityId' | 'sessionId' | 'checkedInAt'>;

async function insertAttendance(session: Session, values: AttendanceInput, audited?: User) {
	try {
		const row = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(table.sessionAttendance)
				.values({ communityId: session.communityId, sessionId: session.id, ...values })
				.returning();
			if (audited) {
				await audit.record(tx, audited, { communityId: session.communityId, action: 'session.attendance_mark', targetType: 'session', targetId: session.id, detail: { attendanceId: row.id, name: row.name, role: row.role } });
			}
			return row;
		});
		await live.notify(session.id);
		return row;
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_checked_in', m.session_err_checked_in());
		throw e;
	}
}

/**
 * 签到 by a signed-in person: invited by name, or (an open session) any verified resident of the
 * community; community staff (committee, cadres, grid workers) check in as 社区工作人员.
 */
export async function checkIn(actor: Actor, sessionId: number) {
	const user = requireUser(actor);
	const session = await loadSession(sessionId);
	const community = await communities.get(session.communityId);
	requireReader(user, community);
	if (session.status === 'draft') throw new ServiceError(404, 'not_found', m.err_not_found());
	const [inv] = await db
		.select()
		.from(table.sessionInvitation)
		.where(and(eq(table.sessionInvitation.sessionId, session.id), eq(table.sessionInvitation.userId, user.id), isNull(table.sessionInvitation.revokedAt)));
	const staff = hasRole(user, community.id, 'committee', 'cadre', 'grid');
	const resident = hasRole(user, community.id, 'resident', 'owner');
	if (!inv && !staff && !(resident && session.openToResidents)) {
		throw new ServiceError(403, resident ? 'not_invited' : 'not_verified', resident ? m.session_err_not_invited() : m.err_not_verified());
	}
	requireCheckinOpen(session);
	return insertAttendance(session, {
		userId: user.id,
		invitationId: inv?.id ?? null,
		name: user.name,
		role: inv?.role ?? (staff ? 'staff' : 'resident'),
		organisation: inv?.organisation ?? '',
		method: 'self',
		recordedById: null
	});
}

/** The committee marks someone present by hand: an invitee from the list, or a person named at the door. */
export async function mark(actor: Actor, sessionId: number, input: unknown) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	if (session.status !== 'published' && session.status !== 'in_progress') throw new ServiceError(409, 'checkin_closed', m.session_err_checkin_closed());
	const data = parseInput(markSchema, blankToNull(input, ['invitationId']));
	if (data.invitationId) {
		const inv = await invitationOf(db, session, data.invitationId);
		if (inv.revokedAt) throw invalid({ invitationId: m.session_err_token_revoked() });
		const name = inv.rsvp === 'delegate' && inv.delegateName ? inv.delegateName : inv.name;
		return insertAttendance(session, { invitationId: inv.id, userId: inv.userId, name, role: inv.role, organisation: inv.organisation, method: 'committee', recordedById: user.id }, user);
	}
	return insertAttendance(session, { invitationId: null, userId: null, name: data.name, role: data.role, organisation: data.organisation, method: 'committee', recordedById: user.id }, user);
}

/** takes back a wrong check-in (committee) */
export async function unmark(actor: Actor, sessionId: number, attendanceId: number) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(table.sessionAttendance)
			.where(and(eq(table.sessionAttendance.id, attendanceId), eq(table.sessionAttendance.sessionId, session.id)))
			.returning();
		if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.attendance_unmark', targetType: 'session', targetId: session.id, detail: { attendanceId, name: row.name, role: row.role } });
	});
	await live.notify(session.id);
}

/** attendance counted by role, against the quorum rule when there is one */
export async function attendanceSummary(session: Pick<Session, 'id' | 'quorumMin'>, q: Q = db) {
	const rows = await q
		.select({ role: table.sessionAttendance.role, n: count() })
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.sessionId, session.id))
		.groupBy(table.sessionAttendance.role);
	const order = new Map(table.PARTICIPANT_ROLES.map((r, i) => [r, i]));
	const byRole = rows.map((r) => ({ role: r.role, n: r.n })).sort((a, b) => order.get(a.role)! - order.get(b.role)!);
	const total = byRole.reduce((s, r) => s + r.n, 0);
	return { total, byRole, quorumMin: session.quorumMin, quorate: session.quorumMin === null ? null : total >= session.quorumMin };
}

/** who checked in (committee: everyone with method; others: names and roles of outside parties, residents counted) */
export async function attendance(actor: Actor, sessionId: number) {
	const { session, committee } = await readable(actor, sessionId);
	const rows = await db
		.select({
			id: table.sessionAttendance.id,
			name: table.sessionAttendance.name,
			role: table.sessionAttendance.role,
			organisation: table.sessionAttendance.organisation,
			method: table.sessionAttendance.method,
			invitationId: table.sessionAttendance.invitationId,
			userId: table.sessionAttendance.userId,
			checkedInAt: table.sessionAttendance.checkedInAt
		})
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.sessionId, session.id))
		.orderBy(asc(table.sessionAttendance.checkedInAt), asc(table.sessionAttendance.id));
	return { summary: await attendanceSummary(session), rows: committee ? rows : rows.filter((r) => r.role !== 'resident') };
}

// ---------- reading ----------

async function venueOf(session: Session) {
	if (!session.venueId) return null;
	const [row] = await db.select().from(table.venue).where(eq(table.venue.id, session.venueId));
	return row ?? null;
}

async function agendaOf(sessionId: number) {
	return db
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

/** the session as anyone allowed to see it sees it: time, place, agenda, materials */
async function sessionView(session: Session) {
	const [community, venue, agenda, materials] = await Promise.all([
		communities.get(session.communityId),
		venueOf(session),
		agendaOf(session.id),
		materialsOf(session.id)
	]);
	return {
		community: { id: community.id, name: community.name },
		session: {
			id: session.id,
			communityId: session.communityId,
			kind: session.kind,
			title: session.title,
			description: session.description,
			status: session.status,
			startsAt: session.startsAt,
			endsAt: session.endsAt,
			venueId: session.venueId,
			venueText: session.venueText,
			quorumMin: session.quorumMin,
			openToResidents: session.openToResidents,
			currentAgendaItemId: session.currentAgendaItemId,
			cancelReason: session.cancelReason,
			publishedAt: session.publishedAt
		},
		venue: venue ? { id: venue.id, name: venue.name, kind: venue.kind, address: venue.address } : null,
		place: placeOf(venue, session),
		agenda,
		materials
	};
}

const placeOf = (venue: { name: string; address: string } | null, session: Pick<Session, 'venueText'>) =>
	[venue?.name, venue?.address, session.venueText].filter(Boolean).join(' · ');

/** the session page */
export async function get(actor: Actor, sessionId: number) {
	const { session, user, committee } = await readable(actor, sessionId);
	const [view, att, polls, mine, myInvitation] = await Promise.all([
		sessionView(session),
		attendance(actor, sessionId),
		pollsOf(actor, session.id),
		db
			.select({ checkedInAt: table.sessionAttendance.checkedInAt })
			.from(table.sessionAttendance)
			.where(and(eq(table.sessionAttendance.sessionId, session.id), eq(table.sessionAttendance.userId, user.id))),
		db
			.select({ id: table.sessionInvitation.id, role: table.sessionInvitation.role, rsvp: table.sessionInvitation.rsvp, delegateName: table.sessionInvitation.delegateName })
			.from(table.sessionInvitation)
			.where(and(eq(table.sessionInvitation.sessionId, session.id), eq(table.sessionInvitation.userId, user.id), isNull(table.sessionInvitation.revokedAt)))
	]);
	const invited = committee ? await invitations(actor, sessionId) : null;
	const agendaTopics = committee ? await topicsForAgenda(session.communityId) : [];
	const staff = hasRole(user, session.communityId, 'committee', 'cadre', 'grid');
	const resident = hasRole(user, session.communityId, 'resident', 'owner');
	return {
		...view,
		attendance: att,
		polls,
		invitations: invited,
		isCommittee: committee,
		agendaTopics,
		me: {
			checkedInAt: mine[0]?.checkedInAt ?? null,
			invitation: myInvitation[0] ?? null,
			mayCheckIn: Boolean(myInvitation[0]) || staff || (resident && session.openToResidents),
			mayRsvp: (session.status === 'published' || session.status === 'in_progress') && (Boolean(myInvitation[0]) || (resident && session.openToResidents))
		},
		checkin: checkinWindow(session)
	};
}

/** the community's sessions: upcoming first, then past; drafts for the committee only */
export async function list(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, community.id, 'committee');
	const where = committee
		? eq(table.deliberationSession.communityId, community.id)
		: and(eq(table.deliberationSession.communityId, community.id), ne(table.deliberationSession.status, 'draft'));
	const rows = await db
		.select({
			id: table.deliberationSession.id,
			kind: table.deliberationSession.kind,
			title: table.deliberationSession.title,
			status: table.deliberationSession.status,
			startsAt: table.deliberationSession.startsAt,
			endsAt: table.deliberationSession.endsAt,
			venueName: table.venue.name,
			venueText: table.deliberationSession.venueText,
			attendees: sql<number>`(select count(*) from ${table.sessionAttendance} where ${table.sessionAttendance.sessionId} = ${table.deliberationSession.id})`.mapWith(Number),
			invited: sql<number>`(select count(*) from ${table.sessionInvitation} where ${table.sessionInvitation.sessionId} = ${table.deliberationSession.id} and ${table.sessionInvitation.revokedAt} is null)`.mapWith(Number)
		})
		.from(table.deliberationSession)
		.leftJoin(table.venue, eq(table.venue.id, table.deliberationSession.venueId))
		.where(where)
		.orderBy(desc(table.deliberationSession.startsAt), desc(table.deliberationSession.id))
		.limit(200);
	const now = Date.now();
	const upcoming = rows.filter((r) => r.endsAt.getTime() >= now && r.status !== 'cancelled' && r.status !== 'ended').reverse();
	const past = rows.filter((r) => !upcoming.includes(r));
	return { community: { id: community.id, name: community.name }, isCommittee: committee, upcoming, past };
}

/** for the community home page: published sessions still to come (or under way), soonest first */
export async function announced(actor: Actor, communityId: number, limit = 3) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return db
		.select({
			id: table.deliberationSession.id,
			kind: table.deliberationSession.kind,
			title: table.deliberationSession.title,
			status: table.deliberationSession.status,
			startsAt: table.deliberationSession.startsAt,
			venueName: table.venue.name,
			venueText: table.deliberationSession.venueText
		})
		.from(table.deliberationSession)
		.leftJoin(table.venue, eq(table.venue.id, table.deliberationSession.venueId))
		.where(
			and(
				eq(table.deliberationSession.communityId, community.id),
				inArray(table.deliberationSession.status, ['published', 'in_progress']),
				gte(table.deliberationSession.endsAt, new Date())
			)
		)
		.orderBy(asc(table.deliberationSession.startsAt))
		.limit(limit);
}

/** the polls taken in this session, with their live counts */
async function pollsOf(actor: Actor, sessionId: number) {
	const rows = await db
		.select({ id: table.vote.id, title: table.vote.title, status: table.vote.status, kind: table.vote.kind })
		.from(table.vote)
		.where(and(eq(table.vote.sessionId, sessionId), ne(table.vote.status, 'draft')))
		.orderBy(asc(table.vote.id));
	const out = [];
	for (const r of rows) out.push({ ...r, result: await votes.result(actor, r.id) });
	return out;
}

/** everything the projector board shows; re-read on every change signal */
export async function liveState(actor: Actor, sessionId: number) {
	const { session } = await readable(actor, sessionId);
	const [view, summary, polls] = await Promise.all([sessionView(session), attendanceSummary(session), pollsOf(actor, session.id)]);
	const current = view.agenda.find((a) => a.id === session.currentAgendaItemId) ?? null;
	return {
		community: view.community,
		session: { id: session.id, title: session.title, kind: session.kind, status: session.status, startsAt: session.startsAt, endsAt: session.endsAt },
		place: view.place,
		agenda: view.agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, presenter: a.presenter, minutes: a.minutes })),
		current: current ? { id: current.id, position: current.position, title: current.title, presenter: current.presenter, minutes: current.minutes } : null,
		attendance: summary,
		polls: polls.map((p) => ({
			id: p.id,
			title: p.title,
			status: p.status,
			participated: p.result.participated.heads,
			eligible: p.result.eligible.heads,
			options:
				p.result.kind === 'poll'
					? p.result.options.map((o) => ({ label: o.label, count: o.count }))
					: (['yes', 'no', 'abstain'] as const).map((c) => ({ label: c, count: p.result.kind === 'binding' ? p.result[c].heads : 0 }))
		})),
		at: new Date().toISOString()
	};
}

// ---------- paper and calendar ----------

export const checkinUrl = (origin: string, s: { id: number; communityId: number }) => `${origin}/c/${s.communityId}/sessions/${s.id}/checkin`;

/** the door / projector poster: a QR code to the check-in page */
export async function poster(actor: Actor, sessionId: number, origin: string) {
	const { session } = await readable(actor, sessionId);
	const url = checkinUrl(origin, session);
	return { ...(await sessionView(session)), url, qr: await qrSvg(url) };
}

const utcParts = (d: Date): [number, number, number, number, number] => [
	d.getUTCFullYear(),
	d.getUTCMonth() + 1,
	d.getUTCDate(),
	d.getUTCHours(),
	d.getUTCMinutes()
];

/** an iCalendar file (RFC 5545) of the session, in UTC so every calendar shows it at the right hour */
export async function calendarFile(session: Session, url: string): Promise<string> {
	const view = await sessionView(session);
	const agenda = view.agenda.map((a) => `${a.position}. ${a.title}${a.presenter ? `（${a.presenter}）` : ''}`).join('\n');
	const attrs: EventAttributes = {
		uid: `yst-session-${session.id}@yishiting`,
		productId: 'yishiting/sessions',
		start: utcParts(session.startsAt),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: utcParts(session.endsAt),
		endInputType: 'utc',
		endOutputType: 'utc',
		title: `${KIND_NAMES[session.kind]()}：${session.title}`,
		description: [view.community.name, session.description, agenda ? `${m.session_agenda()}：\n${agenda}` : '', url].filter(Boolean).join('\n\n'),
		location: view.place || undefined,
		url,
		status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
		calName: view.community.name
	};
	const { error, value } = createEvent(attrs);
	if (error || !value) throw error ?? new Error('calendar file not made');
	return value;
}

export async function calendar(actor: Actor, sessionId: number, origin: string) {
	const { session } = await readable(actor, sessionId);
	return { session, body: await calendarFile(session, `${origin}/c/${session.communityId}/sessions/${session.id}`) };
}

export async function calendarByToken(token: string, origin: string) {
	const { session } = await resolveToken(token);
	return { session, body: await calendarFile(session, invitationUrl(origin, token)) };
}
