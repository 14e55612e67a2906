/**
 * A vote's life: the committee creates a draft, opens it (the roll is frozen), closes it (a binding count goes
 * on notice for objections, a poll's is final at once) and finalizes it; a vote past its closing time is closed
 * by whichever request reads it first. Here too the vote is loaded and authorised for the other parts.
 */
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import { canTransition, isClosed } from '$lib/domain/topic-status';
import { shanghaiTime } from '$lib/time';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, requireReader, type Actor } from '../access';
import * as audit from '../audit';
import * as live from '../live';
import * as communities from '../communities';
import { notify } from '../notify';
import type { ScopeOf } from '../places';
import * as topics from '../topics';
import { ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { closeSchema, createSchema } from './input';
import * as meetings from './meetings';
import * as sealed from './sealed';
import { checkScope, eligibleOf, freshRollStatistics, type Vote } from './roll';
import { bindingFigures, fullTally, pollFigures, resultOf } from './tally';

const ROLL_CHUNK = 1000;

/** the vote by id, 404 when there is none; a vote past its closing time is closed first */
export async function loadVote(voteId: number): Promise<Vote> {
	const [row] = await db.select().from(table.vote).where(eq(table.vote.id, voteId));
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
export async function closeDueIn(communityId: number) {
	const due = await db
		.select({ id: table.vote.id })
		.from(table.vote)
		.where(and(eq(table.vote.communityId, communityId), eq(table.vote.status, 'open'), sql`${table.vote.closesAt} <= now()`));
	for (const d of due) await closeDue(d.id);
}

/** the vote, for anyone who may read its community's data (403 for other communities) */
export async function readable(actor: Actor, voteId: number, inCommunity?: number) {
	const vote = await loadVote(voteId);
	// named under a community's address (/c/[cid]/votes/[vid]): a vote of another community is not found there
	if (inCommunity !== undefined && vote.communityId !== inCommunity) throw new ServiceError(404, 'not_found', m.err_not_found());
	const community = await communities.get(vote.communityId);
	const user = requireReader(actor, community);
	return { vote, community, user };
}

export async function lockForUpdate(tx: Tx, voteId: number): Promise<Vote> {
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
	// an owners' meeting or an election is a binding owners' decision with more on its ballot (meetings.ts)
	const parts = data.kind === 'meeting' || data.kind === 'election' ? meetings.partsOf(data) : null;
	const kind: table.VoteKind = parts ? 'binding' : (data.kind as table.VoteKind);
	const binding = kind === 'binding';

	let matter: art278.Matter | null = parts?.matter ?? null;
	let matterClass: art278.MatterClass | null = parts?.matterClass ?? null;
	if (binding && !parts) {
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
		const eligible = await eligibleOf(tx, { ...scope, kind, eligibility, sessionId });
		if (eligible.heads === 0 && eligibility !== 'residents' && eligibility !== 'attendees') {
			throw new ServiceError(400, 'empty_scope', m.vote_err_empty_scope(), { scope: m.vote_err_empty_scope() });
		}
		const [row] = await tx
			.insert(table.vote)
			.values({
				communityId: community.id,
				topicId: data.topicId ?? null,
				sessionId,
				kind,
				form: parts?.form ?? 'single',
				seats: parts?.seats ?? null,
				electionOrder: parts?.form === 'election' ? community.electionOrder : null,
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
				// a binding vote's online ballots are changeable until close when the community's rules say so
				changeable: binding ? community.changeableBallots : data.changeable,
				eligibleHeads: eligible.heads,
				eligibleAreaDm2: eligible.areaDm2,
				objectionDays: data.objectionDays,
				closesAt: data.closesAt ?? null,
				createdById: user.id
			})
			.returning({ id: table.vote.id });
		if (parts) await meetings.insertParts(tx, community.id, row.id, parts);
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
			detail: { title: data.title, kind: data.kind, items: parts?.items.length, candidates: parts?.candidates.length, seats: parts?.seats, matter, matterClass, scope: scope.scope, scopeIds: scope.scopeIds, sessionId }
		});
		return { id: row.id };
	});
}

/** Publishes a draft meeting's or election's notice to the owners in scope (voting may start 15 days later). */
export async function publishNotice(actor: Actor, voteId: number) {
	const found = await loadVote(voteId);
	requireCommittee(actor, found.communityId);
	return db.transaction(async (tx) => meetings.publishNotice(actor, await lockForUpdate(tx, voteId), tx));
}

