/** A quarter's round: created with the active cadres, moved or opened early, closed (figures taken, keys wiped), published. */
import { randomBytes } from 'node:crypto';
import { and, asc, count, countDistinct, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as satisfaction from '$lib/domain/satisfaction';
import type { Counts, Level } from '$lib/domain/satisfaction';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, requireReader, type Actor } from '../access';
import * as audit from '../audit';
import { notify } from '../notify';
import * as communities from '../communities';
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { sealBallots } from './ballots';
import { roundSchema, roundUpdateSchema } from './input';
import { loadRound, phaseOf, settingsOf, type Round } from './records';

export async function createRound(actor: Actor, communityId: number, input: unknown): Promise<{ id: number }> {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const p = parseInput(roundSchema, dropBlank(input));
	const window = satisfaction.defaultRoundWindow(p.year, p.quarter);
	const opensAt = p.opensAt ?? window.opensAt;
	const closesAt = p.closesAt ?? window.closesAt;
	if (closesAt <= opensAt) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { closesAt: m.rating_err_dates() });
	try {
		return await db.transaction(async (tx) => {
			const active = await tx
				.select({ id: table.ratingCadre.id })
				.from(table.ratingCadre)
				.where(and(eq(table.ratingCadre.communityId, community.id), eq(table.ratingCadre.active, true)));
			if (active.length === 0) throw new ServiceError(409, 'no_cadres', m.rating_err_no_cadres());
			const [row] = await tx
				.insert(table.ratingRound)
				.values({
					communityId: community.id,
					year: p.year,
					quarter: p.quarter,
					opensAt,
					closesAt,
					raterSalt: randomBytes(32).toString('base64url'),
					createdById: actor!.id
				})
				.returning({ id: table.ratingRound.id });
			await tx.insert(table.ratingRoundCadre).values(active.map((c) => ({ roundId: row.id, cadreId: c.id, communityId: community.id })));
			await audit.record(tx, actor, {
				communityId: community.id,
				action: 'rating.round_created',
				targetType: 'rating_round',
				targetId: row.id,
				detail: { year: p.year, quarter: p.quarter, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), cadres: active.length }
			});
			// a round that is open from the start is news now; a scheduled one when the clock reaches it (notify/clock.ts)
			if (opensAt <= new Date()) {
				await notify(tx, { kind: 'rating_opened', actorId: actor!.id, round: { id: row.id, communityId: community.id, year: p.year, quarter: p.quarter, closesAt } });
			}
			return row;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'round_exists', m.rating_err_round_exists(), { quarter: m.rating_err_round_exists() });
		throw e;
	}
}

/**
 * The committee moves a round's dates and changes who is rated while it has not closed. A cadre who
 * already has ratings this round stays on the list (taking them off would drop residents' ratings).
 */
export async function updateRound(actor: Actor, roundId: number, input: unknown) {
	const p = parseInput(roundUpdateSchema, dropBlank(input));
	return db.transaction(async (tx) => {
		const round = await loadRound(tx, roundId, 'update');
		requireCommittee(actor, round.communityId);
		if (round.status !== 'open') throw new ServiceError(409, 'round_closed', m.rating_err_closed());
		const now = new Date();
		if (p.closesAt <= p.opensAt || p.closesAt <= now) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { closesAt: m.rating_err_dates() });
		const wanted = new Set(p.cadreIds);
		const ofCommunity = await tx
			.select({ id: table.ratingCadre.id })
			.from(table.ratingCadre)
			.where(and(eq(table.ratingCadre.communityId, round.communityId), inArray(table.ratingCadre.id, [...wanted])));
		if (ofCommunity.length !== wanted.size) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { cadreIds: m.rating_err_cadre() });
		const rated = new Set(
			(await tx.selectDistinct({ id: table.ratingBallot.cadreId }).from(table.ratingBallot).where(eq(table.ratingBallot.roundId, round.id))).map((r) => r.id)
		);
		const listed = new Set((await tx.select({ id: table.ratingRoundCadre.cadreId }).from(table.ratingRoundCadre).where(eq(table.ratingRoundCadre.roundId, round.id))).map((r) => r.id));
		const keepRated = [...listed].filter((c) => !wanted.has(c) && rated.has(c));
		if (keepRated.length > 0) throw new ServiceError(409, 'cadre_rated', m.rating_err_cadre_rated(), { cadreIds: m.rating_err_cadre_rated() });
		const remove = [...listed].filter((c) => !wanted.has(c));
		const add = [...wanted].filter((c) => !listed.has(c));
		if (remove.length > 0) await tx.delete(table.ratingRoundCadre).where(and(eq(table.ratingRoundCadre.roundId, round.id), inArray(table.ratingRoundCadre.cadreId, remove)));
		if (add.length > 0) await tx.insert(table.ratingRoundCadre).values(add.map((cadreId) => ({ roundId: round.id, cadreId, communityId: round.communityId })));
		await tx.update(table.ratingRound).set({ opensAt: p.opensAt, closesAt: p.closesAt }).where(eq(table.ratingRound.id, round.id));
		await audit.record(tx, actor, {
			communityId: round.communityId,
			action: 'rating.round_updated',
			targetType: 'rating_round',
			targetId: round.id,
			detail: { opensAt: p.opensAt.toISOString(), closesAt: p.closesAt.toISOString(), added: add, removed: remove }
		});
	});
}

