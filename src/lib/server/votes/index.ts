/**
 * Votes: consultative polls (意向表决) and binding owners' decisions under Civil Code Art. 278
 * (业主共同决定). Every function checks who may do it; every write is one transaction.
 * Counting rules live in $lib/domain/art278; this module only does the I/O around them.
 */
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import * as v from 'valibot';
import { qrSvg } from '../qr';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import { canTransition, isClosed } from '$lib/domain/topic-status';
import { shanghaiTime } from '$lib/time';
import { db, hot, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import type { BallotChoice } from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireVerifiedResident, type Actor } from '../access';
import * as audit from '../audit';
import * as live from '../live';
import * as communities from '../communities';
import * as places from '../places';
import { unitsInScope, type ScopeOf } from '../places';
import * as topics from '../topics';
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, flag, id, moment, parseInput, smallInt, text } from '../http/validate';

export type Vote = typeof table.vote.$inferSelect;
type Q = DB | Tx;

const ROLL_CHUNK = 1000;

// ---------- input ----------

const createSchema = v.object({
	title: text(100),
	description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, m.err_invalid_input)), ''),
	kind: v.picklist(table.VOTE_KINDS, m.vote_err_kind),
	/** an Art. 278 matter code, or just its class */
	matter: v.optional(v.picklist([...art278.MATTER_CODES, 'ordinary', 'special'] as const, m.vote_err_matter)),
	topicId: v.optional(v.nullable(id)),
	/** opened from a session's agenda item: the vote belongs to that session and the item's topic */
	agendaItemId: v.optional(v.nullable(id)),
	scope: v.optional(v.picklist(table.VOTE_SCOPES, m.vote_err_scope), 'community'),
	/** a list, or one id (the form's single entrance) */
	scopeIds: v.optional(
		v.pipe(
			v.union([v.array(v.unknown()), v.pipe(v.union([v.string(), v.number()]), v.transform((x) => [x]))], m.vote_err_scope),
			v.array(id, m.vote_err_scope)
		),
		[]
	),
	eligibility: v.optional(v.picklist(['residents', 'households', 'attendees'] as const, m.err_invalid_input), 'residents'),
	/** a list, or one option per line as typed in the form */
	options: v.optional(
		v.pipe(
			v.union([
				v.array(v.string(m.vote_err_options), m.vote_err_options),
				v.pipe(
					v.string(),
					v.transform((s) => s.split(/\r?\n/).map((o) => o.trim()).filter(Boolean))
				)
			], m.vote_err_options),
			v.array(text(100, m.vote_err_options), m.vote_err_options),
			v.minLength(2, m.vote_err_options),
			v.maxLength(20, m.vote_err_options),
			v.check((opts) => new Set(opts).size === opts.length, m.vote_err_options_duplicate)
		)
	),
	multiple: flag,
	maxChoices: v.optional(smallInt(1, 20, m.vote_err_max_choices)),
	anonymous: flag,
	changeable: flag,
	closesAt: v.optional(v.nullable(moment(m.vote_err_closes_at))),
	objectionDays: v.optional(smallInt(0, 60, m.vote_err_objection_days), 7)
});

const castSchema = v.object({
	/** the unit a recorded ballot is for, or which of the owner's own units they vote from */
	unitId: v.optional(id),
	choice: v.optional(v.picklist(table.BALLOT_CHOICES, m.vote_err_choice)),
	optionIds: v.optional(v.pipe(v.array(id, m.vote_err_option), v.minLength(1, m.vote_err_poll_choice))),
	method: v.optional(v.picklist(table.BALLOT_METHODS, m.vote_err_method), 'online')
});

const closeSchema = v.object({
	objectionDays: v.optional(smallInt(0, 60, m.vote_err_objection_days))
});

const objectionSchema = v.object({ body: text(1000) });
const answerSchema = v.object({ answer: text(1000) });

/** form fields arrive as '' when left empty: treat them as not given */


// ---------- loading and scope ----------

