/**
 * Ballots: an owner's or resident's own, and the committee's record of a paper or door-to-door ballot. A
 * committee member's binding paper ballot goes in with one statement (recordPaperBallot also checks the session
 * in it, for the production server's fast lane); anything else takes the step-by-step path that says what is wrong.
 */
import { and, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import { db, hot, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, requireVerifiedResident, type Actor } from '../access';
import * as audit from '../audit';
import * as live from '../live';
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { castSchema, type CastInput } from './input';
import { readable } from './lifecycle';
import * as meetings from './meetings';
import * as sealed from './sealed';
import { notEligible, ownerUnits, rollHeadOfUnit, unitInScope, type User, type Vote } from './roll';

/**
 * A ballot holds the vote row FOR KEY SHARE until it commits: every change of a vote's status (close, auto-close,
 * finalize) first takes the row FOR UPDATE, which waits for the ballots in flight, and a ballot arriving during a
 * close waits and then sees the new status. KEY SHARE rather than SHARE because the ballot's foreign key to the
 * vote takes that same lock anyway: one lock per ballot on the busiest row, not two. Returns an anonymous poll's
 * salt as it stands under the lock.
 */
async function lockOpenForBallot(tx: Tx, voteId: number) {
	const [row] = await tx
		.select({ status: table.vote.status, closesAt: table.vote.closesAt, choiceSalt: table.vote.choiceSalt })
		.from(table.vote)
		.where(eq(table.vote.id, voteId))
		.for('key share');
	if (!row || row.status !== 'open') throw new ServiceError(409, 'vote_not_open', m.vote_err_not_open());
	if (row.closesAt && row.closesAt.getTime() < Date.now()) {
		throw new ServiceError(409, 'vote_past_deadline', m.vote_err_past_closes_at());
	}
	return row.choiceSalt;
}

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
	/** the community whose address named the vote (the vote page's form); a vote of another one is not found */
	inCommunity?: number
): Promise<{ id: number; changed: boolean }> {
	const recorded = (await castOnlineAtOnce(actor, voteId, input, inCommunity)) ?? (await recordBindingAtOnce(actor, voteId, input, inCommunity));
	if (recorded) return recorded;
	const { vote, user } = await readable(actor, voteId, inCommunity);
	const data = parseInput(castSchema, dropBlank(input));
	if (vote.status !== 'open') throw new ServiceError(409, 'vote_not_open', m.vote_err_not_open());
	const done = await (vote.kind === 'binding' ? castBinding(user, vote, data) : castPoll(user, vote, data));
	await live.notify(vote.sessionId); // a session's live board shows the new count
	return done;
}

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
const paperBallotSql = (recorder: string, communityParam: string) => `
	with s as (${recorder}), v as (
		select vote.id, vote.community_id, vote.session_id from vote
		where vote.id = $2::int and vote.kind = 'binding' and vote.form = 'single' and vote.status = 'open' and (vote.closes_at is null or vote.closes_at > now())
			and (${communityParam}::int is null or vote.community_id = ${communityParam}::int)
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
const RECORDER_BY_USER = paperBallotSql(`select id, name from "user" where id = $1::int`, '$7');
/** a session that is valid and not due for its sliding renewal ($7, epoch ms), so nothing else has to be written */
const RECORDER_BY_SESSION = paperBallotSql(`
		select u.id, u.name from session join "user" u on u.id = session.user_id
		where session.id = $1::text and session.expires_at > to_timestamp($7::float8 / 1000)`, '$8');

/** the paper-ballot shape of a cast input, or null for anything else (cast() then explains what is wrong) */
function paperBallot(input: unknown) {
	const parsed = v.safeParse(castSchema, dropBlank(input));
	if (!parsed.success) return null;
	const { unitId, choice, method, optionIds } = parsed.output;
	if (!unitId || !choice || method === 'online' || optionIds) return null;
	return { unitId, choice, method, detail: JSON.stringify({ unitId, method, choice }) };
}

async function insertAtOnce(statement: string, params: unknown[]): Promise<{ id: number; changed: boolean } | null> {
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

async function recordBindingAtOnce(actor: Actor, voteId: number, input: unknown, inCommunity?: number): Promise<{ id: number; changed: boolean } | null> {
	if (!actor || !actor.memberships.some((ms) => ms.role === 'committee' && ms.status === 'verified')) return null;
	const b = paperBallot(input);
	if (!b) return null;
	return insertAtOnce(RECORDER_BY_USER, [actor.id, voteId, b.unitId, b.choice, b.method, b.detail, inCommunity ?? null]);
}

/**
 * An owner's own online ballot in a binding vote (the vote page's 投票), in ONE statement instead of eleven round
 * trips: it goes in only when the vote is binding, open and before its closing time (FOR KEY SHARE, see
 * lockOpenForBallot), in the community that named it (when one did), and one of the owner's verified units
 * (`$2`, in the order of her memberships, as bindingVoter takes them) is in the vote's community and on the frozen
 * roll under the head its owner has now (found by the roll's primary key and checked to hold the unit, as the
 * paper ballot's statement does). The owner's memberships come from her session, read by the hooks for this
 * request. The unique index on (vote, owner key) refuses a second ballot (409). Nothing comes back when anything did
 * not hold, and cast() then takes the step-by-step path, which says why.
 */
const ONLINE_BALLOT_SQL = `
	with v as (
		select vote.id, vote.community_id, vote.session_id from vote
		where vote.id = $1::int and vote.kind = 'binding' and vote.form = 'single' and vote.status = 'open' and (vote.closes_at is null or vote.closes_at > now())
			and ($5::int is null or vote.community_id = $5::int)
		for key share of vote
	), h as (
		select r.head_key, u.id as unit_id
		from v, unnest($2::int[]) with ordinality as own(unit_id, n)
			join unit u on u.id = own.unit_id
			join vote_roll r on r.head_key = case when u.developer then '${art278.DEVELOPER_KEY}' else 'o:' || u.owner_key end
				and r.unit_ids @> array[u.id]
		where u.community_id = v.community_id and r.vote_id = v.id
		order by own.n limit 1
	), b as (
		insert into vote_ballot (community_id, vote_id, head_key, unit_id, choice, method, voter_id)
		select v.community_id, v.id, h.head_key, h.unit_id, $3::text, 'online', $4::int from v, h
		returning id
	)
	select b.id, v.session_id from b, v`;

async function castOnlineAtOnce(actor: Actor, voteId: number, input: unknown, inCommunity?: number): Promise<{ id: number; changed: boolean } | null> {
	if (!actor) return null;
	const own = actor.memberships.filter((ms) => ms.role === 'owner' && ms.status === 'verified' && ms.unitId !== null).map((ms) => ms.unitId!);
	if (own.length === 0) return null;
	const parsed = v.safeParse(castSchema, dropBlank(input));
	if (!parsed.success) return null;
	const { unitId, choice, method, optionIds } = parsed.output;
	if (!choice || method !== 'online' || optionIds) return null;
	const candidates = unitId ? own.filter((u) => u === unitId) : own;
	if (candidates.length === 0) return null;
	try {
		return await insertAtOnce(ONLINE_BALLOT_SQL, [voteId, `{${candidates.join(',')}}`, choice, actor.id, inCommunity ?? null]);
	} catch (e) {
		// a second ballot: the step-by-step path replaces it where the community's rules let owners change an online
		// ballot, and refuses it (409) otherwise
		if (e instanceof ServiceError && e.code === 'already_voted') return null;
		throw e;
	}
}

/**
 * The fast lane's paper ballot (fast-lane.ts), with the session checked in the same statement: one round trip for
 * the whole request. Null when it did not go in — no or expired session, due for renewal, not committee, vote not
 * open, not on the roll, another shape of ballot: the lane then hands the request to the route, which
 * authenticates as usual and takes cast(), which says exactly why or records it.
 */
export async function recordPaperBallot(sessionId: string, voteId: number, input: unknown, renewalAfter: number) {
	const b = paperBallot(input);
	if (!b) return null;
	return insertAtOnce(RECORDER_BY_SESSION, [sessionId, voteId, b.unitId, b.choice, b.method, b.detail, renewalAfter, null]);
}

async function castBinding(user: User, vote: Vote, data: CastInput): Promise<{ id: number; changed: boolean }> {
	// a meeting's ballot marks every matter (blank = 弃权), an election's the candidates agreed to
	const marks: meetings.Marks = meetings.isMeeting(vote)
		? await meetings.marksOf(db, vote, data)
		: { choice: data.choice ?? null, choices: null, candidateIds: null };
	const choice = marks.choice;
	if (!choice && !meetings.isMeeting(vote)) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { choice: m.vote_err_choice() });
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
			if (vote.changeable && !recorded) {
				const changed = await changeOnline(tx, user, vote, headKey, unitId, marks);
				if (changed) return changed;
			}
			const [row] = await tx
				.insert(table.voteBallot)
				.values({
					communityId: vote.communityId,
					voteId: vote.id,
					headKey,
					unitId,
					...marks,
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
					detail: { unitId, method: data.method, ...marks }
				});
			}
			return { id: row.id, changed: false };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_voted', m.vote_err_already_voted());
		throw e;
	}
}

/**
 * Under the community's rules of procedure a binding online ballot may be changed until close: the last one counts,
 * and the audit keeps every change (what it was, what it became). A ballot recorded by the committee on paper or at
 * the door stays as recorded. Null when the owner has no ballot yet.
 */
async function changeOnline(tx: Tx, user: User, vote: Vote, headKey: string, unitId: number, marks: meetings.Marks) {
	const [existing] = await tx
		.select()
		.from(table.voteBallot)
		.where(and(eq(table.voteBallot.voteId, vote.id), eq(table.voteBallot.headKey, headKey)))
		.for('update');
	if (!existing) return null;
	if (existing.method !== 'online') throw new ServiceError(409, 'already_voted', m.vote_err_recorded_final());
	await tx
		.update(table.voteBallot)
		.set({ ...marks, unitId, voterId: user.id, createdAt: new Date() })
		.where(eq(table.voteBallot.id, existing.id));
	await audit.record(tx, user, {
		communityId: vote.communityId,
		action: 'vote.ballot_changed',
		targetType: 'vote',
		targetId: vote.id,
		detail: {
			unitId,
			from: { choice: existing.choice, choices: existing.choices, candidateIds: existing.candidateIds, at: existing.createdAt.toISOString() },
			to: marks
		}
	});
	return { id: existing.id, changed: true };
}

/** the owner's head and the unit an online binding ballot is cast from; 403 when not on the roll */
export async function bindingVoter(user: User, vote: Vote, unitId?: number) {
	const own = ownerUnits(user, vote.communityId);
	const candidates = unitId ? own.filter((u) => u === unitId) : own;
	const found = await firstEligibleUnit(vote.id, candidates);
	if (found) return found;
	// an owner is told why: her home is outside the scope, or was not on the roll when the vote opened
	if (candidates.length > 0) throw await notEligible(vote, candidates);
	throw new ServiceError(403, 'not_eligible', m.vote_err_not_eligible());
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
	const order = (await sealed.optionsInOrder(db, vote.id)).map((o) => o.id);
	if (!optionIds.every((o) => order.includes(o))) throw new ServiceError(400, 'invalid_input', m.vote_err_option(), { optionIds: m.vote_err_option() });

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
			const salt = await lockOpenForBallot(tx, vote.id);
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
			if (!vote.anonymous) await countChoices(tx, vote, optionIds, []);
			else if (salt) await sealed.write(tx, vote, salt, order, optionIds);
			else throw new Error(`anonymous vote ${vote.id} is open without a salt`);
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
export async function pollVoter(user: User, vote: Vote, unitId?: number): Promise<{ voterKey: string; unitId: number | null }> {
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
		if (inScope.length === 0) throw await notEligible(vote, homes);
		return { voterKey: `unit:${inScope[0]}`, unitId: inScope[0] };
	}
	if (vote.scope !== 'community' && inScope.length === 0) {
		throw homes.length > 0 ? await notEligible(vote, homes) : new ServiceError(403, 'not_eligible', m.vote_err_not_eligible_poll());
	}
	return { voterKey: `user:${user.id}`, unitId: inScope[0] ?? null };
}

/** Adds a named poll's ballot to the option counters (and takes back a changed one); anonymous ones are sealed. */
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
	// no poll's choice goes in the log: an anonymous one would sit beside its unit and time
	await audit.record(tx, user, {
		communityId: vote.communityId,
		action: 'vote.ballot_recorded',
		targetType: 'vote',
		targetId: vote.id,
		detail: { unitId, method, changed }
	});
}
