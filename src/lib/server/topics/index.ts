/**
 * Topics (议题): propose, second (附议), comment, screen (确定议题), move along the status table,
 * and read them back — lists with filters, one topic with its public timeline, the community notice board.
 * Every function checks who is acting against the topic's own community.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, ne, notInArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { canTransition, IN_PROGRESS, manualNext } from '$lib/domain/topic-status';
import { statusName } from '$lib/labels/topics';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import { TOPIC_CATEGORIES, TOPIC_SCOPES, TOPIC_STATUSES, type TopicStatus } from '../db/schema';
import {
	hasRole,
	requireCommittee,
	requireReader,
	requireUser,
	requireVerifiedResident,
	rolesIn,
	streetsAdministered,
	type Actor
} from '../access';
import type { SessionUser } from '../auth';
import * as audit from '../audit';
import * as communities from '../communities';
import { prepared } from '../prepared';
import { isServiceError, isUniqueViolation, ServiceError } from '../errors';
import { id, parseInput, text } from '../http/validate';

export type Topic = typeof table.topic.$inferSelect;
type Q = Tx | DB;

export const PAGE_SIZE = 20;
export const THRESHOLD_MAX = 1000;
/** the public record (timeline notes) is written in the base language, whoever is reading */
const RECORD = { locale: 'zh-CN' } as const;

// ---- who may do what ----

/** a pending or rejected registration gets "not yet verified", anyone else "forbidden" */
function refuse(user: SessionUser, communityId: number): never {
	if (user.memberships.some((ms) => ms.communityId === communityId && ms.status !== 'verified')) {
		throw new ServiceError(403, 'not_verified', m.err_not_verified());
	}
	throw new ServiceError(403, 'forbidden', m.err_forbidden());
}

/** any verified role in the community: may comment */
function requireMember(actor: Actor, communityId: number): SessionUser {
	const user = requireUser(actor);
	if (rolesIn(user, communityId).size === 0) refuse(user, communityId);
	return user;
}

const PROPOSERS = ['resident', 'owner', 'grid', 'committee'] as const;

function requireProposer(actor: Actor, communityId: number): SessionUser {
	const user = requireUser(actor);
	if (!hasRole(user, communityId, ...PROPOSERS)) {
		if (rolesIn(user, communityId).size > 0) throw new ServiceError(403, 'forbidden', m.topic_err_propose_role());
		refuse(user, communityId);
	}
	return user;
}

export const canPropose = (actor: Actor, communityId: number) => hasRole(actor, communityId, ...PROPOSERS);
export const isCommittee = (actor: Actor, communityId: number) => hasRole(actor, communityId, 'committee');

// ---- input ----

/** in these optional fields, '' and null from forms mean "not given" */
function blanksDropped(input: unknown, ...keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	return Object.fromEntries(
		Object.entries(input).filter(([key, val]) => !keys.includes(key) || (val !== '' && val !== null && val !== undefined))
	);
}

/** required fields left out of a JSON body count as empty, so they get the same message as an empty form field */
function filled(input: unknown, ...keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	return { ...Object.fromEntries(keys.map((k) => [k, ''])), ...input };
}

const optionalId = v.optional(id);

const ProposeInput = v.object({
	title: text(60, m.topic_err_title),
	description: text(2000, m.topic_err_description),
	scope: v.optional(v.picklist(TOPIC_SCOPES, m.topic_err_scope), 'community'),
	category: v.picklist(TOPIC_CATEGORIES, m.topic_err_category),
	estateId: optionalId,
	buildingId: optionalId
});

const note = v.optional(v.pipe(v.string(m.topic_err_note), v.trim(), v.maxLength(500, m.topic_err_note)), '');

const CommentInput = v.object({ body: text(1000, m.topic_err_comment) });

const ScreenInput = v.object({
	decision: v.picklist(['accept', 'decline', 'merge'], m.topic_err_decision),
	reason: note,
	mergeIntoId: v.optional(v.unknown())
});

const ProgressInput = v.object({
	toStatus: v.picklist(TOPIC_STATUSES, m.topic_err_status),
	note
});