async function loadVote(voteId: number, q: Q = db): Promise<Vote> {
	const [row] = await q.select().from(table.vote).where(eq(table.vote.id, voteId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return isDue(row) ? closeDue(voteId) : row;
}

/** open past its closing time, and not yet closed by anyone */
const isDue = (v: Pick<Vote, 'status' | 'closesAt'>, now = Date.now()) => v.status === 'open' && v.closesAt !== null && v.closesAt.getTime() <= now;

/**
 * Closes a vote whose closing time has passed. There is no timer: whichever request first reads the vote
 * after its closing time closes it, in a transaction holding the vote's row lock and checking again, so with
 * several server instances it is closed exactly once and ballots in flight (FOR SHARE) finish first.
 */
async function closeDue(voteId: number): Promise<Vote> {
	await db.transaction(async (tx) => {
		const vote = await lockForUpdate(tx, voteId);
		if (!isDue(vote)) return;
		await closeLocked(tx, null, vote, vote.objectionDays, vote.closesAt!);
	});
	const [row] = await db.select().from(table.vote).where(eq(table.vote.id, voteId));
	await live.notify(row.sessionId);
	return row;
}

/** closes every vote of the community whose closing time has passed (before listing them) */
async function closeDueIn(communityId: number) {
	const due = await db
		.select({ id: table.vote.id })
		.from(table.vote)
		.where(and(eq(table.vote.communityId, communityId), eq(table.vote.status, 'open'), sql`${table.vote.closesAt} <= now()`));
	for (const d of due) await closeDue(d.id);
}

/** the vote, for anyone who may read its community's data (403 for other communities) */
async function readable(actor: Actor, voteId: number) {
	const vote = await loadVote(voteId);
	const community = await communities.get(vote.communityId);
	const user = requireReader(actor, community);
	return { vote, community, user };
}

/** checks that the scope's ids are places of this community; 400 otherwise */
async function checkScope(q: Q, s: ScopeOf): Promise<number[]> {
	if (s.scope === 'community') return [];
	const ids = [...new Set(s.scopeIds)];
	if (ids.length === 0 || (s.scope === 'entrance' && ids.length !== 1)) {
		throw new ServiceError(400, 'invalid_scope', m.vote_err_scope(), { scopeIds: m.vote_err_scope() });
	}
	const place = { estate: table.estate, building: table.building, entrance: table.entrance }[s.scope];
	const [{ n }] = await q
		.select({ n: count() })
		.from(place)
		.where(and(inArray(place.id, ids), eq(place.communityId, s.communityId)));
	if (n !== ids.length) throw new ServiceError(400, 'invalid_scope', m.vote_err_scope(), { scopeIds: m.vote_err_scope() });
	return ids.sort((a, b) => a - b);
}

interface Eligible {
	heads: number;
	areaDm2: number;
	roll: art278.RollHead[] | null;
}

/** who may take part, counted now: the owners' roll for a binding vote, households or residents for a poll */
async function eligibleOf(q: Q, vote: ScopeOf & { kind: string; eligibility: string; sessionId?: number | null }): Promise<Eligible> {
	if (vote.kind === 'binding') {
		const units = await q
			.select({ id: table.unit.id, ownerKey: table.unit.ownerKey, areaDm2: table.unit.areaDm2, developer: table.unit.developer })
			.from(table.unit)
			.where(unitsInScope(vote));
		const roll = art278.buildRoll(units);
		return { heads: roll.length, areaDm2: roll.reduce((s, h) => s + h.areaDm2, 0), roll };
	}
	if (vote.eligibility === 'households') {
		const [row] = await q
			.select({ n: count(), area: sql<number>`coalesce(sum(${table.unit.areaDm2}), 0)`.mapWith(Number) })
			.from(table.unit)
			.where(unitsInScope(vote));
		return { heads: row.n, areaDm2: row.area, roll: null };
	}
	if (vote.eligibility === 'attendees') {
		// those checked in at the session so far; recounted when the poll opens and closes
		const [row] = await q
			.select({ n: count() })
			.from(table.sessionAttendance)
			.where(eq(table.sessionAttendance.sessionId, vote.sessionId ?? 0));
		return { heads: row.n, areaDm2: 0, roll: null };
	}
	// residents: verified residents and owners (in scope, when the poll has one)
	const conditions = [
		eq(table.membership.communityId, vote.communityId),
		eq(table.membership.status, 'verified'),
		inArray(table.membership.role, ['resident', 'owner'])
	];
	if (vote.scope !== 'community') {
		conditions.push(inArray(table.membership.unitId, db.select({ id: table.unit.id }).from(table.unit).where(unitsInScope(vote))));
	}
	const [row] = await q
		.select({ n: sql<number>`count(distinct ${table.membership.userId})`.mapWith(Number) })
		.from(table.membership)
		.where(and(...conditions));
	return { heads: row.n, areaDm2: 0, roll: null };
}

async function unitInScope(q: Q, vote: ScopeOf, unitId: number): Promise<boolean> {
	const [row] = await q
		.select({ id: table.unit.id })
		.from(table.unit)
		.where(and(eq(table.unit.id, unitId), unitsInScope(vote)));
	return row !== undefined;
}

/** the roll entry (head) a unit belonged to when the vote opened */
async function rollHeadOfUnit(q: Q, voteId: number, unitId: number) {
	const [row] = await q
		.select({ headKey: table.voteRoll.headKey, areaDm2: table.voteRoll.areaDm2 })
		.from(table.voteRoll)
		.where(and(eq(table.voteRoll.voteId, voteId), sql`${table.voteRoll.unitIds} @> ARRAY[${unitId}]::integer[]`));
	return row ?? null;
}

/**
 * After a roll is frozen: moves the GIN index's pending entries into the index and refreshes the table's
 * statistics, so that the first ballots' roll look-ups (rollHeadOfUnit) use the index at once instead of
 * scanning the pending list or, with statistics that have never seen this vote, every row of the roll
 * (measured: 3–17 ms per look-up on a 40,000-unit roll, 0.05 ms after).
 */
async function freshRollStatistics(tx: Tx) {
	await tx.execute(sql`select gin_clean_pending_list('vote_roll_unit_ids_index'::regclass)`);
	await tx.execute(sql`analyze vote_roll`);
}

/** re-reads the vote inside a ballot's transaction; FOR SHARE so closing (FOR UPDATE) waits for ballots in flight */
/**
 * A ballot holds the vote row FOR KEY SHARE until it commits: every change of a vote's status (close, auto-close,
 * finalize) first takes the row FOR UPDATE, which waits for the ballots in flight, and a ballot arriving during a
 * close waits and then sees the new status. KEY SHARE rather than SHARE because the ballot's foreign key to the
 * vote takes that same lock anyway: one lock per ballot on the busiest row, not two.
 */
async function lockOpenForBallot(tx: Tx, voteId: number) {
	const [row] = await tx
		.select({ status: table.vote.status, closesAt: table.vote.closesAt })
		.from(table.vote)
		.where(eq(table.vote.id, voteId))
		.for('key share');
	if (!row || row.status !== 'open') throw new ServiceError(409, 'vote_not_open', m.vote_err_not_open());
	if (row.closesAt && row.closesAt.getTime() < Date.now()) {
		throw new ServiceError(409, 'vote_past_deadline', m.vote_err_past_closes_at());
	}
}

async function lockForUpdate(tx: Tx, voteId: number): Promise<Vote> {
	const [row] = await tx.select().from(table.vote).where(eq(table.vote.id, voteId)).for('update');
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

// ---------- committee: create, open, close, finalize ----------

/** Creates a draft vote; its scope's heads and area are counted and shown from now on. */
export async function create(actor: Actor, communityId: number, input: unknown): Promise<{ id: number }> {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const data = parseInput(createSchema, dropBlank(input));
	const binding = data.kind === 'binding';

	let matter: art278.Matter | null = null;
	let matterClass: art278.MatterClass | null = null;
	if (binding) {
		if (!data.matter) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { matter: m.vote_err_matter() });
		if (data.matter === 'ordinary' || data.matter === 'special') matterClass = data.matter;
		else {
			matter = data.matter;
			matterClass = art278.MATTERS[data.matter].class;
		}
	}

	const options = binding ? [] : (data.options ?? []);
	let maxChoices = 1;
	if (!binding) {
		if (options.length < 2) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { options: m.vote_err_options() });
		if (data.eligibility === 'attendees' && !data.agendaItemId) {
			throw new ServiceError(400, 'invalid_input', m.vote_err_attendees_session(), { eligibility: m.vote_err_attendees_session() });
		}
		if (data.anonymous && data.changeable) {
			throw new ServiceError(400, 'invalid_input', m.vote_err_anonymous_changeable(), { changeable: m.vote_err_anonymous_changeable() });
		}
		if (data.multiple) {
			maxChoices = data.maxChoices ?? options.length;
			if (maxChoices > options.length) {
				throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { maxChoices: m.vote_err_max_choices() });
			}
		}
	}
	if (data.closesAt && data.closesAt.getTime() <= Date.now()) {
		throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { closesAt: m.vote_err_closes_at() });
	}

	return db.transaction(async (tx) => {
		let sessionId: number | null = null;
		if (data.agendaItemId) {
			const [item] = await tx
				.select({ sessionId: table.sessionAgendaItem.sessionId, topicId: table.sessionAgendaItem.topicId, status: table.deliberationSession.status })
				.from(table.sessionAgendaItem)
				.innerJoin(table.deliberationSession, eq(table.deliberationSession.id, table.sessionAgendaItem.sessionId))
				.where(and(eq(table.sessionAgendaItem.id, data.agendaItemId), eq(table.sessionAgendaItem.communityId, community.id)));
			if (!item || item.status === 'cancelled') {
				throw new ServiceError(400, 'invalid_input', m.vote_err_agenda_item(), { agendaItemId: m.vote_err_agenda_item() });
			}
			sessionId = item.sessionId;
			data.topicId = item.topicId ?? data.topicId;
		}
		if (data.topicId) {
			const [t] = await tx
				.select({ status: table.topic.status })
				.from(table.topic)
				.where(and(eq(table.topic.id, data.topicId), eq(table.topic.communityId, community.id)));
			if (!t || isClosed(t.status)) throw new ServiceError(400, 'invalid_input', m.vote_err_topic(), { topicId: m.vote_err_topic() });
		}
		const scope: ScopeOf = { communityId: community.id, scope: data.scope, scopeIds: data.scopeIds };
		scope.scopeIds = await checkScope(tx, scope);
		const eligibility = binding ? 'owners' : data.eligibility;
		const eligible = await eligibleOf(tx, { ...scope, kind: data.kind, eligibility, sessionId });
		if (eligible.heads === 0 && eligibility !== 'residents' && eligibility !== 'attendees') {
			throw new ServiceError(400, 'empty_scope', m.vote_err_empty_scope(), { scope: m.vote_err_empty_scope() });
		}
		const [row] = await tx
			.insert(table.vote)
			.values({
				communityId: community.id,
				topicId: data.topicId ?? null,
				sessionId,
				kind: data.kind,
				title: data.title,
				description: data.description,
				matter,
				matterClass,
				ruleVersion: binding ? art278.CURRENT_RULE : null,
				scope: scope.scope,
				scopeIds: scope.scopeIds,
				eligibility,
				multiple: !binding && data.multiple,
				maxChoices,
				anonymous: !binding && data.anonymous,
				changeable: !binding && data.changeable,
				eligibleHeads: eligible.heads,
				eligibleAreaDm2: eligible.areaDm2,
				objectionDays: data.objectionDays,
				closesAt: data.closesAt ?? null,
				createdById: user.id
			})
			.returning({ id: table.vote.id });
		if (options.length > 0) {
			await tx
				.insert(table.voteOption)
				.values(options.map((label, position) => ({ communityId: community.id, voteId: row.id, position, label })));
		}
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'vote.create',
			targetType: 'vote',
			targetId: row.id,
			detail: { title: data.title, kind: data.kind, matter, matterClass, scope: scope.scope, scopeIds: scope.scopeIds, sessionId }
		});
		return { id: row.id };
	});
}

