/**
 * Who an event concerns, as SQL: each function returns a query of one column, user_id (repeats allowed), that the
 * insert in events.ts reads in the same statement. Nothing is read into the server first, so a vote over
 * 100,000 units writes its 100,000 items in one INSERT … SELECT.
 */
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../db';
import * as table from '../db/schema';
import type { FollowTarget } from '../db/schema';
import { unitsInScope, type ScopeOf } from '../places';

/** people following the record */
export const followers = (type: FollowTarget, id: number): SQL =>
	sql`select ${table.follow.userId} as user_id from ${table.follow} where ${table.follow.targetType} = ${type} and ${table.follow.targetId} = ${id}`;

/**
 * Keeps only those who may still read the community's records: a verified role there, or the street admin of its
 * street. Someone who moved away or was rejected since they proposed, seconded or followed hears nothing more.
 */
export const readersOnly = (people: SQL, communityId: number): SQL => sql`
	select p.user_id from (${people}) p
	where exists (
		select 1 from ${table.membership} ms
		where ms.user_id = p.user_id and ms.status = 'verified'
			and (ms.community_id = ${communityId}
				or (ms.role = 'street_admin' and ms.street_id = (select c.street_id from ${table.community} c where c.id = ${communityId})))
	)`;

/** a topic's proposer, those who seconded it and its followers */
export const topicPeople = (topicId: number, communityId: number): SQL =>
	readersOnly(
		sql`select ${table.topic.proposerId} as user_id from ${table.topic} where ${table.topic.id} = ${topicId}
			union all select ${table.topicSecond.userId} from ${table.topicSecond} where ${table.topicSecond.topicId} = ${topicId}
			union all ${followers('topic', topicId)}`,
		communityId
	);

/** the author of a comment, while they may still read the community's records */
export const commentAuthor = (userId: number, communityId: number): SQL => readersOnly(sql`select ${userId}::int as user_id`, communityId);

export interface RollOf extends ScopeOf {
	id: number;
	kind: string;
	eligibility: string;
	sessionId: number | null;
}

/**
 * Everyone who may take part in a vote, as votes/roll.ts and ballots.ts decide it: for a binding vote the verified
 * owners of the units on the roll frozen when it opened; for a poll the verified residents and owners (of a unit in
 * its scope, when it has one, and always for one ballot per household), or those who checked in at its session.
 */
export function voteRoll(vote: RollOf): SQL {
	const ms = table.membership;
	if (vote.kind === 'binding') {
		// Unit by unit along the roll, each unit's memberships by the index on membership.unit_id, the plan fixed on
		// purpose: OFFSET 0 keeps the lookup from being merged into a join the planner may reorder, and keeps the
		// other conditions outside it, so the unit is the only thing it can look up by. Right after a bulk import,
		// before PostgreSQL has analysed membership, its estimates put one member in the community, and the plans
		// chosen on that belief (the roll scanned once per member, or every member scanned once per unit) took
		// minutes on 100,000 units instead of well under a second.
		return sql`select o.user_id
			from ${table.voteRoll} r cross join lateral unnest(r.unit_ids) as u(unit_id)
			cross join lateral (
				select m.user_id, m.community_id, m.role, m.status from ${ms} m where m.unit_id = u.unit_id offset 0
			) o
			where r.vote_id = ${vote.id} and o.community_id = ${vote.communityId} and o.role = 'owner' and o.status = 'verified'`;
	}
	if (vote.eligibility === 'attendees') {
		const a = table.sessionAttendance;
		return sql`select ${a.userId} as user_id from ${a} where ${a.sessionId} = ${vote.sessionId ?? 0} and ${a.userId} is not null`;
	}
	const inScope =
		vote.scope !== 'community' || vote.eligibility === 'households'
			? sql`and ${ms.unitId} in ${db.select({ id: table.unit.id }).from(table.unit).where(unitsInScope(vote))}`
			: sql``;
	return sql`select ${ms.userId} as user_id from ${ms}
		where ${ms.communityId} = ${vote.communityId} and ${ms.status} = 'verified' and ${ms.role} in ('resident', 'owner') ${inScope}`;
}