const ListInput = v.object({
	status: v.optional(v.picklist(TOPIC_STATUSES, m.topic_err_status)),
	estateId: optionalId,
	category: v.optional(v.picklist(TOPIC_CATEGORIES, m.topic_err_category)),
	q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, m.err_invalid_input)), ''),
	page: v.optional(
		v.pipe(
			v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number))], m.err_invalid_input),
			v.integer(m.err_invalid_input),
			v.minValue(1, m.err_invalid_input)
		),
		1
	)
});

const ThresholdInput = v.object({
	secondThreshold: v.pipe(
		v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,6}$/), v.transform(Number))], m.topic_err_threshold),
		v.integer(m.topic_err_threshold),
		v.minValue(1, m.topic_err_threshold),
		v.maxValue(THRESHOLD_MAX, m.topic_err_threshold)
	)
});

const invalid = (fields: Record<string, string>) => new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);

// ---- shared queries ----

async function findTopic(q: Q, topicId: number, lock = false): Promise<Topic> {
	const query = q.select().from(table.topic).where(eq(table.topic.id, topicId));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

async function addEvent(
	q: Q,
	t: Pick<Topic, 'id' | 'communityId'>,
	actor: Actor,
	e: { kind: string; fromStatus?: TopicStatus | null; toStatus?: TopicStatus | null; note?: string }
) {
	await q.insert(table.topicEvent).values({
		communityId: t.communityId,
		topicId: t.id,
		kind: e.kind,
		fromStatus: e.fromStatus ?? null,
		toStatus: e.toStatus ?? null,
		actorId: actor?.id ?? null,
		actorName: actor?.name ?? '',
		note: e.note ?? ''
	});
}

/** the columns every topic list shows; `seconded` is whether this user has seconded it */
function listColumns(userId: number | Placeholder<'userId'>) {
	return {
		id: table.topic.id,
		title: table.topic.title,
		status: table.topic.status,
		category: table.topic.category,
		scope: table.topic.scope,
		estateName: table.estate.name,
		buildingName: table.building.name,
		secondCount: table.topic.secondCount,
		flaggedAt: table.topic.flaggedAt,
		createdAt: table.topic.createdAt,
		updatedAt: table.topic.updatedAt,
		proposerName: table.user.name,
		seconded: sql<boolean>`exists (select 1 from ${table.topicSecond} where ${table.topicSecond.topicId} = ${table.topic.id} and ${table.topicSecond.userId} = ${userId})`
	};
}

function listQuery(userId: number, where: SQL | undefined) {
	return db
		.select(listColumns(userId))
		.from(table.topic)
		.innerJoin(table.user, eq(table.user.id, table.topic.proposerId))
		.leftJoin(table.estate, eq(table.estate.id, table.topic.estateId))
		.leftJoin(table.building, eq(table.building.id, table.topic.buildingId))
		.where(where);
}

export type TopicListItem = Awaited<ReturnType<typeof listQuery>>[number];

/** a LIKE pattern matching `q` literally anywhere: %, _ and \ in what was typed are not wildcards */
export function containsPattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// ---- writes ----

/** 提出议题: a verified resident, owner, grid worker or committee member of the community proposes a topic. */
export async function propose(actor: Actor, communityId: number, input: unknown): Promise<Topic> {
	const community = await communities.get(communityId);
	const user = requireProposer(actor, community.id);
	const data = parseInput(ProposeInput, blanksDropped(filled(input, 'title', 'description', 'category'), 'scope', 'estateId', 'buildingId'));

	let estateId: number | null = null;
	let buildingId: number | null = null;
	if (data.scope === 'estate') {
		if (data.estateId === undefined) throw invalid({ estateId: m.topic_err_estate() });
		const [row] = await db
			.select({ id: table.estate.id })
			.from(table.estate)
			.where(and(eq(table.estate.id, data.estateId), eq(table.estate.communityId, community.id)));
		if (!row) throw invalid({ estateId: m.topic_err_estate() });
		estateId = row.id;
	} else if (data.scope === 'building') {
		if (data.buildingId === undefined) throw invalid({ buildingId: m.topic_err_building() });
		const [row] = await db
			.select({ id: table.building.id, estateId: table.building.estateId })
			.from(table.building)
			.where(and(eq(table.building.id, data.buildingId), eq(table.building.communityId, community.id)));
		if (!row) throw invalid({ buildingId: m.topic_err_building() });
		buildingId = row.id;
		estateId = row.estateId;
	}

	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(table.topic)
			.values({
				communityId: community.id,
				title: data.title,
				description: data.description,
				scope: data.scope,
				estateId,
				buildingId,
				category: data.category,
				status: 'collecting',
				proposerId: user.id
			})
			.returning();
		await addEvent(tx, created, user, { kind: 'proposed', toStatus: 'collecting' });
		return created;
	});
}