/** Opens a draft: freezes the eligible roll (binding) and the scope's heads and area. */
export async function open(actor: Actor, voteId: number): Promise<{ eligible: art278.Count }> {
	const found = await loadVote(voteId);
	const user = requireCommittee(actor, found.communityId);
	return db.transaction(async (tx) => {
		const vote = await lockForUpdate(tx, voteId);
		if (vote.status !== 'draft') throw new ServiceError(409, 'vote_not_draft', m.vote_err_not_draft());
		if (vote.closesAt && vote.closesAt.getTime() <= Date.now()) {
			throw new ServiceError(400, 'invalid_input', m.vote_err_closes_at(), { closesAt: m.vote_err_closes_at() });
		}
		const eligible = await eligibleOf(tx, vote);
		if (eligible.heads === 0 && vote.eligibility !== 'residents' && vote.eligibility !== 'attendees') {
			throw new ServiceError(400, 'empty_scope', m.vote_err_empty_scope());
		}
		if (eligible.roll) {
			for (let i = 0; i < eligible.roll.length; i += ROLL_CHUNK) {
				await tx.insert(table.voteRoll).values(
					eligible.roll.slice(i, i + ROLL_CHUNK).map((h) => ({
						voteId,
						communityId: vote.communityId,
						headKey: h.key,
						areaDm2: h.areaDm2,
						unitIds: h.unitIds
					}))
				);
			}
		}
		if (eligible.roll?.length) await freshRollStatistics(tx);
		const now = new Date();
		await tx
			.update(table.vote)
			.set({ status: 'open', openedAt: now, updatedAt: now, eligibleHeads: eligible.heads, eligibleAreaDm2: eligible.areaDm2 })
			.where(eq(table.vote.id, voteId));
		await topicFollows(tx, user, vote, 'deliberating', m.vote_topic_note_opened({ title: vote.title }));
		await audit.record(tx, user, {
			communityId: vote.communityId,
			action: 'vote.open',
			targetType: 'vote',
			targetId: voteId,
			detail: { heads: eligible.heads, areaDm2: eligible.areaDm2 }
		});
		return { eligible: { heads: eligible.heads, areaDm2: eligible.areaDm2 } };
	}).finally(() => live.notify(found.sessionId));
}

/**
 * Closes the vote. A binding vote's count becomes preliminary and goes on public notice for objections
 * (询异公示) for the committee's number of days; a poll's count is final at once.
 */
export async function close(actor: Actor, voteId: number, input: unknown = {}) {
	const found = await loadVote(voteId);
	const user = requireCommittee(actor, found.communityId);
	const data = parseInput(closeSchema, dropBlank(input ?? {}));
	await db.transaction(async (tx) => {
		const vote = await lockForUpdate(tx, voteId);
		if (vote.status !== 'open') throw new ServiceError(409, 'vote_not_open', m.vote_err_not_open());
		await closeLocked(tx, user, vote, data.objectionDays ?? vote.objectionDays, new Date());
	});
	await live.notify(found.sessionId);
	return result(actor, voteId);
}

/** the close itself, on a vote row locked FOR UPDATE; by the committee, or by nobody (null) when it was due */
async function closeLocked(tx: Tx, user: Actor, vote: Vote, days: number, now: Date) {
	const voteId = vote.id;
	if (vote.kind === 'binding') {
		const counted = await fullTally(tx, vote);
		await tx
			.update(table.vote)
			.set({
				status: 'preliminary',
				closedAt: now,
				updatedAt: now,
				objectionDays: days,
				objectionEndsAt: new Date(now.getTime() + days * 86_400_000),
				result: bindingFigures(vote, counted) as unknown as Record<string, unknown>
			})
			.where(eq(table.vote.id, voteId));
	} else {
		if (vote.eligibility === 'attendees') {
			// latecomers who checked in while the poll was open were eligible too
			vote = { ...vote, eligibleHeads: (await eligibleOf(tx, vote)).heads };
		}
		const figures = await pollFigures(tx, vote);
		await tx
			.update(table.vote)
			.set({ status: 'final', closedAt: now, finalizedAt: now, updatedAt: now, eligibleHeads: vote.eligibleHeads, result: figures as unknown as Record<string, unknown> })
			.where(eq(table.vote.id, voteId));
		await topicFollows(tx, user, vote, 'voted', user ? m.vote_topic_note_poll({ title: vote.title }) : m.vote_topic_note_auto_closed({ title: vote.title }));
	}
	await audit.record(tx, user, {
		communityId: vote.communityId,
		action: user ? 'vote.close' : 'vote.auto_close',
		targetType: 'vote',
		targetId: voteId,
		detail: vote.kind === 'binding' ? { objectionDays: days } : {}
	});
}

/** After the objection period, with every objection answered, the preliminary count becomes final. */
export async function finalize(actor: Actor, voteId: number) {
	const found = await loadVote(voteId);
	const user = requireCommittee(actor, found.communityId);
	await db.transaction(async (tx) => {
		const vote = await lockForUpdate(tx, voteId);
		if (vote.status !== 'preliminary') throw new ServiceError(409, 'vote_not_preliminary', m.vote_err_not_preliminary());
		if (vote.objectionEndsAt && Date.now() < vote.objectionEndsAt.getTime()) {
			throw new ServiceError(409, 'objection_window_open', m.vote_err_window_open({ until: shanghaiTime(vote.objectionEndsAt) }));
		}
		const [{ n }] = await tx
			.select({ n: count() })
			.from(table.voteObjection)
			.where(and(eq(table.voteObjection.voteId, voteId), isNull(table.voteObjection.answeredAt)));
		if (n > 0) throw new ServiceError(409, 'objections_pending', m.vote_err_objections_pending({ count: n }));
		const now = new Date();
		await tx.update(table.vote).set({ status: 'final', finalizedAt: now, updatedAt: now }).where(eq(table.vote.id, voteId));
		const passed = (vote.result as { passed?: boolean } | null)?.passed === true;
		await topicFollows(
			tx,
			user,
			vote,
			'voted',
			passed ? m.vote_topic_note_passed({ title: vote.title }) : m.vote_topic_note_failed({ title: vote.title })
		);
		await audit.record(tx, user, { communityId: vote.communityId, action: 'vote.finalize', targetType: 'vote', targetId: voteId, detail: { passed } });
	});
	return result(actor, voteId);
}

/**
 * The topic a vote came from follows it along the topic status table: opening a vote puts an accepted
 * topic under deliberation, the final result marks it voted. A topic elsewhere on its path is left alone.
 */
async function topicFollows(tx: Tx, actor: Actor, vote: Vote, to: 'deliberating' | 'voted', note: string) {
	if (!vote.topicId) return;
	const [t] = await tx.select({ status: table.topic.status }).from(table.topic).where(eq(table.topic.id, vote.topicId));
	if (t && canTransition(t.status, to)) await topics.advance(tx, actor, vote.topicId, to, note);
}

// ---------- ballots ----------

/**
 * Casts a ballot.
 * - Binding, online: a verified owner votes for their own owner key: `{choice}` (optionally `unitId` = one of their units).
 * - Binding, recorded: the committee records a paper or door-to-door ballot for a unit's owner: `{unitId, choice, method}`.
 * - Poll: `{optionIds}` online by a verified resident; or `{unitId, optionIds, method}` recorded by the committee
 *   (per-household polls only). A changeable poll replaces the earlier ballot.
 * A second ballot for the same owner / resident / household is refused by the database (409).
 */
export async function cast(
	actor: Actor,
	voteId: number,
	input: unknown,
	/** false when the caller already tried recordPaperBallot, the same statement with the session checked in it */
	opts: { atOnce?: boolean } = {}
): Promise<{ id: number; changed: boolean }> {
	const recorded = opts.atOnce === false ? null : await recordBindingAtOnce(actor, voteId, input);
	if (recorded) return recorded;
	const { vote, user } = await readable(actor, voteId);
	const data = parseInput(castSchema, dropBlank(input));
	if (vote.status !== 'open') throw new ServiceError(409, 'vote_not_open', m.vote_err_not_open());
	const done = await (vote.kind === 'binding' ? castBinding(user, vote, data) : castPoll(user, vote, data));
	await live.notify(vote.sessionId); // a session's live board shows the new count
	return done;
}

type CastInput = v.InferOutput<typeof castSchema>;
type User = NonNullable<Actor>;