/** the committee opens a scheduled round now */
export async function openNow(actor: Actor, roundId: number) {
	return db.transaction(async (tx) => {
		const round = await loadRound(tx, roundId, 'update');
		requireCommittee(actor, round.communityId);
		const now = new Date();
		if (phaseOf(round, now) !== 'upcoming') throw new ServiceError(409, 'not_upcoming', m.rating_err_not_upcoming());
		await tx.update(table.ratingRound).set({ opensAt: now }).where(eq(table.ratingRound.id, round.id));
		await audit.record(tx, actor, { communityId: round.communityId, action: 'rating.round_opened', targetType: 'rating_round', targetId: round.id });
		await notify(tx, { kind: 'rating_opened', actorId: actor?.id ?? null, round });
	});
}

/**
 * Closes a round: takes the counts per level, counts raters and the eligible, creates the
 * follow-ups of low ratings with comments, then wipes the salt and every rater key.
 */
async function closeIn(tx: Tx, actor: Actor, round: Round, now: Date) {
	const settings = await settingsOf(tx, round.communityId);
	const tallies = await tx
		.select({ cadreId: table.ratingBallot.cadreId, level: table.ratingBallot.level, n: count() })
		.from(table.ratingBallot)
		.where(eq(table.ratingBallot.roundId, round.id))
		.groupBy(table.ratingBallot.cadreId, table.ratingBallot.level);
	const cadreIds = (await tx.select({ id: table.ratingRoundCadre.cadreId }).from(table.ratingRoundCadre).where(eq(table.ratingRoundCadre.roundId, round.id))).map((r) => r.id);
	const byCadre = new Map<number, Counts>(cadreIds.map((c) => [c, { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 }]));
	for (const t of tallies) byCadre.get(t.cadreId)![t.level as Level] = t.n;
	if (byCadre.size > 0) {
		await tx.insert(table.ratingResult).values(
			[...byCadre].map(([cadreId, c]) => ({ roundId: round.id, cadreId, communityId: round.communityId, n5: c[5], n4: c[4], n3: c[3], n2: c[2], n1: c[1] }))
		);
	}
	const [{ raters }] = await tx.select({ raters: count() }).from(table.ratingParticipant).where(eq(table.ratingParticipant.roundId, round.id));
	const [{ eligible }] = await tx
		.select({ eligible: countDistinct(table.membership.userId) })
		.from(table.membership)
		.where(
			and(
				eq(table.membership.communityId, round.communityId),
				eq(table.membership.status, 'verified'),
				inArray(table.membership.role, ['resident', 'owner'])
			)
		);
	// follow-ups only where figures may be shown: with fewer ratings a comment could point at its writer
	const shown = [...byCadre].filter(([, c]) => satisfaction.publishable(satisfaction.rates(c), settings.minCount)).map(([id]) => id);
	if (shown.length > 0) {
		const low = await tx
			.select({ cadreId: table.ratingBallot.cadreId, level: table.ratingBallot.level, comment: table.ratingBallot.comment })
			.from(table.ratingBallot)
			.where(
				and(
					eq(table.ratingBallot.roundId, round.id),
					inArray(table.ratingBallot.cadreId, shown),
					lte(table.ratingBallot.level, 2),
					sql`${table.ratingBallot.comment} <> ''`
				)
			)
			// a fixed order unrelated to when anyone rated
			.orderBy(asc(table.ratingBallot.cadreId), asc(table.ratingBallot.level), asc(table.ratingBallot.comment));
		const dueAt = satisfaction.addWorkingDays(now, settings.followUpDays);
		if (low.length > 0) {
			await tx.insert(table.ratingFollowUp).values(low.map((l) => ({ communityId: round.communityId, roundId: round.id, cadreId: l.cadreId, level: l.level, comment: l.comment, dueAt })));
		}
	}
	await sealBallots(tx, round);
	await tx
		.update(table.ratingRound)
		.set({ status: 'closed', raterSalt: null, raters, eligible, minCount: settings.minCount, flagThresholdPermille: settings.flagThresholdPermille, closedAt: now, closesAt: now < round.closesAt ? now : round.closesAt })
		.where(eq(table.ratingRound.id, round.id));
	await audit.record(tx, actor, { communityId: round.communityId, action: 'rating.round_closed', targetType: 'rating_round', targetId: round.id, detail: { raters, eligible } });
}