/**
 * 附议: a verified resident or owner seconds a topic that is still collecting, once. The unique index
 * on (topic, user) is what makes it once, also under concurrent attempts. Reaching the community's
 * threshold flags the topic for the committee.
 */
export async function second(actor: Actor, topicId: number) {
	const t = await findTopic(db, topicId);
	const user = requireVerifiedResident(actor, t.communityId);
	if (t.status !== 'collecting') throw new ServiceError(409, 'not_collecting', m.topic_err_not_collecting());
	if (t.proposerId === user.id) throw new ServiceError(409, 'own_topic', m.topic_err_own_topic());
	try {
		return await db.transaction(async (tx) => {
			await tx.insert(table.topicSecond).values({ communityId: t.communityId, topicId: t.id, userId: user.id });
			const [row] = await tx
				.update(table.topic)
				.set({ secondCount: sql`${table.topic.secondCount} + 1`, updatedAt: new Date() })
				.where(and(eq(table.topic.id, t.id), eq(table.topic.status, 'collecting')))
				.returning({ secondCount: table.topic.secondCount, flaggedAt: table.topic.flaggedAt });
			if (!row) throw new ServiceError(409, 'not_collecting', m.topic_err_not_collecting());
			await addEvent(tx, t, user, { kind: 'seconded' });
			const [{ threshold }] = await tx
				.select({ threshold: table.community.secondThreshold })
				.from(table.community)
				.where(eq(table.community.id, t.communityId));
			const flagged = row.flaggedAt === null && row.secondCount >= threshold ? await flag(tx, t, threshold) : false;
			return { secondCount: row.secondCount, threshold, flagged };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_seconded', m.topic_err_already_seconded());
		throw e;
	}
}

/** marks a topic as having reached the threshold; true when this call did it */
async function flag(tx: Q, t: Pick<Topic, 'id' | 'communityId'>, threshold: number): Promise<boolean> {
	const done = await tx
		.update(table.topic)
		.set({ flaggedAt: new Date() })
		.where(and(eq(table.topic.id, t.id), isNull(table.topic.flaggedAt)))
		.returning({ id: table.topic.id });
	if (done.length === 0) return false;
	await addEvent(tx, t, null, { kind: 'flagged', note: m.topic_note_flagged({ count: threshold }, RECORD) });
	return true;
}

/** a comment by anyone with a verified role in the topic's community */
export async function comment(actor: Actor, topicId: number, input: unknown) {
	const t = await findTopic(db, topicId);
	const user = requireMember(actor, t.communityId);
	const { body } = parseInput(CommentInput, filled(typeof input === 'string' ? { body: input } : input, 'body'));
	const [row] = await db
		.insert(table.topicComment)
		.values({ communityId: t.communityId, topicId: t.id, userId: user.id, body })
		.returning();
	return { ...row, authorName: user.name };
}

/**
 * Moves a topic one step along the status table and writes it on the public timeline, inside the
 * caller's transaction. `actor` is the committee member doing it (checked, and audited), or null when
 * the system does it (e.g. a vote closing on time). Merging needs a target: use screen().
 */
export async function advance(tx: Q, actor: Actor, topicId: number, toStatus: TopicStatus, note = ''): Promise<Topic> {
	const t = await findTopic(tx, topicId, true);
	if (actor) requireCommittee(actor, t.communityId);
	return move(tx, actor, t, toStatus, note);
}

async function move(
	tx: Q,
	actor: Actor,
	t: Topic,
	toStatus: TopicStatus,
	note: string,
	extra: Partial<Pick<Topic, 'mergedIntoId'>> = {},
	action = 'topic.status'
): Promise<Topic> {
	if (!canTransition(t.status, toStatus)) {
		throw new ServiceError(409, 'illegal_transition', m.topic_err_transition({ from: statusName(t.status), to: statusName(toStatus) }));
	}
	if (toStatus === 'merged' && !extra.mergedIntoId) throw invalid({ mergeIntoId: m.topic_err_merge_target() });
	if (toStatus === 'declined' && !note.trim()) throw invalid({ reason: m.topic_err_reason_required() });
	const [updated] = await tx
		.update(table.topic)
		.set({
			status: toStatus,
			updatedAt: new Date(),
			...(toStatus === 'declined' ? { declineReason: note.trim() } : {}),
			...extra
		})
		.where(and(eq(table.topic.id, t.id), eq(table.topic.status, t.status)))
		.returning();
	if (!updated) {
		throw new ServiceError(409, 'illegal_transition', m.topic_err_transition({ from: statusName(t.status), to: statusName(toStatus) }));
	}
	await addEvent(tx, t, actor, { kind: 'status', fromStatus: t.status, toStatus, note: note.trim() });
	if (actor) {
		await audit.record(tx, actor, {
			communityId: t.communityId,
			action,
			targetType: 'topic',
			targetId: t.id,
			detail: { title: t.title, from: t.status, to: toStatus, ...(note.trim() ? { note: note.trim() } : {}), ...extra }
		});
	}
	return updated;
}

/**
 * 确定议题: the committee accepts a collecting topic, declines it with a public reason, or merges it into
 * another open topic of the same community (its seconds stay with it; both pages link to each other).
 */
export async function screen(actor: Actor, topicId: number, input: unknown): Promise<Topic> {
	const t0 = await findTopic(db, topicId);
	const user = requireCommittee(actor, t0.communityId);
	const data = parseInput(ScreenInput, blanksDropped(filled(input, 'decision'), 'reason', 'mergeIntoId'));
	let mergeIntoId: number | null = null;
	if (data.decision === 'decline' && !data.reason) throw invalid({ reason: m.topic_err_reason_required() });
	if (data.decision === 'merge') {
		const parsed = v.safeParse(id, data.mergeIntoId);
		if (!parsed.success) throw invalid({ mergeIntoId: m.topic_err_merge_target() });
		if (parsed.output === t0.id) throw invalid({ mergeIntoId: m.topic_err_merge_self() });
		mergeIntoId = parsed.output;
	}

	return db.transaction(async (tx) => {
		// lock both rows in id order, so that two crossing merges cannot deadlock
		const ids = mergeIntoId ? [t0.id, mergeIntoId].sort((a, b) => a - b) : [t0.id];
		const locked = await tx.select().from(table.topic).where(inArray(table.topic.id, ids)).orderBy(asc(table.topic.id)).for('update');
		const t = locked.find((r) => r.id === t0.id);
		if (!t) throw new ServiceError(404, 'not_found', m.err_not_found());
		if (t.status !== 'collecting') throw new ServiceError(409, 'not_collecting', m.topic_err_screen_state());

		if (data.decision === 'accept') return move(tx, user, t, 'accepted', data.reason, {}, 'topic.accept');
		if (data.decision === 'decline') return move(tx, user, t, 'declined', data.reason, {}, 'topic.decline');

		const target = locked.find((r) => r.id === mergeIntoId);
		if (!target) throw invalid({ mergeIntoId: m.topic_err_merge_target() });
		if (target.communityId !== t.communityId) throw invalid({ mergeIntoId: m.topic_err_merge_community() });
		if (target.status === 'merged' || target.status === 'declined') throw invalid({ mergeIntoId: m.topic_err_merge_closed() });
		const intoNote = m.topic_note_merged_into({ id: target.id, title: target.title }, RECORD);
		const moved = await move(tx, user, t, 'merged', data.reason ? `${intoNote}：${data.reason}` : intoNote, {
			mergedIntoId: target.id
		}, 'topic.merge');
		await addEvent(tx, target, user, { kind: 'merged_from', note: m.topic_note_merged_from({ id: t.id, title: t.title }, RECORD) });
		return moved;
	});
}

/** the committee moves a topic on by hand (e.g. 已受理 → 协商中), with an optional public note */
export async function progress(actor: Actor, topicId: number, input: unknown): Promise<Topic> {
	const t = await findTopic(db, topicId);
	const user = requireCommittee(actor, t.communityId);
	const data = parseInput(ProgressInput, blanksDropped(filled(input, 'toStatus'), 'note'));
	if (!manualNext(t.status).includes(data.toStatus)) {
		throw new ServiceError(409, 'illegal_transition', m.topic_err_transition({ from: statusName(t.status), to: statusName(data.toStatus) }));
	}
	return db.transaction((tx) => advance(tx, user, topicId, data.toStatus, data.note));
}

// ---- reads ----

export interface ListFilter {
	status?: TopicStatus;
	estateId?: number;
	category?: (typeof TOPIC_CATEGORIES)[number];
	q?: string;
	page?: number;
}

/** the conditions of a topic list with the filters named in `key`; the values are filled in when the statement runs */
function listWhere(key: string) {
	const p = sql.placeholder;
	return and(
		eq(table.topic.communityId, p('communityId')),
		key.includes('s') ? eq(table.topic.status, p('status')) : undefined,
		key.includes('e') ? eq(table.topic.estateId, p('estateId')) : undefined,
		key.includes('c') ? eq(table.topic.category, p('category')) : undefined,
		key.includes('q') ? or(ilike(table.topic.title, p('pattern')), ilike(table.topic.description, p('pattern'))) : undefined
	);
}

/** with `E` in the key: the community's estates, for the list page's filter, as JSON */
function estatesColumn(key: string) {
	return key.includes('E')
		? sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${table.estate.id}, 'name', ${table.estate.name}) order by ${table.estate.id}), '[]')
			from ${table.estate} where ${table.estate.communityId} = ${sql.placeholder('communityId')})`
		: sql<unknown>`null`;
}

/** one page of a topic list and, in the same statement, the number of all the topics it matches */
function listPageQuery(key: string) {
	const where = listWhere(key);
	return db
		.select({
			item: listColumns(sql.placeholder('userId')),
			total: sql<number>`(select cast(count(*) as integer) from ${table.topic} where ${where})`,
			estates: estatesColumn(key)
		})
		.from(table.topic)
		.innerJoin(table.user, eq(table.user.id, table.topic.proposerId))
		.leftJoin(table.estate, eq(table.estate.id, table.topic.estateId))
		.leftJoin(table.building, eq(table.building.id, table.topic.buildingId))
		.where(where)
		.orderBy(desc(table.topic.createdAt), desc(table.topic.id))
		.limit(sql.placeholder('limit'))
		.offset(sql.placeholder('offset'))
		.prepare(`topic_list_${key}`);
}

function listCountQuery(key: string) {
	return db
		.select({ total: count(), estates: estatesColumn(key) })
		.from(table.topic)
		.where(listWhere(key))
		.prepare(`topic_count_${key}`);
}

const listStatements = new Map<string, { page: () => ReturnType<typeof listPageQuery>; count: () => ReturnType<typeof listCountQuery> }>();

/** one community's topics, newest first, 20 a page, filtered by status, estate, category and words in title or description */
export async function list(actor: Actor, communityId: number, filter: unknown = {}) {
	return (await listing(actor, communityId, filter, false)).list;
}

/** list(), and the community's estates for its filter (read in the same statement) */
export async function listWithEstates(actor: Actor, communityId: number, filter: unknown = {}) {
	const { list, estates } = await listing(actor, communityId, filter, true);
	return { ...list, estates: fromJson<{ id: number; name: string }[]>(estates) };
}

async function listing(actor: Actor, communityId: number, filter: unknown, withEstates: boolean) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const f = parseInput(ListInput, blanksDropped(filter, 'status', 'estateId', 'category', 'q', 'page'));
	// one prepared statement for each combination of filters given
	const key = `${f.status ? 's' : ''}${f.estateId ? 'e' : ''}${f.category ? 'c' : ''}${f.q ? 'q' : ''}${withEstates ? 'E' : ''}`;
	let statements = listStatements.get(key);
	if (!statements) {
		statements = { page: prepared(() => listPageQuery(key)), count: prepared(() => listCountQuery(key)) };
		listStatements.set(key, statements);
	}
	const values = {
		communityId: community.id,
		status: f.status,
		estateId: f.estateId,
		category: f.category,
		pattern: f.q ? containsPattern(f.q) : undefined,
		userId: user.id,
		limit: PAGE_SIZE,
		offset: (f.page - 1) * PAGE_SIZE
	};
	const rows = await statements.page().execute(values);
	const items = rows.map((r) => r.item);
	// past the last page no row carries the number of matching topics (nor the estates)
	const { total, estates } = rows.length > 0 ? rows[0] : (await statements.count().execute(values))[0];
	const list = {
		community,
		filter: { status: f.status ?? null, estateId: f.estateId ?? null, category: f.category ?? null, q: f.q },
		items,
		total,
		page: f.page,
		pageSize: PAGE_SIZE,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE))
	};
	return { list, estates };
}

/** why this actor may not second this topic, or null when they may */
export type SecondBlock = 'not_signed_in' | 'not_verified' | 'not_resident' | 'seconded' | 'own_topic' | 'closed';

function secondBlock(actor: Actor, t: Topic, seconded: boolean): SecondBlock | null {
	if (!actor) return 'not_signed_in';
	if (seconded) return 'seconded';
	if (t.status !== 'collecting') return 'closed';
	try {
		requireVerifiedResident(actor, t.communityId);
	} catch (e) {
		if (isServiceError(e) && e.code === 'not_verified') return 'not_verified';
		return 'not_resident';
	}
	if (t.proposerId === actor.id) return 'own_topic';
	return null;
}

/** a list read back as JSON in the same statement as its topic; PostgreSQL writes timestamps in ISO 8601 with the offset */
function fromJson<T>(value: unknown): T {
	return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const mergedTopic = alias(table.topic, 'merged_topic');
const ev = table.topicEvent;
const cm = table.topicComment;
const commenter = alias(table.user, 'commenter');

/**
 * the topic with everything its page shows beside it, in one statement: place and proposer names, whether this
 * user seconded it, the topic it was merged into, its timeline, its comments and the topics merged into it
 */
const readTopic = prepared(() =>
	db
		.select({
			topic: table.topic,
			estateName: table.estate.name,
			buildingName: table.building.name,
			proposerName: table.user.name,
			seconded: sql<boolean>`exists (select 1 from ${table.topicSecond} where ${table.topicSecond.topicId} = ${table.topic.id} and ${table.topicSecond.userId} = ${sql.placeholder('userId')})`,
			mergedInto: sql<unknown>`(select json_build_object('id', ${mergedTopic.id}, 'title', ${mergedTopic.title}, 'status', ${mergedTopic.status})
				from ${table.topic} ${mergedTopic} where ${mergedTopic.id} = ${table.topic.mergedIntoId})`,
			timeline: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${ev.id}, 'kind', ${ev.kind}, 'fromStatus', ${ev.fromStatus},
				'toStatus', ${ev.toStatus}, 'actorName', ${ev.actorName}, 'note', ${ev.note}, 'createdAt', ${ev.createdAt})
				order by ${ev.createdAt}, ${ev.id}), '[]') from ${ev} where ${ev.topicId} = ${table.topic.id})`,
			comments: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${cm.id}, 'body', ${cm.body}, 'authorName', ${commenter.name},
				'createdAt', ${cm.createdAt}) order by ${cm.createdAt}, ${cm.id}), '[]')
				from ${cm} join ${table.user} ${commenter} on ${commenter.id} = ${cm.userId} where ${cm.topicId} = ${table.topic.id})`,
			mergedFrom: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${mergedTopic.id}, 'title', ${mergedTopic.title},
				'secondCount', ${mergedTopic.secondCount}) order by ${mergedTopic.id}), '[]') from ${table.topic} ${mergedTopic} where ${mergedTopic.mergedIntoId} = ${table.topic.id})`,
			hasRequest: sql<boolean>`exists (select 1 from ${table.request} where ${table.request.topicId} = ${table.topic.id})`,
			hasPlans: sql<boolean>`exists (select 1 from ${table.plan} where ${table.plan.communityId} = ${table.topic.communityId} and ${table.plan.topicId} = ${table.topic.id})`
		})
		.from(table.topic)
		.innerJoin(table.user, eq(table.user.id, table.topic.proposerId))
		.leftJoin(table.estate, eq(table.estate.id, table.topic.estateId))
		.leftJoin(table.building, eq(table.building.id, table.topic.buildingId))
		.where(eq(table.topic.id, sql.placeholder('topicId')))
		.prepare('topic_read')
);