/**
 * A committee member's paper or door-to-door ballot in a binding vote, in ONE statement instead of nine round
 * trips: the ballot goes in only when the vote is binding, open and before its closing time (FOR KEY SHARE, see
 * lockOpenForBallot), the recorder is a verified committee member of the vote's community and the unit is on
 * the frozen roll; the audit entry is written by the same statement. The unique index on (vote, owner key) still
 * refuses a second ballot for the same owner (409). The unit's head on the frozen roll is found by its primary key
 * (vote, head key of the unit's owner now) and checked to hold the unit: one row by a unique index, so PostgreSQL
 * plans the prepared statement once (the GIN lookup on unit_ids alone looked costlier to its generic plan, and every
 * ballot was planned afresh, about 1 ms each). A unit whose owner changed since the vote opened finds no head this
 * way and takes the step-by-step path, which looks it up on the roll itself. `recorder` is the part that names who records:
 * RECORDER_BY_USER (the caller is known) or RECORDER_BY_SESSION (the session is checked here too, see
 * recordPaperBallot). Nothing comes back when anything did not hold.
 */
const paperBallotSql = (recorder: string) => `
	with s as (${recorder}), v as (
		select vote.id, vote.community_id, vote.session_id from vote
		where vote.id = $2::int and vote.kind = 'binding' and vote.status = 'open' and (vote.closes_at is null or vote.closes_at > now())
			and exists (select 1 from s join membership m on m.user_id = s.id
				where m.community_id = vote.community_id and m.role = 'committee' and m.status = 'verified')
		for key share of vote
	), b as (
		insert into vote_ballot (community_id, vote_id, head_key, unit_id, choice, method, recorded_by_id)
		select v.community_id, v.id, r.head_key, $3::int, $4::text, $5::text, s.id
		from v join unit u on u.id = $3::int and u.community_id = v.community_id
			join vote_roll r on r.vote_id = v.id
				and r.head_key = case when u.developer then '${art278.DEVELOPER_KEY}' else 'o:' || u.owner_key end
				and r.unit_ids @> array[$3::int], s
		returning id, community_id, vote_id
	), a as (
		insert into audit_log (community_id, actor_id, actor_name, action, target_type, target_id, detail)
		select b.community_id, s.id, s.name, 'vote.ballot_recorded', 'vote', b.vote_id, $6::jsonb from b, s
	)
	select b.id, v.session_id from b, v`;
const RECORDER_BY_USER = paperBallotSql(`select id, name from "user" where id = $1::int`);
/** a session that is valid and not due for its sliding renewal ($7, epoch ms), so nothing else has to be written */
const RECORDER_BY_SESSION = paperBallotSql(`
		select u.id, u.name from session join "user" u on u.id = session.user_id
		where session.id = $1::text and session.expires_at > to_timestamp($7::float8 / 1000)`);

/** the paper-ballot shape of a cast input, or null for anything else (cast() then explains what is wrong) */
function paperBallot(input: unknown) {
	const parsed = v.safeParse(castSchema, dropBlank(input));
	if (!parsed.success) return null;
	const { unitId, choice, method, optionIds } = parsed.output;
	if (!unitId || !choice || method === 'online' || optionIds) return null;
	return { unitId, choice, method, detail: JSON.stringify({ unitId, method, choice }) };
}

async function insertPaperBallot(statement: string, params: unknown[]): Promise<{ id: number; changed: boolean } | null> {
	try {
		const rows = await hot<{ id: number; session_id: number | null }>(statement, params);
		if (rows.length === 0) return null;
		await live.notify(rows[0].session_id);
		return { id: Number(rows[0].id), changed: false };
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_voted', m.vote_err_already_voted());
		throw e;
	}
}

async function recordBindingAtOnce(actor: Actor, voteId: number, input: unknown): Promise<{ id: number; changed: boolean } | null> {
	if (!actor || !actor.memberships.some((ms) => ms.role === 'committee' && ms.status === 'verified')) return null;
	const b = paperBallot(input);
	if (!b) return null;
	return insertPaperBallot(RECORDER_BY_USER, [actor.id, voteId, b.unitId, b.choice, b.method, b.detail]);
}

/**
 * The JSON API's paper ballot, with the session checked in the same statement (one round trip for the whole
 * request; the hooks skip their own session check for this route, see auth.checksOwnSession). Null when it did
 * not go in — no or expired session, due for renewal, not committee, vote not open, not on the roll, another
 * shape of ballot: the caller then authenticates as usual and takes cast(), which says exactly why or records it.
 */
export async function recordPaperBallot(sessionId: string, voteId: number, input: unknown, renewalAfter: number) {
	const b = paperBallot(input);
	if (!b) return null;
	return insertPaperBallot(RECORDER_BY_SESSION, [sessionId, voteId, b.unitId, b.choice, b.method, b.detail, renewalAfter]);
}

async function castBinding(user: User, vote: Vote, data: CastInput): Promise<{ id: number; changed: boolean }> {
	const choice = data.choice;
	if (!choice) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { choice: m.vote_err_choice() });
	const recorded = data.method !== 'online';
	let headKey: string;
	let unitId: number;
	if (recorded) {
		requireCommittee(user, vote.communityId);
		if (!data.unitId) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { unitId: m.vote_err_record_unit() });
		const head = await rollHeadOfUnit(db, vote.id, data.unitId);
		if (!head) throw new ServiceError(400, 'not_in_roll', m.vote_err_unit_not_in_roll(), { unitId: m.vote_err_unit_not_in_roll() });
		headKey = head.headKey;
		unitId = data.unitId;
	} else {
		({ headKey, unitId } = await bindingVoter(user, vote, data.unitId));
	}
	try {
		return await db.transaction(async (tx) => {
			await lockOpenForBallot(tx, vote.id);
			const [row] = await tx
				.insert(table.voteBallot)
				.values({
					communityId: vote.communityId,
					voteId: vote.id,
					headKey,
					unitId,
					choice,
					method: data.method,
					voterId: recorded ? null : user.id,
					recordedById: recorded ? user.id : null
				})
				.returning({ id: table.voteBallot.id });
			if (recorded) {
				await audit.record(tx, user, {
					communityId: vote.communityId,
					action: 'vote.ballot_recorded',
					targetType: 'vote',
					targetId: vote.id,
					detail: { unitId, method: data.method, choice }
				});
			}
			return { id: row.id, changed: false };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_voted', m.vote_err_already_voted());
		throw e;
	}
}

/** the owner's head and the unit an online binding ballot is cast from; 403 when not on the roll */
async function bindingVoter(user: User, vote: Vote, unitId?: number) {
	const own = ownerUnits(user, vote.communityId);
	const candidates = unitId ? own.filter((u) => u === unitId) : own;
	const found = await firstEligibleUnit(vote.id, candidates);
	if (!found) throw new ServiceError(403, 'not_eligible', m.vote_err_not_eligible());
	return found;
}

/** units the user holds as a verified owner in this community */
function ownerUnits(user: User, communityId: number): number[] {
	return user.memberships
		.filter((ms) => ms.communityId === communityId && ms.role === 'owner' && ms.status === 'verified' && ms.unitId !== null)
		.map((ms) => ms.unitId!);
}

/** the first of the owner's units that is on the roll and still carries the owner key it had at opening */
async function firstEligibleUnit(voteId: number, unitIds: number[]) {
	for (const unitId of unitIds) {
		const head = await rollHeadOfUnit(db, voteId, unitId);
		if (!head) continue;
		const [u] = await db
			.select({ ownerKey: table.unit.ownerKey, developer: table.unit.developer })
			.from(table.unit)
			.where(eq(table.unit.id, unitId));
		if (u && art278.headKeyOf(u) === head.headKey) return { headKey: head.headKey, unitId };
	}
	return null;
}

async function castPoll(user: User, vote: Vote, data: CastInput): Promise<{ id: number; changed: boolean }> {
	const optionIds = [...new Set(data.optionIds ?? [])];
	if (optionIds.length === 0) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { optionIds: m.vote_err_poll_choice() });
	if (optionIds.length > vote.maxChoices) {
		const msg = m.vote_err_too_many_choices({ max: vote.maxChoices });
		throw new ServiceError(400, 'invalid_input', msg, { optionIds: msg });
	}
	const valid = await db
		.select({ id: table.voteOption.id })
		.from(table.voteOption)
		.where(and(eq(table.voteOption.voteId, vote.id), inArray(table.voteOption.id, optionIds)));
	if (valid.length !== optionIds.length) throw new ServiceError(400, 'invalid_input', m.vote_err_option(), { optionIds: m.vote_err_option() });

	const recorded = data.method !== 'online';
	let voterKey: string;
	let unitId: number | null = null;
	if (recorded) {
		requireCommittee(user, vote.communityId);
		if (vote.eligibility !== 'households') throw new ServiceError(400, 'invalid_input', m.vote_err_record_residents(), { method: m.vote_err_record_residents() });
		if (!data.unitId) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { unitId: m.vote_err_record_unit() });
		if (!(await unitInScope(db, vote, data.unitId))) {
			throw new ServiceError(400, 'not_in_scope', m.vote_err_not_eligible_poll(), { unitId: m.vote_err_not_eligible_poll() });
		}
		unitId = data.unitId;
		voterKey = `unit:${unitId}`;
	} else {
		({ voterKey, unitId } = await pollVoter(user, vote, data.unitId));
	}

	const attempt = () =>
		db.transaction(async (tx) => {
			await lockOpenForBallot(tx, vote.id);
			const [existing] = await tx
				.select()
				.from(table.voteParticipation)
				.where(and(eq(table.voteParticipation.voteId, vote.id), eq(table.voteParticipation.voterKey, voterKey)))
				.for('update');
			if (existing) {
				if (!vote.changeable || vote.anonymous) throw new ServiceError(409, 'already_voted', m.vote_err_already_voted_poll());
				await countChoices(tx, vote, optionIds, existing.optionIds ?? []);
				await tx
					.update(table.voteParticipation)
					.set({ optionIds, method: data.method, recordedById: recorded ? user.id : null, updatedAt: new Date() })
					.where(eq(table.voteParticipation.id, existing.id));
				if (recorded) await auditRecorded(tx, user, vote, unitId, data.method, true);
				return { id: existing.id, changed: true };
			}
			const [row] = await tx
				.insert(table.voteParticipation)
				.values({
					communityId: vote.communityId,
					voteId: vote.id,
					voterKey,
					userId: recorded ? null : user.id,
					unitId,
					method: data.method,
					recordedById: recorded ? user.id : null,
					optionIds: vote.anonymous ? null : optionIds
				})
				.returning({ id: table.voteParticipation.id });
			await countChoices(tx, vote, optionIds, []);
			if (recorded) await auditRecorded(tx, user, vote, unitId, data.method, false);
			return { id: row.id, changed: false };
		});

	try {
		return await attempt();
	} catch (e) {
		if (!isUniqueViolation(e)) throw e;
		// a concurrent first ballot from the same voter won the insert; a changeable poll then takes this one as the change
		if (vote.changeable && !vote.anonymous) {
			try {
				return await attempt();
			} catch (e2) {
				if (!isUniqueViolation(e2)) throw e2;
			}
		}
		throw new ServiceError(409, 'already_voted', m.vote_err_already_voted_poll());
	}
}