export async function close(actor: Actor, roundId: number) {
	return db.transaction(async (tx) => {
		const round = await loadRound(tx, roundId, 'update');
		requireCommittee(actor, round.communityId);
		if (round.status !== 'open') throw new ServiceError(409, 'round_closed', m.rating_err_closed());
		await closeIn(tx, actor, round, new Date());
	});
}

/** a round whose closing time has passed is closed the first time anyone looks at it; the round as it is now */
export async function settled(roundId: number): Promise<Round> {
	return db.transaction(async (tx) => {
		const round = await loadRound(tx, roundId, 'update');
		if (round.status !== 'open' || new Date() <= round.closesAt) return round;
		await closeIn(tx, null, round, round.closesAt);
		return loadRound(tx, round.id);
	});
}

export async function publish(actor: Actor, roundId: number) {
	await settled(roundId);
	return db.transaction(async (tx) => {
		const round = await loadRound(tx, roundId, 'update');
		requireCommittee(actor, round.communityId);
		if (round.status !== 'closed') throw new ServiceError(409, 'not_closed', round.status === 'published' ? m.rating_err_published() : m.rating_err_not_closed());
		await tx.update(table.ratingRound).set({ status: 'published', publishedAt: new Date() }).where(eq(table.ratingRound.id, round.id));
		await audit.record(tx, actor, { communityId: round.communityId, action: 'rating.round_published', targetType: 'rating_round', targetId: round.id });
	});
}

export async function list(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return listOf(community);
}

/** the rounds of a community whose reader has been checked, newest first */
export async function listOf(community: communities.Community) {
	const due = await db
		.select({ id: table.ratingRound.id })
		.from(table.ratingRound)
		.where(and(eq(table.ratingRound.communityId, community.id), eq(table.ratingRound.status, 'open'), sql`${table.ratingRound.closesAt} < now()`));
	for (const r of due) await settled(r.id);
	const rows = await db
		.select({
			id: table.ratingRound.id,
			year: table.ratingRound.year,
			quarter: table.ratingRound.quarter,
			opensAt: table.ratingRound.opensAt,
			closesAt: table.ratingRound.closesAt,
			status: table.ratingRound.status,
			publishedAt: table.ratingRound.publishedAt
		})
		.from(table.ratingRound)
		.where(eq(table.ratingRound.communityId, community.id))
		.orderBy(desc(table.ratingRound.year), desc(table.ratingRound.quarter));
	const now = new Date();
	return rows.map((r) => ({ ...r, phase: phaseOf(r, now) }));
}