/** Opens a draft: freezes the eligible roll (binding) and the scope's heads and area. */
export async function open(actor: Actor, voteId: number): Promise<{ eligible: art278.Count }> {
	const found = await loadVote(voteId);
	const user = requireCommittee(actor, found.communityId);
	return db.transaction(async (tx) => {
		const vote = await lockForUpdate(tx, voteId);
		if (vote.status !== 'draft') throw new ServiceError(409, 'vote_not_draft', m.vote_err_not_draft());
		meetings.checkStart(vote);
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
			.set({
				status: 'open',
				openedAt: now,
				updatedAt: now,
				eligibleHeads: eligible.heads,
				eligibleAreaDm2: eligible.areaDm2,
				choiceSalt: vote.anonymous ? sealed.newSalt() : null
			})
			.where(eq(table.vote.id, voteId));
		await topicFollows(tx, user, vote, 'deliberating', m.vote_topic_note_opened({ title: vote.title }));
		// everyone on the roll just frozen (or, for a poll, in its scope) hears that it is open
		await notify(tx, { kind: 'vote_opened', actorId: user.id, vote });
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
	const closed = await db.transaction(async (tx) => {
		const vote = await lockForUpdate(tx, voteId);
		if (vote.status !== 'open') throw new ServiceError(409, 'vote_not_open', m.vote_err_not_open());
		return closeLocked(tx, user, vote, data.objectionDays ?? vote.objectionDays, new Date());
	});
	await live.notify(found.sessionId);
	return resultOf(closed);
}

/** the close itself, on a vote row locked FOR UPDATE; by the committee, or by nobody (null) when it was due */
async function closeLocked(tx: Tx, user: Actor, vote: Vote, days: number, now: Date): Promise<Vote> {
	const voteId = vote.id;
	let closed: Vote;
	if (vote.kind === 'binding') {
		const figures = meetings.isMeeting(vote) ? await meetings.meetingFigures(tx, { ...vote, status: 'open' }) : bindingFigures(vote, await fullTally(tx, vote));
		[closed] = await tx
			.update(table.vote)
			.set({
				status: 'preliminary',
				closedAt: now,
				updatedAt: now,
				objectionDays: days,
				objectionEndsAt: new Date(now.getTime() + days * 86_400_000),
				result: figures as unknown as Record<string, unknown>
			})
			.where(eq(table.vote.id, voteId))
			.returning();
		await notify(tx, { kind: 'vote_preliminary', actorId: user?.id ?? null, vote: closed });
	} else {
		if (vote.eligibility === 'attendees') {
			// latecomers who checked in while the poll was open were eligible too
			vote = { ...vote, eligibleHeads: (await eligibleOf(tx, vote)).heads };
		}
		if (vote.anonymous) await sealed.countAtClose(tx, vote);
		const figures = await pollFigures(tx, { ...vote, status: 'final' });
		[closed] = await tx
			.update(table.vote)
			.set({
				status: 'final',
				closedAt: now,
				finalizedAt: now,
				updatedAt: now,
				eligibleHeads: vote.eligibleHeads,
				result: figures as unknown as Record<string, unknown>,
				choiceSalt: null
			})
			.where(eq(table.vote.id, voteId))
			.returning();
		await topicFollows(tx, user, vote, 'voted', user ? m.vote_topic_note_poll({ title: vote.title }) : m.vote_topic_note_auto_closed({ title: vote.title }));
		await notify(tx, { kind: 'vote_result', actorId: user?.id ?? null, vote: closed });
	}
	await audit.record(tx, user, {
		communityId: vote.communityId,
		action: user ? 'vote.close' : 'vote.auto_close',
		targetType: 'vote',
		targetId: voteId,
		detail: vote.kind === 'binding' ? { objectionDays: days } : {}
	});
	return closed;
}

/** After the objection period, with every objection answered, the preliminary count becomes final. */
export async function finalize(actor: Actor, voteId: number) {
	const found = await loadVote(voteId);
	const user = requireCommittee(actor, found.communityId);
	const finalized = await db.transaction(async (tx) => {
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
		const [row] = await tx.update(table.vote).set({ status: 'final', finalizedAt: now, updatedAt: now }).where(eq(table.vote.id, voteId)).returning();
		const passed = (vote.result as { passed?: boolean } | null)?.passed === true;
		await topicFollows(
			tx,
			user,
			vote,
			'voted',
			passed ? m.vote_topic_note_passed({ title: vote.title }) : m.vote_topic_note_failed({ title: vote.title })
		);
		await notify(tx, { kind: 'vote_result', actorId: user.id, vote: row });
		await audit.record(tx, user, { communityId: vote.communityId, action: 'vote.finalize', targetType: 'vote', targetId: voteId, detail: { passed } });
		return row;
	});
	return resultOf(finalized);
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
