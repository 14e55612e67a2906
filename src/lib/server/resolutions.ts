/**
 * Resolutions (决议) followed to done: each with its responsible person (第一责任人), deadline and dated
 * progress; the status is computed from the Shanghai calendar, never typed. When every resolution of a topic
 * is done the topic is 已办结 and verified residents evaluate the outcome, once each.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as rules from '$lib/domain/resolution';
import { canTransition } from '$lib/domain/topic-status';
import { db, type Tx } from './db';
import * as table from './db/schema';
import { hasRole, requireCommittee, requireReader, requireUser, requireVerifiedResident, type Actor } from './access';
import * as audit from './audit';
import * as communities from './communities';
import * as topics from './topics';
import { isUniqueViolation, ServiceError } from './errors';
import { dropBlank, flag, id, optionalText, parseInput, text } from './http/validate';
import { loadSession } from './sessions';

export type Resolution = typeof table.resolution.$inferSelect;

const zh = { locale: 'zh-CN' as const };

// ---------- input ----------

const day = (message: () => string) =>
	v.pipe(v.string(message), v.trim(), v.check(rules.isCalendarDay, message));

export const createSchema = v.object({
	text: text(500, m.res_err_text),
	responsibleName: text(40, m.res_err_responsible),
	responsibleUserId: v.optional(v.nullable(id)),
	deadline: day(m.res_err_deadline),
	agendaItemId: v.optional(v.nullable(id))
});
export const updateSchema = v.object({
	text: text(500, m.res_err_text),
	responsibleName: text(40, m.res_err_responsible),
	responsibleUserId: v.optional(v.nullable(id)),
	deadline: day(m.res_err_deadline)
});
export const progressSchema = v.object({
	on: v.optional(day(m.res_err_progress_date)),
	note: text(1000, m.res_err_note),
	done: flag
});
export const evaluationSchema = v.object({
	// a missing choice gets the same message as a wrong one
	choice: v.pipe(v.optional(v.string(), ''), v.picklist(table.TOPIC_EVALUATIONS, m.res_err_evaluation)),
	comment: optionalText(500)
});

// ---------- status ----------

interface WithProgress {
	deadline: string;
	doneOn: string | null;
	progressCount: number;
}

/** the status and days left as a resident sees them today (Shanghai) */
export function statusOf(r: WithProgress, today = rules.shanghaiToday()) {
	return { status: rules.resolutionStatus(r, today), daysLeft: rules.daysLeft(r, today), late: rules.finishedLate(r) };
}

async function progressCounts(ids: number[], q: typeof db | Tx = db) {
	if (ids.length === 0) return new Map<number, number>();
	const rows = await q
		.select({ id: table.resolutionProgress.resolutionId })
		.from(table.resolutionProgress)
		.where(inArray(table.resolutionProgress.resolutionId, ids));
	const out = new Map<number, number>();
	for (const r of rows) out.set(r.id, (out.get(r.id) ?? 0) + 1);
	return out;
}

// ---------- committee: resolutions ----------

/** A resolution of a session, on one of its agenda items (whose topic it then follows) or the session as a whole. */
export async function create(actor: Actor, sessionId: number, input: unknown): Promise<{ id: number }> {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	const data = parseInput(createSchema, dropBlank(input));
	if (session.status === 'draft' || session.status === 'cancelled') throw new ServiceError(409, 'session_not_held', m.mins_err_not_held());
	return db.transaction(async (tx) => {
		let topicId: number | null = null;
		if (data.agendaItemId) {
			const [item] = await tx
				.select({ topicId: table.sessionAgendaItem.topicId })
				.from(table.sessionAgendaItem)
				.where(and(eq(table.sessionAgendaItem.id, data.agendaItemId), eq(table.sessionAgendaItem.sessionId, session.id)));
			if (!item) throw new ServiceError(400, 'invalid_input', m.mins_err_agenda_item(), { agendaItemId: m.mins_err_agenda_item() });
			topicId = item.topicId;
		}
		if (data.responsibleUserId) await requireMember(tx, data.responsibleUserId, session.communityId);
		const [row] = await tx
			.insert(table.resolution)
			.values({
				communityId: session.communityId,
				sessionId: session.id,
				agendaItemId: data.agendaItemId ?? null,
				topicId,
				text: data.text,
				responsibleName: data.responsibleName,
				responsibleUserId: data.responsibleUserId ?? null,
				deadline: data.deadline,
				createdById: user.id
			})
			.returning({ id: table.resolution.id });
		await audit.record(tx, user, {
			communityId: session.communityId,
			action: 'resolution.create',
			targetType: 'resolution',
			targetId: row.id,
			detail: { sessionId: session.id, text: data.text, responsibleName: data.responsibleName, deadline: data.deadline }
		});
		return { id: row.id };
	});
}