/** who an online poll ballot counts for: the resident, or their household; 403 when not eligible */
async function pollVoter(user: User, vote: Vote, unitId?: number): Promise<{ voterKey: string; unitId: number | null }> {
	if (vote.eligibility === 'attendees') {
		// the attendance row is the eligibility: checked in at the vote's session with this account
		const [att] = await db
			.select({ id: table.sessionAttendance.id })
			.from(table.sessionAttendance)
			.where(and(eq(table.sessionAttendance.sessionId, vote.sessionId ?? 0), eq(table.sessionAttendance.userId, user.id)));
		if (!att) throw new ServiceError(403, 'not_attendee', m.vote_err_not_attendee());
		return { voterKey: `user:${user.id}`, unitId: null };
	}
	requireVerifiedResident(user, vote.communityId);
	const homes = user.memberships
		.filter(
			(ms) =>
				ms.communityId === vote.communityId &&
				ms.status === 'verified' &&
				(ms.role === 'resident' || ms.role === 'owner') &&
				ms.unitId !== null &&
				(unitId === undefined || ms.unitId === unitId)
		)
		.map((ms) => ms.unitId!);
	const inScope: number[] = [];
	for (const u of new Set(homes)) if (await unitInScope(db, vote, u)) inScope.push(u);
	if (vote.eligibility === 'households') {
		if (homes.length === 0) throw new ServiceError(403, 'no_household', m.vote_err_no_household());
		if (inScope.length === 0) throw new ServiceError(403, 'not_eligible', m.vote_err_not_eligible_poll());
		return { voterKey: `unit:${inScope[0]}`, unitId: inScope[0] };
	}
	if (vote.scope !== 'community' && inScope.length === 0) throw new ServiceError(403, 'not_eligible', m.vote_err_not_eligible_poll());
	return { voterKey: `user:${user.id}`, unitId: inScope[0] ?? null };
}

/**
 * Adds a ballot to the option counters (and takes back a changed one). Every option row of the vote is
 * rewritten, chosen or not, so the rows' physical traces (xmin = the ballot's transaction, ctid, update
 * order) are the same whatever was chosen and cannot be matched to the participation row written alongside.
 */
async function countChoices(tx: Tx, vote: Vote, add: number[], takeBack: number[]) {
	// ids are validated integers; one array literal each, the same on postgres.js and PGlite
	const plus = sql`(${table.voteOption.id} = any(${`{${add.join(',')}}`}::integer[]))::int`;
	const minus = sql`(${table.voteOption.id} = any(${`{${takeBack.join(',')}}`}::integer[]))::int`;
	await tx
		.update(table.voteOption)
		.set({ count: sql`${table.voteOption.count} + ${plus} - ${minus}` })
		.where(eq(table.voteOption.voteId, vote.id));
}

async function auditRecorded(tx: Tx, user: User, vote: Vote, unitId: number | null, method: string, changed: boolean) {
	// the recorded choice stays out of the log when the poll is anonymous
	await audit.record(tx, user, {
		communityId: vote.communityId,
		action: 'vote.ballot_recorded',
		targetType: 'vote',
		targetId: vote.id,
		detail: { unitId, method, changed }
	});
}

// ---------- counting and results ----------

type Figures = art278.Count;

export interface BindingResult {
	stage: Vote['status'];
	kind: 'binding';
	matter: string | null;
	matterClass: art278.MatterClass;
	ruleVersion: string;
	eligible: Figures;
	participated: Figures;
	yes: Figures;
	no: Figures;
	abstain: Figures;
	/** participation as tenths of a percent of the scope, rounded down */
	participationPermille: { heads: number; areaDm2: number };
	quorumMet: boolean;
	passed: boolean;
}

export interface PollResult {
	stage: Vote['status'];
	kind: 'poll';
	eligibility: string;
	anonymous: boolean;
	eligible: { heads: number };
	participated: { heads: number };
	participationPermille: { heads: number };
	options: { id: number; label: string; count: number }[];
}

/** the authoritative count at close: the whole roll and every ballot through the pure tally */
async function fullTally(tx: Tx, vote: Vote) {
	const roll = await tx
		.select({ key: table.voteRoll.headKey, areaDm2: table.voteRoll.areaDm2 })
		.from(table.voteRoll)
		.where(eq(table.voteRoll.voteId, vote.id));
	const ballots = await tx
		.select({ key: table.voteBallot.headKey, choice: table.voteBallot.choice })
		.from(table.voteBallot)
		.where(eq(table.voteBallot.voteId, vote.id));
	return art278.tally(roll, ballots, art278.ruleOf(vote.ruleVersion!), vote.matterClass!);
}