interface TimelineEvent {
	id: number;
	kind: string;
	fromStatus: TopicStatus | null;
	toStatus: TopicStatus | null;
	actorName: string;
	note: string;
	createdAt: Date;
}

/** one topic for a reader of its own community: timeline, comments, merge links and what the actor may do */
export async function get(actor: Actor, topicId: number) {
	return (await getWithLinks(actor, topicId)).view;
}

/**
 * get(), and whether a resident request (码上报) or a cost-sharing plan refers to the topic: its page asks those
 * services only when one does
 */
export async function getWithLinks(actor: Actor, topicId: number) {
	const [row] = await readTopic().execute({ topicId, userId: actor?.id ?? 0 });
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	const t = row.topic;
	const community = await communities.get(t.communityId);
	const user = requireReader(actor, community);

	const timeline = fromJson<(Omit<TimelineEvent, 'createdAt'> & { createdAt: string })[]>(row.timeline).map((e) => ({
		...e,
		createdAt: new Date(e.createdAt)
	})) satisfies TimelineEvent[];
	const comments = fromJson<{ id: number; body: string; authorName: string; createdAt: string }[]>(row.comments).map((c) => ({
		...c,
		createdAt: new Date(c.createdAt)
	}));
	const mergedInto = fromJson<{ id: number; title: string; status: TopicStatus } | null>(row.mergedInto);
	const mergedFrom = fromJson<{ id: number; title: string; secondCount: number }[]>(row.mergedFrom);

	const seconded = Boolean(row.seconded);
	const block = secondBlock(user, t, seconded);
	const committee = isCommittee(user, t.communityId);
	const canScreen = committee && t.status === 'collecting';

	const mergeTargets = canScreen
		? await db
				.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status })
				.from(table.topic)
				.where(
					and(
						eq(table.topic.communityId, t.communityId),
						ne(table.topic.id, t.id),
						notInArray(table.topic.status, ['merged', 'declined'])
					)
				)
				.orderBy(desc(table.topic.id))
				.limit(200)
		: [];

	const view = {
		topic: { ...t, estateName: row.estateName, buildingName: row.buildingName, proposerName: row.proposerName },
		community: { id: community.id, name: community.name, secondThreshold: community.secondThreshold },
		timeline,
		comments,
		mergedInto,
		mergedFrom,
		seconded,
		canSecond: block === null,
		secondBlock: block,
		canComment: rolesIn(user, t.communityId).size > 0,
		isCommittee: committee,
		canScreen,
		mergeTargets,
		nextStatuses: committee ? manualNext(t.status) : []
	};
	return { view, linked: { request: Boolean(row.hasRequest), plans: Boolean(row.hasPlans) } };
}