/** the responsible user must belong to the community (any verified role) */
async function requireMember(tx: Tx, userId: number, communityId: number) {
	const [ms] = await tx
		.select({ id: table.membership.id })
		.from(table.membership)
		.where(and(eq(table.membership.userId, userId), eq(table.membership.communityId, communityId), eq(table.membership.status, 'verified')));
	if (!ms) throw new ServiceError(400, 'invalid_input', m.res_err_responsible_user(), { responsibleUserId: m.res_err_responsible_user() });
}

async function loadResolution(resolutionId: number, q: typeof db | Tx = db): Promise<Resolution> {
	const [row] = await q.select().from(table.resolution).where(eq(table.resolution.id, resolutionId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/**
 * Corrects a resolution's wording, responsible person or deadline (logged; published minutes keep theirs).
 * The responsible person's account stays linked unless `responsibleUserId` is given (null unlinks it).
 */
export async function update(actor: Actor, resolutionId: number, input: unknown) {
	const r = await loadResolution(resolutionId);
	const user = requireCommittee(actor, r.communityId);
	const data = parseInput(updateSchema, dropBlank(input));
	await db.transaction(async (tx) => {
		if (data.responsibleUserId) await requireMember(tx, data.responsibleUserId, r.communityId);
		await tx
			.update(table.resolution)
			.set({ ...data, responsibleUserId: data.responsibleUserId === undefined ? r.responsibleUserId : data.responsibleUserId, updatedAt: new Date() })
			.where(eq(table.resolution.id, r.id));
		await audit.record(tx, user, {
			communityId: r.communityId,
			action: 'resolution.update',
			targetType: 'resolution',
			targetId: r.id,
			detail: { before: { text: r.text, responsibleName: r.responsibleName, deadline: r.deadline }, after: data }
		});
	});
}

/**
 * A dated progress note (落实进展) by the committee or the responsible person; `done` completes the
 * resolution on that day. When the last open resolution of a topic is done, the topic is 已办结.
 */
export async function addProgress(actor: Actor, resolutionId: number, input: unknown): Promise<{ id: number; topicDone: boolean }> {
	const user = requireUser(actor);
	const r0 = await loadResolution(resolutionId);
	const committee = hasRole(user, r0.communityId, 'committee');
	if (!committee && r0.responsibleUserId !== user.id) throw new ServiceError(403, 'forbidden', m.err_forbidden());
	const data = parseInput(progressSchema, dropBlank(input));
	const today = rules.shanghaiToday();
	const on = data.on ?? today;
	if (on > today) throw new ServiceError(400, 'invalid_input', m.res_err_progress_future(), { on: m.res_err_progress_future() });
	return db.transaction(async (tx) => {
		const [r] = await tx.select().from(table.resolution).where(eq(table.resolution.id, resolutionId)).for('update');
		if (r.doneOn) throw new ServiceError(409, 'already_done', m.res_err_already_done());
		const [row] = await tx
			.insert(table.resolutionProgress)
			.values({ communityId: r.communityId, resolutionId: r.id, on, note: data.note, done: data.done, recordedById: user.id })
			.returning({ id: table.resolutionProgress.id });
		if (data.done) await tx.update(table.resolution).set({ doneOn: on, updatedAt: new Date() }).where(eq(table.resolution.id, r.id));
		await audit.record(tx, user, {
			communityId: r.communityId,
			action: data.done ? 'resolution.done' : 'resolution.progress',
			targetType: 'resolution',
			targetId: r.id,
			detail: { on, note: data.note }
		});
		const topicDone = data.done && r.topicId ? await topicFollows(tx, committee ? user : null, r.topicId) : false;
		return { id: row.id, topicDone };
	});
}

/** the topic becomes 已办结 when all its resolutions are done (through 落实中 if it had not got there) */
async function topicFollows(tx: Tx, actor: Actor, topicId: number): Promise<boolean> {
	const rows = await tx
		.select({ id: table.resolution.id, deadline: table.resolution.deadline, doneOn: table.resolution.doneOn })
		.from(table.resolution)
		.where(eq(table.resolution.topicId, topicId));
	const today = rules.shanghaiToday();
	const statuses = rows.map((r) => rules.resolutionStatus({ ...r, progressCount: 0 }, today));
	if (!rules.allDone(statuses)) return false;
	const [t] = await tx.select({ status: table.topic.status }).from(table.topic).where(eq(table.topic.id, topicId));
	if (!t) return false;
	let status = t.status;
	if (status !== 'implementing' && canTransition(status, 'implementing')) {
		await topics.advance(tx, actor, topicId, 'implementing', m.res_topic_note_implementing({}, zh));
		status = 'implementing';
	}
	if (!canTransition(status, 'done')) return false;
	await topics.advance(tx, actor, topicId, 'done', m.res_topic_note_done({ count: rows.length }, zh));
	return true;
}

// ---------- reading ----------

const listColumns = {
	id: table.resolution.id,
	communityId: table.resolution.communityId,
	sessionId: table.resolution.sessionId,
	sessionTitle: table.deliberationSession.title,
	topicId: table.resolution.topicId,
	topicTitle: table.topic.title,
	topicStatus: table.topic.status,
	text: table.resolution.text,
	responsibleName: table.resolution.responsibleName,
	responsibleUserId: table.resolution.responsibleUserId,
	deadline: table.resolution.deadline,
	doneOn: table.resolution.doneOn,
	createdAt: table.resolution.createdAt
};

async function withStatus<T extends { id: number; deadline: string; doneOn: string | null }>(rows: T[]) {
	const counts = await progressCounts(rows.map((r) => r.id));
	const today = rules.shanghaiToday();
	return rows.map((r) => {
		const progressCount = counts.get(r.id) ?? 0;
		return { ...r, progressCount, ...statusOf({ ...r, progressCount }, today) };
	});
}

function baseQuery() {
	return db
		.select(listColumns)
		.from(table.resolution)
		.innerJoin(table.deliberationSession, eq(table.deliberationSession.id, table.resolution.sessionId))
		.leftJoin(table.topic, eq(table.topic.id, table.resolution.topicId));
}

/**
 * The community's public progress page: every resolution with its computed status, counts per status,
 * the done topics with their evaluation and this reader's own choice.
 */
export async function board(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const rows = await withStatus(
		await baseQuery()
			.where(eq(table.resolution.communityId, community.id))
			.orderBy(desc(table.resolution.sessionId), asc(table.resolution.id))
	);
	const topicIds = [...new Set(rows.map((r) => r.topicId).filter((x): x is number => x !== null))];
	const evaluationsByTopic = new Map<number, Awaited<ReturnType<typeof evaluationSummary>>>();
	for (const t of topicIds) evaluationsByTopic.set(t, await evaluationSummary(user.id, t));
	const topicsDone = topicIds
		.map((tid) => {
			const first = rows.find((r) => r.topicId === tid)!;
			return { id: tid, title: first.topicTitle ?? '', status: first.topicStatus, evaluation: evaluationsByTopic.get(tid)! };
		})
		.filter((t) => t.status === 'done');
	return {
		community: { id: community.id, name: community.name },
		resolutions: rows,
		counts: rules.countByStatus(rows.map((r) => r.status)),
		topicsDone,
		canEvaluate: hasRole(user, community.id, 'resident', 'owner'),
		canManage: hasRole(user, community.id, 'committee'),
		today: rules.shanghaiToday()
	};
}

/** one resolution with its progress notes */
export async function get(actor: Actor, resolutionId: number) {
	const r0 = await loadResolution(resolutionId);
	const community = await communities.get(r0.communityId);
	const user = requireReader(actor, community);
	const [row] = await withStatus(await baseQuery().where(eq(table.resolution.id, r0.id)));
	const progress = await db
		.select({
			id: table.resolutionProgress.id,
			on: table.resolutionProgress.on,
			note: table.resolutionProgress.note,
			done: table.resolutionProgress.done,
			createdAt: table.resolutionProgress.createdAt
		})
		.from(table.resolutionProgress)
		.where(eq(table.resolutionProgress.resolutionId, r0.id))
		.orderBy(asc(table.resolutionProgress.on), asc(table.resolutionProgress.id));
	const canManage = hasRole(user, r0.communityId, 'committee');
	return {
		community: { id: community.id, name: community.name },
		resolution: row,
		progress,
		canManage,
		canReport: !row.doneOn && (canManage || r0.responsibleUserId === user.id),
		evaluation: r0.topicId ? await evaluationSummary(user.id, r0.topicId) : null,
		canEvaluate: hasRole(user, r0.communityId, 'resident', 'owner')
	};
}

/** a session's resolutions with status (for the session's record page and the API) */
export async function ofSession(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	requireReader(actor, await communities.get(session.communityId));
	return listOf(session);
}

/** a session's resolutions with status, for a session its caller already read and authorised (the minutes notice) */
export async function listOf(session: { id: number }) {
	return withStatus(await baseQuery().where(eq(table.resolution.sessionId, session.id)).orderBy(asc(table.resolution.id)));
}

// ---------- evaluation of a done topic ----------

async function evaluationSummary(userId: number, topicId: number) {
	const rows = await db
		.select({ userId: table.topicEvaluation.userId, choice: table.topicEvaluation.choice })
		.from(table.topicEvaluation)
		.where(eq(table.topicEvaluation.topicId, topicId));
	return { ...rules.countEvaluations(rows.map((r) => r.choice)), mine: rows.find((r) => r.userId === userId)?.choice ?? null };
}

/** A verified resident evaluates the outcome of a done topic: 满意 / 基本满意 / 不满意, once (a unique index). */
export async function evaluate(actor: Actor, topicId: number, input: unknown): Promise<{ id: number }> {
	const [t] = await db.select().from(table.topic).where(eq(table.topic.id, topicId));
	if (!t) throw new ServiceError(404, 'not_found', m.err_not_found());
	requireReader(actor, await communities.get(t.communityId));
	const user = requireVerifiedResident(actor, t.communityId);
	const data = parseInput(evaluationSchema, dropBlank(input));
	if (t.status !== 'done') throw new ServiceError(409, 'topic_not_done', m.res_err_topic_not_done());
	try {
		const [row] = await db
			.insert(table.topicEvaluation)
			.values({ communityId: t.communityId, topicId: t.id, userId: user.id, choice: data.choice, comment: data.comment })
			.returning({ id: table.topicEvaluation.id });
		return { id: row.id };
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_evaluated', m.res_err_already_evaluated());
		throw e;
	}
}

/** a topic's evaluation totals and this reader's own choice; comments without names */
export async function evaluations(actor: Actor, topicId: number) {
	const [t] = await db.select().from(table.topic).where(eq(table.topic.id, topicId));
	if (!t) throw new ServiceError(404, 'not_found', m.err_not_found());
	const user = requireReader(actor, await communities.get(t.communityId));
	const comments = await db
		.select({ choice: table.topicEvaluation.choice, comment: table.topicEvaluation.comment, createdAt: table.topicEvaluation.createdAt })
		.from(table.topicEvaluation)
		.where(eq(table.topicEvaluation.topicId, t.id))
		.orderBy(asc(table.topicEvaluation.id));
	return {
		topic: { id: t.id, title: t.title, status: t.status },
		...(await evaluationSummary(user.id, t.id)),
		comments: comments.filter((c) => c.comment !== '')
	};
}
