/**
 * Reading votes: the community's list, one vote, its count, the committee's register, the participating units,
 * and everything the vote page and the public notice show. The public functions load and authorise once and
 * hand the records to the helpers (…Of) below.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import { roomsByEntrance } from '$lib/labels/votes';
import { db, hot } from '../db';
import * as table from '../db/schema';
import type { BallotChoice } from '../db/schema';
import { hasRole, requireCommittee, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import * as places from '../places';
import { ServiceError } from '../errors';
import { pollVoter } from './ballots';
import { closeDueIn, loadVote, readable } from './lifecycle';
import * as meetings from './meetings';
import { objectionsOf } from './objections';
import { notEligible, ownerUnits, scopeUnits, type User, type Vote } from './roll';
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

/**
 * the unit numbers that took part in a binding vote already loaded: from its ballots to their heads' units on the
 * roll, each unit then by its primary key (one prepared statement; the units are not scanned, where asking for
 * "units whose id is among the roll's" read every unit of the community on every vote page, 30,000 in the bench)
 */
async function participatingOf(vote: Vote) {
	return hot<{ unitId: number; estate: string; building: string; entrance: string; room: string }>(
		`select u.id as "unitId", e.name as estate, bd.name as building, en.name as entrance, u.room
		from vote_ballot vb
			join vote_roll r on r.vote_id = vb.vote_id and r.head_key = vb.head_key
			cross join lateral unnest(r.unit_ids) as x(unit_id)
			join unit u on u.id = x.unit_id
			join building bd on bd.id = u.building_id
			join estate e on e.id = bd.estate_id
			join entrance en on en.id = u.entrance_id
		where vb.vote_id = $1::int
		order by e.id, bd.id, en.id, u.room`,
		[vote.id]
	);
}

/** the participating units as room numbers by entrance; `units` counts units, never choices (an anonymous poll has none) */
function participatingText(units: Parameters<typeof roomsByEntrance>[0]) {
	return { units: units.length, byEntrance: roomsByEntrance(units) };
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

/**
 * The owner's units that are on a binding vote's roll, in one statement (it was two look-ups per unit and one more
 * for the ballot): each with its head's ballot choice if the head has voted, and whether the unit still carries the
 * owner key it had at opening (only then may a ballot be cast from it). The roll head of a unit is found through
 * the GIN index on unit_ids, as rollHeadOfUnit does.
 */
async function ownUnitsOnRoll(voteId: number, unitIds: number[]) {
	const rows = await hot<{
		unit_id: number;
		head_key: string;
		current: boolean;
		voted: boolean;
		choice: BallotChoice | null;
		choices: Record<string, BallotChoice> | null;
		candidate_ids: number[] | null;
		method: string | null;
	}>(
		`select own.unit_id, r.head_key,
			exists (select 1 from unit u where u.id = own.unit_id
				and r.head_key = case when u.developer then '${art278.DEVELOPER_KEY}' else 'o:' || u.owner_key end) as current,
			b.id is not null as voted, b.choice, b.choices, b.candidate_ids, b.method
		from unnest($2::int[]) with ordinality as own(unit_id, n)
			cross join lateral (select head_key from vote_roll where vote_id = $1::int and unit_ids @> array[own.unit_id] limit 1) r
			left join vote_ballot b on b.vote_id = $1::int and b.head_key = r.head_key
		order by own.n`,
		[voteId, `{${unitIds.join(',')}}`]
	);
	return rows.map((r) => ({
		unitId: r.unit_id,
		headKey: r.head_key,
		current: r.current,
		voted: r.voted,
		choice: r.choice,
		choices: r.choices,
		candidateIds: r.candidate_ids,
		method: r.method
	}));
}

/** what this person may do on the vote page */
async function standing(user: User, vote: Vote): Promise<Standing> {
	const out: Standing = { canCast: false, voted: false, reason: null, choice: null, choices: null, candidateIds: null, optionIds: null, canObject: false };
	if (vote.kind === 'binding') {
		const own = ownerUnits(user, vote.communityId);
		const units = own.length > 0 ? await ownUnitsOnRoll(vote.id, own) : [];
		const ballot = units.find((u) => u.voted);
		// an online ballot may be changed until close where the community's rules allow it (vote.changeable)
		let changeable = false;
		if (ballot) {
			Object.assign(out, { voted: true, choice: ballot.choice, choices: ballot.choices, candidateIds: ballot.candidateIds });
			changeable = vote.changeable && ballot.method === 'online';
		}
		if (vote.status === 'open' && (!out.voted || changeable)) {
			// as bindingVoter decides: a unit on the roll that still carries the owner key it had at opening
			if (units.some((u) => u.current)) out.canCast = true;
			else out.reason = own.length > 0 ? (await notEligible(vote, own)).message : m.vote_err_not_eligible();
		}
		out.canObject =
			vote.status === 'preliminary' && units.length > 0 && !(vote.objectionEndsAt && Date.now() >= vote.objectionEndsAt.getTime());
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
export async function view(actor: Actor, voteId: number, inCommunity?: number) {
	const { vote, user } = await readable(actor, voteId, inCommunity);
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
		// the rooms as the page shows them, by entrance (金阳花园A区 1栋1单元：101、102): a few strings, where a row per
		// participating unit made the page's data, and the work of serialising it, grow with every ballot
		participating: binding && vote.status !== 'draft' ? participatingText(await participatingOf(vote)) : { units: 0, byEntrance: [] },
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