/** 公示栏: counts per status, the open topics and those in progress */
export async function home(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const mine = eq(table.topic.communityId, community.id);

	const rows = await db
		.select({ status: table.topic.status, n: count() })
		.from(table.topic)
		.where(mine)
		.groupBy(table.topic.status);
	const counts = Object.fromEntries(TOPIC_STATUSES.map((s) => [s, 0])) as Record<TopicStatus, number>;
	for (const r of rows) counts[r.status] = r.n;

	const [{ flagged }] = await db
		.select({ flagged: count() })
		.from(table.topic)
		.where(and(mine, eq(table.topic.status, 'collecting'), isNotNull(table.topic.flaggedAt)));

	const open = await listQuery(user.id, and(mine, eq(table.topic.status, 'collecting')))
		.orderBy(desc(table.topic.createdAt), desc(table.topic.id))
		.limit(10);
	const inProgress = await listQuery(user.id, and(mine, inArray(table.topic.status, [...IN_PROGRESS])))
		.orderBy(desc(table.topic.updatedAt), desc(table.topic.id))
		.limit(10);
	const done = await listQuery(user.id, and(mine, eq(table.topic.status, 'done')))
		.orderBy(desc(table.topic.updatedAt), desc(table.topic.id))
		.limit(5);

	return {
		community: { id: community.id, name: community.name, secondThreshold: community.secondThreshold },
		counts,
		total: Object.values(counts).reduce((a, b) => a + b, 0),
		flagged,
		open,
		inProgress,
		done,
		canPropose: canPropose(user, community.id),
		isCommittee: isCommittee(user, community.id)
	};
}