/** the live count while open: sums in SQL, decided by the same rule */
async function liveTally(q: Q, vote: Vote) {
	const rows = await q
		.select({
			choice: table.voteBallot.choice,
			heads: count(),
			areaDm2: sql<number>`coalesce(sum(${table.voteRoll.areaDm2}), 0)`.mapWith(Number)
		})
		.from(table.voteBallot)
		.innerJoin(
			table.voteRoll,
			and(eq(table.voteRoll.voteId, table.voteBallot.voteId), eq(table.voteRoll.headKey, table.voteBallot.headKey))
		)
		.where(eq(table.voteBallot.voteId, vote.id))
		.groupBy(table.voteBallot.choice);
	const counts: Record<BallotChoice, Figures> = {
		yes: { heads: 0, areaDm2: 0 },
		no: { heads: 0, areaDm2: 0 },
		abstain: { heads: 0, areaDm2: 0 }
	};
	for (const r of rows) counts[r.choice] = { heads: r.heads, areaDm2: r.areaDm2 };
	return art278.decide(
		{ heads: vote.eligibleHeads, areaDm2: vote.eligibleAreaDm2 },
		counts,
		art278.ruleOf(vote.ruleVersion!),
		vote.matterClass!
	);
}

function bindingFigures(vote: Vote, t: Omit<art278.Tally, 'ignored'>): Omit<BindingResult, 'stage'> {
	return {
		kind: 'binding',
		matter: vote.matter,
		matterClass: vote.matterClass!,
		ruleVersion: vote.ruleVersion!,
		eligible: t.eligible,
		participated: t.participated,
		yes: t.yes,
		no: t.no,
		abstain: t.abstain,
		participationPermille: {
			heads: art278.permille(t.participated.heads, t.eligible.heads),
			areaDm2: art278.permille(t.participated.areaDm2, t.eligible.areaDm2)
		},
		quorumMet: t.quorumMet,
		passed: t.passed
	};
}

async function pollFigures(q: Q, vote: Vote): Promise<Omit<PollResult, 'stage'>> {
	const options = await q
		.select({
			id: table.voteOption.id,
			label: table.voteOption.label,
			count: table.voteOption.count
		})
		.from(table.voteOption)
		.where(eq(table.voteOption.voteId, vote.id))
		.orderBy(asc(table.voteOption.position));
	const [{ n }] = await q.select({ n: count() }).from(table.voteParticipation).where(eq(table.voteParticipation.voteId, vote.id));
	return {
		kind: 'poll',
		eligibility: vote.eligibility,
		anonymous: vote.anonymous,
		eligible: { heads: vote.eligibleHeads },
		participated: { heads: n },
		participationPermille: { heads: art278.permille(n, vote.eligibleHeads) },
		options
	};
}

async function resultOf(vote: Vote): Promise<BindingResult | PollResult> {
	const stage = vote.status;
	if (vote.result && (stage === 'preliminary' || stage === 'final')) {
		return { ...(vote.result as unknown as Omit<BindingResult, 'stage'> | Omit<PollResult, 'stage'>), stage } as BindingResult | PollResult;
	}
	if (vote.kind === 'binding') return { stage, ...bindingFigures(vote, await liveTally(db, vote)) };
	return { stage, ...(await pollFigures(db, vote)) };
}

/** Totals for anyone in the community: live while open, the count taken at close afterwards. */
export async function result(actor: Actor, voteId: number) {
	const { vote } = await readable(actor, voteId);
	return resultOf(vote);
}

// ---------- reading ----------

/** the community's votes, newest first */
export async function list(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	await closeDueIn(community.id);
	return db
		.select({
			id: table.vote.id,
			kind: table.vote.kind,
			title: table.vote.title,
			status: table.vote.status,
			matter: table.vote.matter,
			matterClass: table.vote.matterClass,
			topicId: table.vote.topicId,
			scope: table.vote.scope,
			eligibleHeads: table.vote.eligibleHeads,
			eligibleAreaDm2: table.vote.eligibleAreaDm2,
			closesAt: table.vote.closesAt,
			openedAt: table.vote.openedAt,
			closedAt: table.vote.closedAt,
			createdAt: table.vote.createdAt
		})
		.from(table.vote)
		.where(eq(table.vote.communityId, community.id))
		.orderBy(desc(table.vote.id));
}

/** one vote with its options and the scope's heads and area (shown before it opens) */
export async function get(actor: Actor, voteId: number) {
	const { vote, user } = await readable(actor, voteId);
	const options = await db
		.select({ id: table.voteOption.id, label: table.voteOption.label })
		.from(table.voteOption)
		.where(eq(table.voteOption.voteId, vote.id))
		.orderBy(asc(table.voteOption.position));
	const committee = hasRole(user, vote.communityId, 'committee');
	return {
		id: vote.id,
		communityId: vote.communityId,
		topicId: vote.topicId,
		sessionId: vote.sessionId,
		kind: vote.kind,
		title: vote.title,
		description: vote.description,
		matter: vote.matter,
		matterClass: vote.matterClass,
		ruleVersion: vote.ruleVersion,
		scope: vote.scope,
		scopeIds: vote.scopeIds,
		eligibility: vote.eligibility,
		multiple: vote.multiple,
		maxChoices: vote.maxChoices,
		anonymous: vote.anonymous,
		changeable: vote.changeable,
		status: vote.status,
		eligible: { heads: vote.eligibleHeads, areaDm2: vote.eligibleAreaDm2 },
		objectionDays: vote.objectionDays,
		closesAt: vote.closesAt,
		openedAt: vote.openedAt,
		closedAt: vote.closedAt,
		objectionEndsAt: vote.objectionEndsAt,
		finalizedAt: vote.finalizedAt,
		createdAt: vote.createdAt,
		options,
		canManage: committee
	};
}

/**
 * Binding ballots are open to the committee: who voted what, how, and who recorded it.
 * For polls the committee sees who took part, and what they chose only when the poll is not anonymous.
 */
export async function ballots(actor: Actor, voteId: number) {
	const vote = await loadVote(voteId);
	requireCommittee(actor, vote.communityId);
	const recorder = alias(table.user, 'recorder');
	const voter = alias(table.user, 'voter');
	if (vote.kind === 'binding') {
		return db
			.select({
				id: table.voteBallot.id,
				unitId: table.voteBallot.unitId,
				estate: table.estate.name,
				building: table.building.name,
				entrance: table.entrance.name,
				room: table.unit.room,
				ownerName: table.unit.ownerName,
				/** the head's area as counted (all of the owner's units in scope) */
				areaDm2: table.voteRoll.areaDm2,
				choice: table.voteBallot.choice,
				method: table.voteBallot.method,
				voterName: voter.name,
				recordedByName: recorder.name,
				createdAt: table.voteBallot.createdAt
			})
			.from(table.voteBallot)
			.innerJoin(
				table.voteRoll,
				and(eq(table.voteRoll.voteId, table.voteBallot.voteId), eq(table.voteRoll.headKey, table.voteBallot.headKey))
			)
			.leftJoin(table.unit, eq(table.unit.id, table.voteBallot.unitId))
			.leftJoin(table.building, eq(table.building.id, table.unit.buildingId))
			.leftJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.leftJoin(table.entrance, eq(table.entrance.id, table.unit.entranceId))
			.leftJoin(voter, eq(voter.id, table.voteBallot.voterId))
			.leftJoin(recorder, eq(recorder.id, table.voteBallot.recordedById))
			.where(eq(table.voteBallot.voteId, vote.id))
			.orderBy(asc(table.voteBallot.id));
	}
	const rows = await db
		.select({
			id: table.voteParticipation.id,
			unitId: table.voteParticipation.unitId,
			estate: table.estate.name,
			building: table.building.name,
			entrance: table.entrance.name,
			room: table.unit.room,
			voterName: voter.name,
			method: table.voteParticipation.method,
			recordedByName: recorder.name,
			optionIds: table.voteParticipation.optionIds,
			createdAt: table.voteParticipation.createdAt
		})
		.from(table.voteParticipation)
		.leftJoin(table.unit, eq(table.unit.id, table.voteParticipation.unitId))
		.leftJoin(table.building, eq(table.building.id, table.unit.buildingId))
		.leftJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.leftJoin(table.entrance, eq(table.entrance.id, table.unit.entranceId))
		.leftJoin(voter, eq(voter.id, table.voteParticipation.userId))
		.leftJoin(recorder, eq(recorder.id, table.voteParticipation.recordedById))
		.where(eq(table.voteParticipation.voteId, vote.id))
		.orderBy(asc(table.voteParticipation.id));
	return rows.map((r) => ({ ...r, optionIds: vote.anonymous ? null : r.optionIds }));
}