/** the verified owners of the units in a vote's scope now (an owners' meeting's notice, before its roll is frozen) */
export function scopeOwners(vote: RollOf): SQL {
	const ms = table.membership;
	return sql`select ${ms.userId} as user_id from ${ms}
		where ${ms.communityId} = ${vote.communityId} and ${ms.status} = 'verified' and ${ms.role} = 'owner'
			and ${ms.unitId} in ${db.select({ id: table.unit.id }).from(table.unit).where(unitsInScope(vote))}`;
}

/** a vote's roll and the people following it */
export const voteRollAndFollowers = (vote: RollOf): SQL =>
	sql`${voteRoll(vote)} union all ${readersOnly(followers('vote', vote.id), vote.communityId)}`;

/**
 * A request's reporter (when they reported with an account) and its followers who may still handle it: the
 * committee and the community's grid workers. Requests carry contact details; nobody else may read them.
 */
export function requestPeople(requestId: number, communityId: number): SQL {
	const ms = table.membership;
	return sql`select ${table.request.reporterId} as user_id from ${table.request} where ${table.request.id} = ${requestId} and ${table.request.reporterId} is not null
		union all
		select f.user_id from (${followers('request', requestId)}) f
		where exists (select 1 from ${ms} where ${ms.userId} = f.user_id and ${ms.communityId} = ${communityId}
			and ${ms.status} = 'verified' and ${ms.role} in ('committee', 'grid'))`;
}

/** the verified residents and owners of a community, or of the units in a scope of it */
export function residents(communityId: number, scope?: ScopeOf): SQL {
	const ms = table.membership;
	const inScope =
		scope && scope.scope !== 'community'
			? sql`and ${ms.unitId} in ${db.select({ id: table.unit.id }).from(table.unit).where(unitsInScope(scope))}`
			: sql``;
	return sql`select ${ms.userId} as user_id from ${ms}
		where ${ms.communityId} = ${communityId} and ${ms.status} = 'verified' and ${ms.role} in ('resident', 'owner') ${inScope}`;
}

/** the verified owners of the units a query of one column, unit_id, names */
const ownersOf = (units: SQL, communityId: number): SQL => {
	const ms = table.membership;
	return sql`select ${ms.userId} as user_id from ${ms}
		where ${ms.communityId} = ${communityId} and ${ms.status} = 'verified' and ${ms.role} = 'owner' and ${ms.unitId} in (${units})`;
};

export interface SessionOf {
	id: number;
	communityId: number;
	openToResidents: boolean;
}

/**
 * A session's audience with an account: every resident when it is open to residents, the residents invited by
 * name, and its followers. Invitees without an account are reached through sessionInvitations().
 */
export function sessionPeople(s: SessionOf): SQL {
	const inv = table.sessionInvitation;
	return sql`${s.openToResidents ? sql`${residents(s.communityId)} union all ` : sql``}
		select ${inv.userId} as user_id from ${inv} where ${inv.sessionId} = ${s.id} and ${inv.revokedAt} is null and ${inv.userId} is not null
		union all ${readersOnly(followers('session', s.id), s.communityId)}`;
}

/** the invitations of a session still in force (one column, invitation_id) */
export const sessionInvitations = (sessionId: number): SQL => {
	const inv = table.sessionInvitation;
	return sql`select ${inv.id} as invitation_id from ${inv} where ${inv.sessionId} = ${sessionId} and ${inv.revokedAt} is null`;
};

/** those who checked in at a session with an account, and its followers */
export function attendees(sessionId: number, communityId: number): SQL {
	const a = table.sessionAttendance;
	return sql`select ${a.userId} as user_id from ${a} where ${a.sessionId} = ${sessionId} and ${a.userId} is not null
		union all ${readersOnly(followers('session', sessionId), communityId)}`;
}

/** the invitations by whose link someone checked in (one column, invitation_id) */
export const attendingInvitations = (sessionId: number): SQL => {
	const a = table.sessionAttendance;
	return sql`select ${a.invitationId} as invitation_id from ${a} where ${a.sessionId} = ${sessionId} and ${a.invitationId} is not null`;
};