/** for the committee desk: topics that reached the threshold and still await screening, oldest first */
export async function awaitingScreening(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	return listQuery(
		user.id,
		and(eq(table.topic.communityId, community.id), eq(table.topic.status, 'collecting'), isNotNull(table.topic.flaggedAt))
	).orderBy(asc(table.topic.flaggedAt), asc(table.topic.id));
}

/** the estates and buildings a topic may be about (for the proposal form) */
export async function places(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	const estates = await db
		.select({ id: table.estate.id, name: table.estate.name })
		.from(table.estate)
		.where(eq(table.estate.communityId, community.id))
		.orderBy(asc(table.estate.id));
	const buildings = await db
		.select({ id: table.building.id, name: table.building.name, estateId: table.building.estateId, estateName: table.estate.name })
		.from(table.building)
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(eq(table.building.communityId, community.id))
		.orderBy(asc(table.estate.id), asc(table.building.id));
	return { community, estates, buildings };
}

// ---- the way in ----

/**
 * Entering a community's pages: its name and what the actor may do there. A registration still
 * waiting for the committee is told so, not just "forbidden".
 */
export async function enter(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	try {
		requireReader(actor, community);
	} catch (e) {
		const waiting = actor?.memberships.some((ms) => ms.communityId === community.id && ms.status === 'pending');
		if (isServiceError(e) && e.status === 403 && waiting) throw new ServiceError(403, 'not_verified', m.topic_err_pending());
		throw e;
	}
	return {
		community: { id: community.id, name: community.name },
		isCommittee: isCommittee(actor, community.id),
		canPropose: canPropose(actor, community.id)
	};
}

