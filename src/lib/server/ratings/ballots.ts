/**
 * The anonymous rating storage. A ballot row holds (round, cadre, rater_key, level, comment) and nothing else about
 * its rater. rater_key = HMAC-SHA256(round key, "c:<cadre>:u:<user>") with round key = HMAC-SHA256(server secret,
 * round salt). The server secret lives outside the database (RATING_SECRET, or a file under data/), so reading every
 * table does not let anyone recompute a key; the round salt and all rater keys are wiped at close, so after close
 * nobody can, even with the secret. Ballots carry no timestamps, and at close they are written anew in a fixed order
 * so that their row versions stop reflecting the order people rated in; the audit log never names a rater.
 */
import { createHmac } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, requireVerifiedResident, type Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { serverSecret } from '../secret';
import { parseInput } from '../http/validate';
import { paperSchema, rateSchema } from './input';
import { loadRound, phaseOf, type Round } from './records';

const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function keys(round: Round, userId: number) {
	if (!round.raterSalt) throw new ServiceError(409, 'round_closed', m.rating_err_closed());
	const roundKey = hmac(serverSecret(), `rating-round:${round.id}:${round.raterSalt}`);
	return {
		ballot: (cadreId: number) => hmac(roundKey, `c:${cadreId}:u:${userId}`).toString('base64url'),
		participant: hmac(roundKey, `p:${userId}`).toString('base64url')
	};
}

/**
 * Of these people, those who have not rated in an open round: the participant keys are made here, where the secret
 * is, and compared in the database; nothing about who rated leaves this function.
 */
export async function notRated(q: Tx | typeof db, round: Round, userIds: number[]): Promise<number[]> {
	if (!round.raterSalt || userIds.length === 0) return [];
	const k = new Map(userIds.map((id) => [keys(round, id).participant, id]));
	const rated = await q
		.select({ key: table.ratingParticipant.raterKey })
		.from(table.ratingParticipant)
		.where(eq(table.ratingParticipant.roundId, round.id));
	for (const r of rated) k.delete(r.key);
	return [...k.values()];
}

async function upsertBallots(
	tx: Tx,
	round: Round,
	userId: number,
	ratings: { cadreId: number; level: number; comment: string }[],
	method: table.RatingMethod,
	enteredById: number | null
) {
	const listed = await tx
		.select({ id: table.ratingCadre.id, userId: table.ratingCadre.userId })
		.from(table.ratingRoundCadre)
		.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingRoundCadre.cadreId))
		.where(eq(table.ratingRoundCadre.roundId, round.id));
	const inRound = new Map(listed.map((c) => [c.id, c.userId]));
	const fields: Record<string, string> = {};
	for (const r of ratings) {
		if (!inRound.has(r.cadreId)) fields[`level_${r.cadreId}`] = m.rating_err_cadre();
		// a cadre who also lives in the community rates the others, not themselves
		else if (inRound.get(r.cadreId) === userId) fields[`level_${r.cadreId}`] = m.rating_err_self();
	}
	if (Object.keys(fields).length > 0) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);
	const k = keys(round, userId);
	// one row per cadre even if the same cadre came twice in one request: the last one wins
	const byCadre = new Map(ratings.map((r) => [r.cadreId, r]));
	const rows = [...byCadre.values()].sort((a, b) => a.cadreId - b.cadreId).map((r) => ({
		communityId: round.communityId,
		roundId: round.id,
		cadreId: r.cadreId,
		raterKey: k.ballot(r.cadreId),
		level: r.level,
		comment: r.comment,
		method,
		enteredById
	}));
	// the unique (round, cadre, rater_key) turns a second rating, even a concurrent one, into a replacement
	await tx
		.insert(table.ratingBallot)
		.values(rows)
		.onConflictDoUpdate({
			target: [table.ratingBallot.roundId, table.ratingBallot.cadreId, table.ratingBallot.raterKey],
			set: {
				level: sql`excluded.level`,
				comment: sql`excluded.comment`,
				method: sql`excluded.method`,
				enteredById: sql`excluded.entered_by_id`
			}
		});
	await tx.insert(table.ratingParticipant).values({ roundId: round.id, raterKey: k.participant }).onConflictDoNothing();
	return rows.length;
}

async function openRoundFor(tx: Tx, roundId: number): Promise<Round> {
	// shared lock: closing waits for ratings in flight, and a rating never lands after the close
	const round = await loadRound(tx, roundId, 'share');
	const phase = phaseOf(round);
	if (phase === 'upcoming') throw new ServiceError(409, 'not_open', m.rating_err_not_open());
	if (phase !== 'open') throw new ServiceError(409, 'round_closed', m.rating_err_closed());
	return round;
}

