/**
 * Reading votes: the community's list, one vote, its count, the committee's register, the participating units,
 * and everything the vote page and the public notice show. The public functions load and authorise once and
 * hand the records to the helpers (…Of) below.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import { db } from '../db';
import * as table from '../db/schema';
import type { BallotChoice } from '../db/schema';
import { hasRole, requireCommittee, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import * as places from '../places';
import { ServiceError } from '../errors';
import { bindingVoter, pollVoter } from './ballots';
import { closeDueIn, loadVote, readable } from './lifecycle';
import * as meetings from './meetings';
import { objectionsOf } from './objections';
import { ownerUnits, rollHeadOfUnit, scopeUnits, type User, type Vote } from './roll';
import { resultOf } from './tally';

/** Totals for anyone in the community: live while open, the count taken at close afterwards. */
export async function result(actor: Actor, voteId: number) {
	const { vote } = await readable(actor, voteId);
	return resultOf(vote);
}

/** the community's votes, newest first */
export async function list(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	await closeDueIn(community.id);
	return db
		.select({
			id: table.vote.id,
			kind: table.vote.kind,
			form: table.vote.form,
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
	return detailOf(vote, hasRole(user, vote.communityId, 'committee'));
}

/** a poll's options in their order */
export const optionsOf = (vote: Vote) =>
	db
		.select({ id: table.voteOption.id, label: table.voteOption.label })
		.from(table.voteOption)
		.where(eq(table.voteOption.voteId, vote.id))
		.orderBy(asc(table.voteOption.position));

/** get() for a vote already loaded; canManage for its committee */
export async function detailOf(vote: Vote, committee: boolean) {
	const [options, parts] = await Promise.all([optionsOf(vote), meetings.ballotParts(vote)]);
	return {
		id: vote.id,
		communityId: vote.communityId,
		topicId: vote.topicId,
		sessionId: vote.sessionId,
		kind: vote.kind,
		/** single matter; an owners' meeting's several matters (items); a committee election (seats, candidates) */
		form: vote.form,
		title: vote.title,
		description: vote.description,
		items: parts.items,
		seats: vote.seats,
		candidates: parts.candidates,
		/** a meeting's or election's notice to the owners, and the first moment voting may start (15 days later) */
		noticedAt: vote.noticedAt,
		earliestStart: meetings.earliestStart(vote),
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
 * For polls the committee sees who took part, and what they chose only when the poll is not anonymous; an
 * anonymous poll's list has no times and no ids, in the order of places and names.
 */
export async function ballots(actor: Actor, voteId: number) {
	const vote = await loadVote(voteId);
	requireCommittee(actor, vote.communityId);
	return registerOf(vote);
}

/** the register of a vote already loaded, for its committee */
export async function registerOf(vote: Vote) {
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
				choices: table.voteBallot.choices,
				candidateIds: table.voteBallot.candidateIds,
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
		.orderBy(
			...(vote.anonymous
				? [asc(table.estate.id), asc(table.building.id), asc(table.entrance.id), asc(table.unit.room), asc(voter.name), asc(table.voteParticipation.voterKey)]
				: [asc(table.voteParticipation.id)])
		);
	if (!vote.anonymous) return rows;
	// who took part, by place and name: no time, no row id, nothing in the order people voted in
	return rows.map(({ id: _id, createdAt: _at, ...r }) => ({ ...r, optionIds: null }));
}

/** For the public notice of a binding vote: the unit numbers that took part, never names or phones. */
export async function participatingUnits(actor: Actor, voteId: number) {
	const { vote } = await readable(actor, voteId);
	if (vote.kind !== 'binding') throw new ServiceError(400, 'not_binding', m.vote_err_not_binding());
	return participatingOf(vote);
}

/** the unit numbers that took part in a binding vote already loaded */
function participatingOf(vote: Vote) {
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
	/** their own meeting ballot (item id → choice) or election ballot (candidates agreed to) */
	choices: Record<string, BallotChoice> | null;
	candidateIds: number[] | null;
	optionIds: number[] | null;
	/** an owner in scope during the objection period */
	canObject: boolean;
}

/** what this person may do on the vote page */
async function standing(user: User, vote: Vote): Promise<Standing> {
	const out: Standing = { canCast: false, voted: false, reason: null, choice: null, choices: null, candidateIds: null, optionIds: null, canObject: false };
	if (vote.kind === 'binding') {
		const own = ownerUnits(user, vote.communityId);
		const heads = [];
		for (const u of own) {
			const head = await rollHeadOfUnit(db, vote.id, u);
			if (head) heads.push(head.headKey);
		}
		// an online ballot may be changed until close where the community's rules allow it (vote.changeable)
		let changeable = false;
		if (heads.length > 0) {
			const [ballot] = await db
				.select({ choice: table.voteBallot.choice, choices: table.voteBallot.choices, candidateIds: table.voteBallot.candidateIds, method: table.voteBallot.method })
				.from(table.voteBallot)
				.where(and(eq(table.voteBallot.voteId, vote.id), inArray(table.voteBallot.headKey, heads)));
			if (ballot) Object.assign(out, { voted: true, choice: ballot.choice, choices: ballot.choices, candidateIds: ballot.candidateIds });
			changeable = vote.changeable && ballot?.method === 'online';
		}
		if (vote.status === 'open' && (!out.voted || changeable)) {
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
	const [detail, result, scope, me] = await Promise.all([detailOf(vote, committee), resultOf(vote), places.scopeNames(vote), standing(user, vote)]);
	const [topic] = vote.topicId
		? await db.select({ id: table.topic.id, title: table.topic.title }).from(table.topic).where(eq(table.topic.id, vote.topicId))
		: [];
	return {
		vote: detail,
		result,
		scopeNames: scope,
		topic: topic ?? null,
		me,
		participating: binding && vote.status !== 'draft' ? await participatingOf(vote) : [],
		objections: binding ? await objectionsOf(vote, committee) : [],
		register: committee && vote.status !== 'draft' ? await registerOf(vote) : null,
		recordable: committee && vote.status === 'open' ? await recordableUnits(vote) : [],
		committee
	};
}

/** The public result notice (公示): totals, thresholds, participating unit numbers and answered objections. */
export async function notice(actor: Actor, voteId: number) {
	const { vote, community, user } = await readable(actor, voteId);
	const committee = hasRole(user, vote.communityId, 'committee');
	const [detail, result, scope] = await Promise.all([detailOf(vote, committee), resultOf(vote), places.scopeNames(vote)]);
	return {
		community: { id: community.id, name: community.name },
		vote: detail,
		result,
		scopeNames: scope,
		participating: vote.kind === 'binding' && vote.status !== 'draft' ? await participatingOf(vote) : [],
		objections: vote.kind === 'binding' ? await objectionsOf(vote, committee) : []
	};
}