/** the communities whose pages the actor may read, and those where their registration is still pending */
export async function myCommunities(actor: Actor) {
	if (!actor) return { readable: [], pending: [] };
	const all = await db
		.select({ id: table.community.id, name: table.community.name, streetId: table.community.streetId })
		.from(table.community)
		.orderBy(asc(table.community.id));
	const streets = streetsAdministered(actor);
	const readable = all.filter((c) => rolesIn(actor, c.id).size > 0 || streets.includes(c.streetId));
	const pending = all.filter(
		(c) => !readable.includes(c) && actor.memberships.some((ms) => ms.communityId === c.id && ms.status === 'pending')
	);
	const strip = ({ id, name }: (typeof all)[number]) => ({ id, name });
	return { readable: readable.map(strip), pending: pending.map(strip) };
}

// ---- community settings that belong to topics ----

export async function settings(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	return { community, secondThreshold: community.secondThreshold };
}

/**
 * The committee sets the number of seconds that flags a topic. Lowering it flags the open topics
 * that already have enough.
 */
export async function updateSettings(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const { secondThreshold } = parseInput(ThresholdInput, filled(input, 'secondThreshold'));
	return db.transaction(async (tx) => {
		await tx.update(table.community).set({ secondThreshold }).where(eq(table.community.id, community.id));
		const reached = await tx
			.select({ id: table.topic.id, communityId: table.topic.communityId })
			.from(table.topic)
			.where(
				and(
					eq(table.topic.communityId, community.id),
					eq(table.topic.status, 'collecting'),
					isNull(table.topic.flaggedAt),
					sql`${table.topic.secondCount} >= ${secondThreshold}`
				)
			)
			.for('update');
		for (const t of reached) await flag(tx, t, secondThreshold);
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'community.threshold',
			targetType: 'community',
			targetId: community.id,
			detail: { from: community.secondThreshold, to: secondThreshold, flagged: reached.map((t) => t.id) }
		});
		return { secondThreshold, flagged: reached.length };
	});
}