/** a verified resident rates (or re-rates) some or all of the round's cadres */
export async function rate(actor: Actor, roundId: number, input: unknown): Promise<{ rated: number }> {
	const [head] = await db.select({ communityId: table.ratingRound.communityId }).from(table.ratingRound).where(eq(table.ratingRound.id, roundId));
	if (!head) throw new ServiceError(404, 'not_found', m.err_not_found());
	const user = requireVerifiedResident(actor, head.communityId);
	const p = parseInput(rateSchema, input);
	return db.transaction(async (tx) => {
		const round = await openRoundFor(tx, roundId);
		return { rated: await upsertBallots(tx, round, user.id, p.ratings, 'online', null) };
	});
}

/**
 * The committee types in an elderly resident's paper form. The resident is found by phone only to
 * derive the same rater key (so a later online rating replaces it); nothing records who they were.
 */
export async function enterPaper(actor: Actor, roundId: number, input: unknown): Promise<{ rated: number }> {
	const [head] = await db.select({ communityId: table.ratingRound.communityId }).from(table.ratingRound).where(eq(table.ratingRound.id, roundId));
	if (!head) throw new ServiceError(404, 'not_found', m.err_not_found());
	const member = requireCommittee(actor, head.communityId);
	const p = parseInput(paperSchema, input);
	const [rater] = await db
		.select({ id: table.user.id })
		.from(table.user)
		.innerJoin(table.membership, eq(table.membership.userId, table.user.id))
		.where(
			and(
				eq(table.user.phone, p.phone),
				eq(table.membership.communityId, head.communityId),
				eq(table.membership.status, 'verified'),
				inArray(table.membership.role, ['resident', 'owner'])
			)
		)
		.limit(1);
	if (!rater) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { phone: m.rating_err_paper_phone() });
	return db.transaction(async (tx) => {
		const round = await openRoundFor(tx, roundId);
		const rated = await upsertBallots(tx, round, rater.id, p.ratings, 'paper', member.id);
		// who typed it in and how many cadres, never whose form it was
		await audit.record(tx, actor, { communityId: round.communityId, action: 'rating.paper_entered', targetType: 'rating_round', targetId: round.id, detail: { cadres: rated } });
		return { rated };
	});
}

/** the resident's own current ratings in an open round (recomputed from their key; nobody else can) */
export async function mine(round: Round, userId: number, cadreIds: number[]) {
	if (phaseOf(round) !== 'open' || !round.raterSalt) return new Map<number, { level: number; comment: string }>();
	const k = keys(round, userId);
	const wanted = new Map(cadreIds.map((c) => [k.ballot(c), c]));
	if (wanted.size === 0) return new Map();
	const rows = await db
		.select({ cadreId: table.ratingBallot.cadreId, raterKey: table.ratingBallot.raterKey, level: table.ratingBallot.level, comment: table.ratingBallot.comment })
		.from(table.ratingBallot)
		.where(and(eq(table.ratingBallot.roundId, round.id), inArray(table.ratingBallot.raterKey, [...wanted.keys()])));
	return new Map(rows.filter((r) => wanted.get(r.raterKey!) === r.cadreId).map((r) => [r.cadreId, { level: r.level, comment: r.comment }]));
}

/** at close: the participants and every rater key go, and the ballots are written anew in an order unrelated to when anyone rated */
export async function sealBallots(tx: Tx, round: Round) {
	await tx.delete(table.ratingParticipant).where(eq(table.ratingParticipant.roundId, round.id));
	// Rewrite the ballots without keys, in an order that says nothing about when anyone rated: the old
	// row versions (their transaction ids and places in the table) went in in the order people rated.
	const kept = await tx
		.select({ cadreId: table.ratingBallot.cadreId, level: table.ratingBallot.level, comment: table.ratingBallot.comment, method: table.ratingBallot.method, enteredById: table.ratingBallot.enteredById })
		.from(table.ratingBallot)
		.where(eq(table.ratingBallot.roundId, round.id))
		.orderBy(asc(table.ratingBallot.cadreId), asc(table.ratingBallot.level), asc(table.ratingBallot.method), asc(table.ratingBallot.comment), asc(table.ratingBallot.enteredById));
	await tx.delete(table.ratingBallot).where(eq(table.ratingBallot.roundId, round.id));
	for (let i = 0; i < kept.length; i += 1000) {
		await tx.insert(table.ratingBallot).values(kept.slice(i, i + 1000).map((b) => ({ ...b, communityId: round.communityId, roundId: round.id, raterKey: null })));
	}
}