/** For the public notice of a binding vote: the unit numbers that took part, never names or phones. */
export async function participatingUnits(actor: Actor, voteId: number) {
	const { vote } = await readable(actor, voteId);
	if (vote.kind !== 'binding') throw new ServiceError(400, 'not_binding', m.vote_err_not_binding());
	const unitIds = db
		.select({ id: sql<number>`unnest(${table.voteRoll.unitIds})`.as('id') })
		.from(table.voteRoll)
		.innerJoin(
			table.voteBallot,
			and(eq(table.voteBallot.voteId, table.voteRoll.voteId), eq(table.voteBallot.headKey, table.voteRoll.headKey))
		)
		.where(eq(table.voteRoll.voteId, vote.id));
	return db
		.select({
			unitId: table.unit.id,
			estate: table.estate.name,
			building: table.building.name,
			entrance: table.entrance.name,
			room: table.unit.room
		})
		.from(table.unit)
		.innerJoin(table.building, eq(table.building.id, table.unit.buildingId))
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.innerJoin(table.entrance, eq(table.entrance.id, table.unit.entranceId))
		.where(inArray(table.unit.id, unitIds))
		.orderBy(asc(table.estate.id), asc(table.building.id), asc(table.entrance.id), asc(table.unit.room));
}

// ---------- objections (询异) ----------

/** An owner in scope objects to the preliminary count during the notice period. */
export async function object(actor: Actor, voteId: number, input: unknown): Promise<{ id: number }> {
	const { vote, user } = await readable(actor, voteId);
	const data = parseInput(objectionSchema, input);
	if (vote.kind !== 'binding') throw new ServiceError(400, 'not_binding', m.vote_err_not_binding());
	if (vote.status !== 'preliminary') throw new ServiceError(409, 'vote_not_preliminary', m.vote_err_not_preliminary());
	if (vote.objectionEndsAt && Date.now() >= vote.objectionEndsAt.getTime()) {
		throw new ServiceError(409, 'objection_window_closed', m.vote_err_window_closed());
	}
	const own = ownerUnits(user, vote.communityId);
	let onRoll = false;
	for (const u of own) if (await rollHeadOfUnit(db, vote.id, u)) onRoll = true;
	if (!onRoll) throw new ServiceError(403, 'not_owner_in_scope', m.vote_err_objection_not_owner());
	const [row] = await db
		.insert(table.voteObjection)
		.values({ communityId: vote.communityId, voteId: vote.id, userId: user.id, body: data.body })
		.returning({ id: table.voteObjection.id });
	return { id: row.id };
}

/** objections and answers; the objector's name is for the committee only */
export async function objections(actor: Actor, voteId: number) {
	const { vote, user } = await readable(actor, voteId);
	const committee = hasRole(user, vote.communityId, 'committee');
	const rows = await db
		.select({
			id: table.voteObjection.id,
			body: table.voteObjection.body,
			answer: table.voteObjection.answer,
			createdAt: table.voteObjection.createdAt,
			answeredAt: table.voteObjection.answeredAt,
			userName: table.user.name
		})
		.from(table.voteObjection)
		.innerJoin(table.user, eq(table.user.id, table.voteObjection.userId))
		.where(eq(table.voteObjection.voteId, vote.id))
		.orderBy(asc(table.voteObjection.id));
	return rows.map(({ userName, ...r }) => (committee ? { ...r, userName } : r));
}

export async function answerObjection(actor: Actor, voteId: number, objectionId: number, input: unknown) {
	const vote = await loadVote(voteId);
	const user = requireCommittee(actor, vote.communityId);
	const data = parseInput(answerSchema, input);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(table.voteObjection)
			.where(and(eq(table.voteObjection.id, objectionId), eq(table.voteObjection.voteId, vote.id)))
			.for('update');
		if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
		if (row.answeredAt) throw new ServiceError(409, 'already_answered', m.vote_err_objection_answered());
		await tx
			.update(table.voteObjection)
			.set({ answer: data.answer, answeredById: user.id, answeredAt: new Date() })
			.where(eq(table.voteObjection.id, objectionId));
		await audit.record(tx, user, {
			communityId: vote.communityId,
			action: 'vote.objection_answered',
			targetType: 'vote',
			targetId: vote.id,
			detail: { objectionId }
		});
	});
}

/** Art. 278 matter codes with their class, for the committee's picker */
export function matters() {
	return art278.MATTER_CODES.map((code) => ({ code, item: art278.MATTERS[code].item, class: art278.MATTERS[code].class }));
}

// ---------- pages: the committee's form, the vote page, paper ballots, the register ----------

/** what the committee picks from when starting a vote: matters, places for the scope, open topics */
export async function newForm(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const [{ estates, buildings, entrances }, openTopics] = await Promise.all([
		places.placeLists(community.id),
		db
			.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status })
			.from(table.topic)
			.where(and(eq(table.topic.communityId, community.id), inArray(table.topic.status, ['collecting', 'accepted', 'deliberating', 'voted', 'implementing'])))
			.orderBy(desc(table.topic.id))
	]);
	return { community: { id: community.id, name: community.name }, matters: matters(), estates, buildings, entrances, topics: openTopics };
}

export interface Standing {
	/** may cast (or change) a ballot now */
	canCast: boolean;
	/** a ballot already counts for them (or their household) */
	voted: boolean;
	/** why they cannot vote, in words; null when they can or the vote is not open */
	reason: string | null;
	/** their own recorded choice, where it is kept (binding; named polls) */
	choice: BallotChoice | null;
	optionIds: number[] | null;
	/** an owner in scope during the objection period */
	canObject: boolean;
}

/** what this person may do on the vote page */
async function standing(user: User, vote: Vote): Promise<Standing> {
	const out: Standing = { canCast: false, voted: false, reason: null, choice: null, optionIds: null, canObject: false };
	if (vote.kind === 'binding') {
		const own = ownerUnits(user, vote.communityId);
		const heads = [];
		for (const u of own) {
			const head = await rollHeadOfUnit(db, vote.id, u);
			if (head) heads.push(head.headKey);
		}
		if (heads.length > 0) {
			const [ballot] = await db
				.select({ choice: table.voteBallot.choice })
				.from(table.voteBallot)
				.where(and(eq(table.voteBallot.voteId, vote.id), inArray(table.voteBallot.headKey, heads)));
			if (ballot) Object.assign(out, { voted: true, choice: ballot.choice });
		}
		if (vote.status === 'open' && !out.voted) {
			try {
				await bindingVoter(user, vote);
				out.canCast = true;
			} catch (e) {
				if (!(e instanceof ServiceError)) throw e;
				out.reason = e.message;
			}
		}
		out.canObject =
			vote.status === 'preliminary' && heads.length > 0 && !(vote.objectionEndsAt && Date.now() >= vote.objectionEndsAt.getTime());
		return out;
	}
	let voterKey: string | null = null;
	try {
		voterKey = (await pollVoter(user, vote)).voterKey;
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		if (vote.status === 'open') out.reason = e.message;
	}
	if (voterKey) {
		const [p] = await db
			.select({ optionIds: table.voteParticipation.optionIds })
			.from(table.voteParticipation)
			.where(and(eq(table.voteParticipation.voteId, vote.id), eq(table.voteParticipation.voterKey, voterKey)));
		if (p) Object.assign(out, { voted: true, optionIds: vote.anonymous ? null : p.optionIds });
		out.canCast = vote.status === 'open' && (!p || (vote.changeable && !vote.anonymous));
	}
	return out;
}

/** a unit in words: 金阳花园A区 1栋 1单元 301 */
export const unitLabel = (u: { estate?: string | null; building?: string | null; entrance?: string | null; room?: string | null }) =>
	[u.estate, u.building, u.entrance, u.room].filter(Boolean).join(' ');

/** units in scope with their names, in register order */
async function scopeUnits(vote: ScopeOf) {
	return places
		.unitRows()
		.where(unitsInScope(vote))
		.orderBy(asc(table.estate.id), asc(table.building.id), asc(table.entrance.id), asc(table.unit.room));
}