/**
 * Those on a vote's roll who have not voted yet. Binding: the owners of a head with no ballot (a co-owner's
 * ballot counts for the head). Poll: those with no participation, or whose household has one when it votes by
 * household. What someone chose is never read, only whether they took part, which the roll pages show anyway.
 */
export function notVoted(vote: RollOf): SQL {
	const ms = table.membership;
	const p = table.voteParticipation;
	if (vote.kind === 'binding') {
		return sql`select o.user_id
			from ${table.voteRoll} r cross join lateral unnest(r.unit_ids) as u(unit_id)
			cross join lateral (
				select m.user_id, m.community_id, m.role, m.status from ${ms} m where m.unit_id = u.unit_id offset 0
			) o
			where r.vote_id = ${vote.id} and o.community_id = ${vote.communityId} and o.role = 'owner' and o.status = 'verified'
				and not exists (select 1 from ${table.voteBallot} b where b.vote_id = r.vote_id and b.head_key = r.head_key)`;
	}
	const household = vote.eligibility === 'households';
	return sql`select x.user_id from (${voteRoll(vote)}) x
		where not exists (select 1 from ${p} where ${p.voteId} = ${vote.id} and ${p.userId} = x.user_id)
		${
			household
				? sql`and not exists (select 1 from ${p} join ${ms} on ${ms.unitId} = ${p.unitId} where ${p.voteId} = ${vote.id} and ${ms.userId} = x.user_id and ${ms.communityId} = ${vote.communityId})`
				: sql``
		}`;
}

/** those who owe to a plan: the owners of the units with a share, or, for pledges, the residents in its scope */
export function planPeople(plan: ScopeOf & { id: number; communityId: number; collection: string }): SQL {
	const owe =
		plan.collection === 'levy'
			? ownersOf(sql`select ${table.planShare.unitId} from ${table.planShare} where ${table.planShare.planId} = ${plan.id}`, plan.communityId)
			: residents(plan.communityId, plan);
	return sql`${owe} union all ${readersOnly(followers('plan', plan.id), plan.communityId)}`;
}

/** each owner of a share with what their units owe in all (user_id, extra: {amountFen}) */
export function planBills(planId: number, communityId: number): SQL {
	const ms = table.membership;
	const s = table.planShare;
	return sql`select ${ms.userId} as user_id, jsonb_build_object('amountFen', sum(${s.amountFen})) as extra
		from ${s} join ${ms} on ${ms.unitId} = ${s.unitId}
		where ${s.planId} = ${planId} and ${ms.communityId} = ${communityId} and ${ms.status} = 'verified' and ${ms.role} = 'owner'
		group by ${ms.userId}`;
}

/** a payment's payer: the owners of the unit it was for, or the resident whose pledge it pays */
export function payers(unitId: number | null, pledgeId: number | null, communityId: number): SQL {
	const parts: SQL[] = [];
	if (unitId) parts.push(ownersOf(sql`select ${unitId}::int`, communityId));
	if (pledgeId) parts.push(sql`select ${table.planPledge.userId} as user_id from ${table.planPledge} where ${table.planPledge.id} = ${pledgeId}`);
	return parts.length ? sql.join(parts, sql` union all `) : sql`select null::int as user_id where false`;
}

/** a list of people already chosen in the server (a reminder whose choice needs a secret the database lacks) */
export const listed = (userIds: number[]): SQL => sql`select unnest(${`{${userIds.join(',')}}`}::int[]) as user_id`;

/** a late resolution concerns its topic's people, its responsible person, and the followers of its session */
export function resolutionPeople(r: { topicId: number | null; sessionId: number; communityId: number; responsibleUserId: number | null }): SQL {
	const parts: SQL[] = [readersOnly(followers('session', r.sessionId), r.communityId)];
	if (r.topicId) parts.push(topicPeople(r.topicId, r.communityId));
	if (r.responsibleUserId) parts.push(sql`select ${r.responsibleUserId}::int as user_id`);
	return sql.join(parts, sql` union all `);
}