/** the units the committee may record a paper or door ballot for, grouped by building; voted ones marked */
async function recordableUnits(vote: Vote) {
	if (vote.kind === 'binding') {
		const roll = await db
			.select({ headKey: table.voteRoll.headKey, unitIds: table.voteRoll.unitIds })
			.from(table.voteRoll)
			.where(eq(table.voteRoll.voteId, vote.id));
		const cast = new Set(
			(await db.select({ headKey: table.voteBallot.headKey }).from(table.voteBallot).where(eq(table.voteBallot.voteId, vote.id))).map(
				(b) => b.headKey
			)
		);
		const headOf = new Map<number, string>();
		for (const r of roll) for (const u of r.unitIds) headOf.set(u, r.headKey);
		return (await scopeUnits(vote))
			.filter((u) => headOf.has(u.id))
			.map((u) => ({ id: u.id, group: `${u.estate} ${u.building} ${u.entrance}`, room: u.room, voted: cast.has(headOf.get(u.id)!) }));
	}
	if (vote.eligibility !== 'households') return [];
	const cast = new Set(
		(
			await db
				.select({ unitId: table.voteParticipation.unitId })
				.from(table.voteParticipation)
				.where(and(eq(table.voteParticipation.voteId, vote.id), sql`${table.voteParticipation.voterKey} like 'unit:%'`))
		).map((p) => p.unitId)
	);
	return (await scopeUnits(vote)).map((u) => ({ id: u.id, group: `${u.estate} ${u.building} ${u.entrance}`, room: u.room, voted: cast.has(u.id) }));
}

/**
 * Everything the vote page shows this person: the vote, its scope in words, the count (live while open,
 * taken at close afterwards), what they may do, and for the committee the open register and recordable units.
 * Residents get totals and participating unit numbers only.
 */
export async function view(actor: Actor, voteId: number) {
	const { vote, user } = await readable(actor, voteId);
	const committee = hasRole(user, vote.communityId, 'committee');
	const binding = vote.kind === 'binding';
	const [detail, result, scope, me] = await Promise.all([get(actor, voteId), resultOf(vote), places.scopeNames(vote), standing(user, vote)]);
	const [topic] = vote.topicId
		? await db.select({ id: table.topic.id, title: table.topic.title }).from(table.topic).where(eq(table.topic.id, vote.topicId))
		: [];
	return {
		vote: detail,
		result,
		scopeNames: scope,
		topic: topic ?? null,
		me,
		participating: binding && vote.status !== 'draft' ? await participatingUnits(actor, voteId) : [],
		objections: binding ? await objections(actor, voteId) : [],
		register: committee && vote.status !== 'draft' ? await ballots(actor, voteId) : null,
		recordable: committee && vote.status === 'open' ? await recordableUnits(vote) : [],
		committee
	};
}

/** The public result notice (公示): totals, thresholds, participating unit numbers and answered objections. */
export async function notice(actor: Actor, voteId: number) {
	const { vote, community } = await readable(actor, voteId);
	const [detail, result, scope] = await Promise.all([get(actor, voteId), resultOf(vote), places.scopeNames(vote)]);
	return {
		community: { id: community.id, name: community.name },
		vote: detail,
		result,
		scopeNames: scope,
		participating: vote.kind === 'binding' && vote.status !== 'draft' ? await participatingUnits(actor, voteId) : [],
		objections: vote.kind === 'binding' ? await objections(actor, voteId) : []
	};
}

/** the vote page's address, for the QR code on paper ballots */
export const voteUrl = (origin: string, vote: { id: number; communityId: number }) => `${origin}/c/${vote.communityId}/votes/${vote.id}`;


/**
 * Printable ballot papers for the committee: one sheet per owner (binding: a head with all their units in
 * scope and the area counted) or per household (a per-household poll). Before opening the roll is counted
 * from the register now; once open it is the frozen roll. Each sheet carries a QR code of the vote page.
 */
export async function papers(actor: Actor, voteId: number, origin: string) {
	const vote = await loadVote(voteId);
	requireCommittee(actor, vote.communityId);
	const community = await communities.get(vote.communityId);
	const [detail, scope, units] = await Promise.all([get(actor, voteId), places.scopeNames(vote), scopeUnits(vote)]);
	const byId = new Map(units.map((u) => [u.id, u]));
	let sheets: { key: string; units: string[]; ownerName: string; areaDm2: number }[];
	if (vote.kind === 'binding') {
		const roll =
			vote.status === 'draft'
				? art278.buildRoll(units).map((h) => ({ headKey: h.key, areaDm2: h.areaDm2, unitIds: h.unitIds }))
				: await db
						.select({ headKey: table.voteRoll.headKey, areaDm2: table.voteRoll.areaDm2, unitIds: table.voteRoll.unitIds })
						.from(table.voteRoll)
						.where(eq(table.voteRoll.voteId, vote.id));
		const order = new Map(units.map((u, i) => [u.id, i]));
		sheets = roll
			.map((h) => {
				const own = h.unitIds.map((id) => byId.get(id)).filter((u) => u !== undefined);
				own.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
				return { key: h.headKey, units: own.map(unitLabel), ownerName: own[0]?.ownerName ?? '', areaDm2: h.areaDm2, first: order.get(own[0]?.id) ?? 0 };
			})
			.sort((a, b) => a.first - b.first)
			.map(({ first: _first, ...s }) => s);
	} else if (vote.eligibility === 'households') {
		sheets = units.map((u) => ({ key: `unit:${u.id}`, units: [unitLabel(u)], ownerName: u.ownerName, areaDm2: u.areaDm2 }));
	} else {
		throw new ServiceError(400, 'no_papers', m.vote_err_papers_residents());
	}
	const url = voteUrl(origin, vote);
	return { community: { id: community.id, name: community.name }, vote: detail, scopeNames: scope, url, qr: await qrSvg(url), sheets };
}

const CHOICE_ZH: Record<string, () => string> = { yes: m.vote_choice_yes, no: m.vote_choice_no, abstain: m.vote_choice_abstain };
const METHOD_ZH: Record<string, () => string> = { online: m.vote_method_online, paper: m.vote_method_paper, door: m.vote_method_door };

/** The ballot register as an XLSX workbook for the committee: one row per ballot. */
export async function registerWorkbook(actor: Actor, voteId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
	const vote = await loadVote(voteId);
	requireCommittee(actor, vote.communityId);
	const rows = await ballots(actor, voteId);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Yishiting';
	const sheet = book.addWorksheet(m.vote_register_sheet());
	const options = vote.kind === 'poll' ? new Map((await get(actor, voteId)).options.map((o) => [o.id, o.label])) : new Map<number, string>();
	sheet.columns = [
		{ header: m.vote_register_col_unit(), key: 'unit', width: 28 },
		{ header: m.vote_register_col_owner(), key: 'owner', width: 14 },
		{ header: m.vote_register_col_area(), key: 'area', width: 12, style: { numFmt: '0.00' } },
		{ header: m.vote_register_col_choice(), key: 'choice', width: 16 },
		{ header: m.vote_register_col_method(), key: 'method', width: 10 },
		{ header: m.vote_register_col_recorder(), key: 'recorder', width: 12 },
		{ header: m.vote_register_col_time(), key: 'time', width: 18 }
	];
	sheet.getRow(1).font = { bold: true };
	for (const r of rows) {
		const b = r as Partial<{ ownerName: string | null; areaDm2: number; choice: string; voterName: string | null }> & typeof r;
		const poll = r as Partial<{ optionIds: number[] | null }>;
		sheet.addRow({
			unit: unitLabel(r),
			owner: vote.kind === 'binding' ? (b.ownerName ?? '') : (b.voterName ?? ''),
			area: b.areaDm2 !== undefined ? b.areaDm2 / 100 : null,
			choice:
				vote.kind === 'binding'
					? CHOICE_ZH[b.choice!]()
					: poll.optionIds
						? poll.optionIds.map((o) => options.get(o) ?? '').join('、')
						: m.vote_register_anonymous(),
			method: METHOD_ZH[r.method](),
			recorder: r.recordedByName ?? '',
			time: shanghaiTime(r.createdAt)
		});
	}
	const bytes = new Uint8Array(await book.xlsx.writeBuffer());
	return { fileName: `vote-${vote.id}-register.xlsx`, bytes };
}
