/**
 * Quarterly cadre satisfaction ratings (季度民心测评). Every function checks who may do it; every
 * write is one transaction. The rates themselves are pure rules in $lib/domain/satisfaction.
 *
 * Anonymity: a ballot row holds (round, cadre, rater_key, level, comment) and nothing else about
 * its rater. rater_key = HMAC-SHA256(round key, "c:<cadre>:u:<user>") with round key =
 * HMAC-SHA256(server secret, round salt). The server secret lives outside the database
 * (RATING_SECRET, or a file under data/), so reading every table does not let anyone recompute a
 * key; the round salt and all rater keys are wiped at close, so after close nobody can, even with
 * the secret. Ballots carry no timestamps, and at close they are written anew in a fixed order so that
 * their row versions stop reflecting the order people rated in; the audit log never names a rater.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, count, countDistinct, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as satisfaction from '$lib/domain/satisfaction';
import type { Counts, Level } from '$lib/domain/satisfaction';
import * as time from '$lib/time';
import { shanghaiTime } from '$lib/time';
import { levelName } from '$lib/labels/ratings';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireVerifiedResident, streetsAdministered, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as files from '../files';
import { serverSecret } from '../secret';
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, id, moment, optionalText, parseInput, phone, smallInt, text } from '../http/validate';

type Q = DB | Tx;
export type Round = typeof table.ratingRound.$inferSelect;
export type Cadre = typeof table.ratingCadre.$inferSelect;

export const DEFAULTS = { minCount: 5, flagThresholdPermille: 900, followUpDays: 15 } as const;

// ---------- the key ----------

const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function keys(round: Round, userId: number) {
	if (!round.raterSalt) throw new ServiceError(409, 'round_closed', m.rating_err_closed());
	const roundKey = hmac(serverSecret(), `rating-round:${round.id}:${round.raterSalt}`);
	return {
		ballot: (cadreId: number) => hmac(roundKey, `c:${cadreId}:u:${userId}`).toString('base64url'),
		participant: hmac(roundKey, `p:${userId}`).toString('base64url')
	};
}

// ---------- input ----------

const settingsSchema = v.object({
	minCount: smallInt(1, 1000, m.rating_err_min_count),
	/** in percent with up to one decimal in the form ("90" or "92.5"), or ‰ through the API */
	flagThresholdPermille: v.optional(smallInt(0, 1000, m.rating_err_threshold)),
	flagThresholdPercent: v.optional(
		v.pipe(
			v.union([v.number(), v.string()], m.rating_err_threshold),
			v.transform((x) => String(x).trim()),
			v.regex(/^\d{1,3}(\.\d)?$/, m.rating_err_threshold),
			v.transform((s) => Math.round(Number(s) * 10)),
			v.maxValue(1000, m.rating_err_threshold)
		)
	),
	followUpDays: smallInt(1, 120, m.rating_err_follow_up_days)
});

const cadreSchema = v.object({
	name: text(20, m.err_name),
	post: text(40, m.rating_err_post),
	responsibilities: optionalText(500),
	gridId: v.optional(v.nullable(id)),
	active: v.optional(
		v.union([v.boolean(), v.pipe(v.string(), v.transform((s) => ['on', 'true', '1'].includes(s.trim())))]),
		true
	),
	position: v.optional(smallInt(0, 999, m.err_invalid_value), 0)
});

/** a closing date alone means the end of that Shanghai day */
const endMoment = (message: () => string) =>
	v.pipe(
		v.string(message),
		v.trim(),
		v.transform((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? (time.endOfDay(s) ?? s) : s)),
		v.union([v.date(), moment(message, { date: true })], message)
	);

const roundSchema = v.object({
	year: smallInt(2000, 2100, m.rating_err_quarter),
	quarter: smallInt(1, 4, m.rating_err_quarter),
	opensAt: v.optional(moment(m.rating_err_dates, { date: true })),
	closesAt: v.optional(endMoment(m.rating_err_dates))
});

const levelSchema = v.pipe(
	v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^[1-5]$/), v.transform(Number))], m.rating_err_level),
	v.number(m.rating_err_level),
	v.integer(m.rating_err_level),
	v.minValue(1, m.rating_err_level),
	v.maxValue(5, m.rating_err_level)
);

const rateSchema = v.object({
	ratings: v.pipe(
		v.array(
			v.object({
				cadreId: id,
				level: levelSchema,
				comment: optionalText(300)
			}),
			m.rating_err_none
		),
		v.minLength(1, m.rating_err_none),
		v.maxLength(100, m.rating_err_none)
	)
});

const paperSchema = v.object({ phone, ...rateSchema.entries });

const talkSchema = v.object({ cadreId: id, heldAt: moment(m.rating_err_held_at, { date: true }), note: text(1000) });
const followUpSchema = v.object({ action: text(1000) });

/** form fields arrive as '' when left empty: treat them as not given */

/**
 * The rating form's fields (level_<cadre>, comment_<cadre>) as the API's { ratings: [...] };
 * cadres left without a level are skipped. A bad level stays in so that its message shows.
 */
export function ratingsFromForm(values: Record<string, string>): { ratings: { cadreId: string; level: string; comment: string }[]; phone?: string } {
	const ratings = [];
	for (const [k, val] of Object.entries(values)) {
		const match = /^level_(\d{1,9})$/.exec(k);
		if (!match || val === '') continue;
		ratings.push({ cadreId: match[1], level: val, comment: values[`comment_${match[1]}`] ?? '' });
	}
	return { ratings, ...(values.phone !== undefined ? { phone: values.phone } : {}) };
}

// ---------- loading ----------

export async function settingsOf(q: Q, communityId: number) {
	const [row] = await q.select().from(table.ratingSetting).where(eq(table.ratingSetting.communityId, communityId));
	return {
		minCount: row?.minCount ?? DEFAULTS.minCount,
		flagThresholdPermille: row?.flagThresholdPermille ?? DEFAULTS.flagThresholdPermille,
		followUpDays: row?.followUpDays ?? DEFAULTS.followUpDays
	};
}
export type Settings = Awaited<ReturnType<typeof settingsOf>>;

async function loadRound(q: Q, roundId: number, lock?: 'update' | 'share'): Promise<Round> {
	const base = q.select().from(table.ratingRound).where(eq(table.ratingRound.id, roundId));
	const [row] = lock ? await base.for(lock) : await base;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

import type { Phase } from '$lib/labels/ratings';
export type { Phase };

export function phaseOf(round: Pick<Round, 'status' | 'opensAt' | 'closesAt'>, now = new Date()): Phase {
	if (round.status !== 'open') return round.status;
	if (now < round.opensAt) return 'upcoming';
	return now <= round.closesAt ? 'open' : 'closed';
}

/** sees figures once the round has closed: committee, cadres, the street admin; every reader after publication */
function seesFigures(actor: Actor, community: communities.Community, round: Round): boolean {
	if (round.status === 'published') return true;
	if (round.status !== 'closed') return false;
	return hasRole(actor, community.id, 'committee', 'cadre') || streetsAdministered(actor).includes(community.streetId);
}

async function roundCadres(q: Q, roundId: number) {
	return q
		.select({
			id: table.ratingCadre.id,
			name: table.ratingCadre.name,
			post: table.ratingCadre.post,
			responsibilities: table.ratingCadre.responsibilities,
			photoFileId: table.ratingCadre.photoFileId,
			grid: table.grid.name,
			userId: table.ratingCadre.userId
		})
		.from(table.ratingRoundCadre)
		.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingRoundCadre.cadreId))
		.leftJoin(table.grid, eq(table.grid.id, table.ratingCadre.gridId))
		.where(eq(table.ratingRoundCadre.roundId, roundId))
		.orderBy(asc(table.ratingCadre.position), asc(table.ratingCadre.id));
}

// ---------- settings and cadres ----------

export async function settings(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return settingsOf(db, community.id);
}

export async function updateSettings(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const p = parseInput(settingsSchema, dropBlank(input));
	const threshold = p.flagThresholdPermille ?? p.flagThresholdPercent;
	if (threshold === undefined) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { flagThresholdPercent: m.rating_err_threshold() });
	const values = { minCount: p.minCount, flagThresholdPermille: threshold, followUpDays: p.followUpDays };
	return db.transaction(async (tx) => {
		await tx
			.insert(table.ratingSetting)
			.values({ communityId: community.id, ...values })
			.onConflictDoUpdate({ target: table.ratingSetting.communityId, set: { ...values, updatedAt: new Date() } });
		await audit.record(tx, actor, { communityId: community.id, action: 'rating.settings', targetType: 'community', targetId: community.id, detail: values });
		return values;
	});
}

export async function cadres(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	const rows = await db
		.select({
			id: table.ratingCadre.id,
			name: table.ratingCadre.name,
			post: table.ratingCadre.post,
			responsibilities: table.ratingCadre.responsibilities,
			gridId: table.ratingCadre.gridId,
			grid: table.grid.name,
			photoFileId: table.ratingCadre.photoFileId,
			active: table.ratingCadre.active,
			position: table.ratingCadre.position
		})
		.from(table.ratingCadre)
		.leftJoin(table.grid, eq(table.grid.id, table.ratingCadre.gridId))
		.where(eq(table.ratingCadre.communityId, community.id))
		.orderBy(asc(table.ratingCadre.position), asc(table.ratingCadre.id));
	const grids = await db
		.select({ id: table.grid.id, name: table.grid.name })
		.from(table.grid)
		.where(eq(table.grid.communityId, community.id))
		.orderBy(asc(table.grid.id));
	return { cadres: rows, grids, isCommittee: hasRole(actor, community.id, 'committee') };
}

async function checkGrid(q: Q, communityId: number, gridId: number | null | undefined) {
	if (!gridId) return null;
	const [g] = await q.select({ id: table.grid.id }).from(table.grid).where(and(eq(table.grid.id, gridId), eq(table.grid.communityId, communityId)));
	if (!g) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { gridId: m.rating_err_grid() });
	return g.id;
}

/** a cadre's photo as uploaded from the form (optional) */
export type Photo = { name: string; bytes: Uint8Array } | null | undefined;

async function storePhoto(tx: Tx, actor: Actor, communityId: number, photo: Photo): Promise<number | undefined> {
	if (!photo) return undefined;
	const file = await files.put(tx, { communityId, name: photo.name, bytes: photo.bytes, uploadedById: actor?.id ?? null, accept: 'images', field: 'photo' });
	return file.id;
}

export async function createCadre(actor: Actor, communityId: number, input: unknown, photo?: Photo): Promise<{ id: number }> {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const p = parseInput(cadreSchema, dropBlank(input));
	return db.transaction(async (tx) => {
		const gridId = await checkGrid(tx, community.id, p.gridId);
		const photoFileId = (await storePhoto(tx, actor, community.id, photo)) ?? null;
		const [row] = await tx
			.insert(table.ratingCadre)
			.values({ communityId: community.id, name: p.name, post: p.post, responsibilities: p.responsibilities, gridId, photoFileId, active: p.active, position: p.position })
			.returning({ id: table.ratingCadre.id });
		await audit.record(tx, actor, { communityId: community.id, action: 'rating.cadre_created', targetType: 'rating_cadre', targetId: row.id, detail: { name: p.name, post: p.post } });
		return row;
	});
}

export async function updateCadre(actor: Actor, cadreId: number, input: unknown, photo?: Photo): Promise<{ id: number }> {
	const [cadre] = await db.select().from(table.ratingCadre).where(eq(table.ratingCadre.id, cadreId));
	if (!cadre) throw new ServiceError(404, 'not_found', m.err_not_found());
	requireCommittee(actor, cadre.communityId);
	// an unticked checkbox sends nothing: in a form, absent means inactive
	const raw = dropBlank(input) as Record<string, unknown>;
	const p = parseInput(cadreSchema, { active: false, ...raw });
	return db.transaction(async (tx) => {
		const gridId = await checkGrid(tx, cadre.communityId, p.gridId);
		const photoFileId = await storePhoto(tx, actor, cadre.communityId, photo);
		await tx
			.update(table.ratingCadre)
			.set({ name: p.name, post: p.post, responsibilities: p.responsibilities, gridId, active: p.active, position: p.position, ...(photoFileId ? { photoFileId } : {}) })
			.where(eq(table.ratingCadre.id, cadre.id));
		await audit.record(tx, actor, { communityId: cadre.communityId, action: 'rating.cadre_updated', targetType: 'rating_cadre', targetId: cadre.id, detail: { name: p.name, post: p.post, active: p.active } });
		return { id: cadre.id };
	});
}

/** a cadre's photo, for anyone who may read the community */
export async function photo(actor: Actor, cadreId: number) {
	const [cadre] = await db.select().from(table.ratingCadre).where(eq(table.ratingCadre.id, cadreId));
	if (!cadre || !cadre.photoFileId) throw new ServiceError(404, 'not_found', m.err_not_found());
	requireReader(actor, await communities.get(cadre.communityId));
	return files.get(db, cadre.photoFileId, cadre.communityId);
}

// ---------- rounds ----------

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
			return row;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'round_exists', m.rating_err_round_exists(), { quarter: m.rating_err_round_exists() });
		throw e;
	}
}

const roundUpdateSchema = v.object({
	opensAt: moment(m.rating_err_dates, { date: true }),
	closesAt: endMoment(m.rating_err_dates),
	/** a list, or one id (a form with one box ticked) */
	cadreIds: v.pipe(
		v.union([v.array(v.unknown()), v.pipe(v.union([v.string(), v.number()]), v.transform((x) => [x]))], m.rating_err_no_cadres),
		v.array(id, m.rating_err_no_cadres),
		v.minLength(1, m.rating_err_no_cadres)
	)
});

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
	await tx
		.update(table.ratingRound)
		.set({ status: 'closed', raterSalt: null, raters, eligible, closedAt: now, closesAt: now < round.closesAt ? now : round.closesAt })
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

/** a round whose closing time has passed is closed the first time anyone looks at it */
async function settle(roundIds: number[]) {
	const now = new Date();
	for (const roundId of roundIds) {
		await db.transaction(async (tx) => {
			const round = await loadRound(tx, roundId, 'update');
			if (round.status === 'open' && now > round.closesAt) await closeIn(tx, null, round, round.closesAt);
		});
	}
}

export async function publish(actor: Actor, roundId: number) {
	await settle([roundId]);
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
	const due = await db
		.select({ id: table.ratingRound.id })
		.from(table.ratingRound)
		.where(and(eq(table.ratingRound.communityId, community.id), eq(table.ratingRound.status, 'open'), sql`${table.ratingRound.closesAt} < now()`));
	await settle(due.map((r) => r.id));
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

// ---------- rating ----------

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
async function mine(round: Round, userId: number) {
	if (phaseOf(round) !== 'open' || !round.raterSalt) return new Map<number, { level: number; comment: string }>();
	const k = keys(round, userId);
	const cadreIds = (await roundCadres(db, round.id)).map((c) => c.id);
	const wanted = new Map(cadreIds.map((c) => [k.ballot(c), c]));
	if (wanted.size === 0) return new Map();
	const rows = await db
		.select({ cadreId: table.ratingBallot.cadreId, raterKey: table.ratingBallot.raterKey, level: table.ratingBallot.level, comment: table.ratingBallot.comment })
		.from(table.ratingBallot)
		.where(and(eq(table.ratingBallot.roundId, round.id), inArray(table.ratingBallot.raterKey, [...wanted.keys()])));
	return new Map(rows.filter((r) => wanted.get(r.raterKey!) === r.cadreId).map((r) => [r.cadreId, { level: r.level, comment: r.comment }]));
}

// ---------- figures ----------

export interface CadreFigures extends satisfaction.Summary {
	cadreId: number;
	name: string;
	post: string;
	grid: string | null;
}

export interface RoundFigures {
	minCount: number;
	flagThresholdPermille: number;
	cadres: CadreFigures[];
	/** all cadres' ratings together */
	total: Omit<satisfaction.Summary, 'flagged'>;
	raters: number;
	eligible: number;
	participation: string;
}

const countsOf = (r: { n5: number; n4: number; n3: number; n2: number; n1: number }): Counts => ({ 5: r.n5, 4: r.n4, 3: r.n3, 2: r.n2, 1: r.n1 });

async function figuresOf(q: Q, round: Round, settings: Settings): Promise<RoundFigures> {
	const rows = await q
		.select({
			cadreId: table.ratingResult.cadreId,
			name: table.ratingCadre.name,
			post: table.ratingCadre.post,
			grid: table.grid.name,
			n5: table.ratingResult.n5,
			n4: table.ratingResult.n4,
			n3: table.ratingResult.n3,
			n2: table.ratingResult.n2,
			n1: table.ratingResult.n1
		})
		.from(table.ratingResult)
		.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingResult.cadreId))
		.leftJoin(table.grid, eq(table.grid.id, table.ratingCadre.gridId))
		.where(eq(table.ratingResult.roundId, round.id))
		.orderBy(asc(table.ratingCadre.position), asc(table.ratingCadre.id));
	const cadres = rows.map((row) => ({
		cadreId: row.cadreId,
		name: row.name,
		post: row.post,
		grid: row.grid,
		...satisfaction.summarize(countsOf(row), settings.minCount, settings.flagThresholdPermille)
	}));
	const { flagged: _f, ...whole } = satisfaction.summarize(satisfaction.addCounts(rows.map(countsOf)), settings.minCount, settings.flagThresholdPermille);
	const raters = round.raters ?? 0;
	const eligible = round.eligible ?? 0;
	return {
		minCount: settings.minCount,
		flagThresholdPermille: settings.flagThresholdPermille,
		cadres,
		total: whole,
		raters,
		eligible,
		participation: satisfaction.percent({ num: raters, den: eligible })
	};
}

/** the round page: what each person may see of it */
export async function view(actor: Actor, roundId: number) {
	await settle([roundId]);
	const round = await loadRound(db, roundId);
	const community = await communities.get(round.communityId);
	requireReader(actor, community);
	const settings = await settingsOf(db, community.id);
	const phase = phaseOf(round);
	const isCommittee = hasRole(actor, community.id, 'committee');
	const canRate = phase === 'open' && hasRole(actor, community.id, 'resident', 'owner');
	const cadreList = await roundCadres(db, round.id);
	const my = canRate ? await mine(round, actor!.id) : new Map();
	let ratersSoFar: number | null = null;
	if (phase === 'open' || phase === 'upcoming') {
		const [{ n }] = await db.select({ n: count() }).from(table.ratingParticipant).where(eq(table.ratingParticipant.roundId, round.id));
		ratersSoFar = n;
	}
	const figures = seesFigures(actor, community, round) ? await figuresOf(db, round, settings) : null;
	const committee = isCommittee && figures ? await committeeRecords(round) : null;
	const allCadres =
		isCommittee && round.status === 'open'
			? await db
					.select({ id: table.ratingCadre.id, name: table.ratingCadre.name, post: table.ratingCadre.post, active: table.ratingCadre.active })
					.from(table.ratingCadre)
					.where(eq(table.ratingCadre.communityId, community.id))
					.orderBy(asc(table.ratingCadre.position), asc(table.ratingCadre.id))
			: [];
	return {
		round: { id: round.id, communityId: round.communityId, year: round.year, quarter: round.quarter, opensAt: round.opensAt, closesAt: round.closesAt, status: round.status, closedAt: round.closedAt, publishedAt: round.publishedAt, phase },
		community: { id: community.id, name: community.name },
		settings,
		// whether the cadre is the reader themselves (they rate the others), without handing out the account id
		cadres: cadreList.map(({ userId, ...c }) => ({ ...c, self: actor !== null && userId === actor.id, mine: my.get(c.id) ?? null })),
		canRate,
		isCommittee,
		ratersSoFar,
		figures,
		allCadres,
		talks: committee?.talks ?? [],
		followUps: committee?.followUps ?? []
	};
}

async function committeeRecords(round: Round) {
	const talks = await db
		.select({
			id: table.ratingTalk.id,
			cadreId: table.ratingTalk.cadreId,
			cadre: table.ratingCadre.name,
			heldAt: table.ratingTalk.heldAt,
			note: table.ratingTalk.note,
			recordedBy: table.user.name
		})
		.from(table.ratingTalk)
		.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingTalk.cadreId))
		.innerJoin(table.user, eq(table.user.id, table.ratingTalk.recordedById))
		.where(eq(table.ratingTalk.roundId, round.id))
		.orderBy(asc(table.ratingTalk.heldAt));
	const now = new Date();
	const followUps = (
		await db
			.select({
				id: table.ratingFollowUp.id,
				cadreId: table.ratingFollowUp.cadreId,
				cadre: table.ratingCadre.name,
				level: table.ratingFollowUp.level,
				comment: table.ratingFollowUp.comment,
				dueAt: table.ratingFollowUp.dueAt,
				action: table.ratingFollowUp.action,
				doneAt: table.ratingFollowUp.doneAt
			})
			.from(table.ratingFollowUp)
			.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingFollowUp.cadreId))
			.where(eq(table.ratingFollowUp.roundId, round.id))
			.orderBy(asc(table.ratingFollowUp.id))
	).map((f) => ({ ...f, overdue: !f.doneAt && f.dueAt < now }));
	return { talks, followUps };
}

/** aggregates only, for the API and the notice; 409 before they may be seen */
export async function results(actor: Actor, roundId: number) {
	await settle([roundId]);
	const round = await loadRound(db, roundId);
	const community = await communities.get(round.communityId);
	requireReader(actor, community);
	if (!seesFigures(actor, community, round)) throw new ServiceError(409, 'not_published', round.status === 'open' ? m.rating_err_not_closed() : m.rating_err_not_published());
	const settings = await settingsOf(db, community.id);
	return {
		round: { id: round.id, year: round.year, quarter: round.quarter, status: round.status, closedAt: round.closedAt, publishedAt: round.publishedAt },
		community: { id: community.id, name: community.name },
		formulas: formulas(),
		...(await figuresOf(db, round, settings))
	};
}

export const formulas = () => ({
	satisfaction: m.rating_formula_satisfaction(),
	strict: m.rating_formula_strict(),
	mean: m.rating_formula_mean(),
	participation: m.rating_formula_participation()
});

export async function recordTalk(actor: Actor, roundId: number, input: unknown): Promise<{ id: number }> {
	const round = await loadRound(db, roundId);
	const member = requireCommittee(actor, round.communityId);
	if (round.status === 'open') throw new ServiceError(409, 'not_closed', m.rating_err_not_closed());
	const p = parseInput(talkSchema, dropBlank(input));
	return db.transaction(async (tx) => {
		const [inRound] = await tx
			.select({ id: table.ratingRoundCadre.cadreId })
			.from(table.ratingRoundCadre)
			.where(and(eq(table.ratingRoundCadre.roundId, round.id), eq(table.ratingRoundCadre.cadreId, p.cadreId)));
		if (!inRound) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { cadreId: m.rating_err_cadre() });
		const [row] = await tx
			.insert(table.ratingTalk)
			.values({ communityId: round.communityId, roundId: round.id, cadreId: p.cadreId, heldAt: p.heldAt, note: p.note, recordedById: member.id })
			.returning({ id: table.ratingTalk.id });
		await audit.record(tx, actor, { communityId: round.communityId, action: 'rating.talk_recorded', targetType: 'rating_talk', targetId: row.id, detail: { roundId: round.id, cadreId: p.cadreId } });
		return row;
	});
}

export async function completeFollowUp(actor: Actor, followUpId: number, input: unknown) {
	const [f] = await db.select().from(table.ratingFollowUp).where(eq(table.ratingFollowUp.id, followUpId));
	if (!f) throw new ServiceError(404, 'not_found', m.err_not_found());
	const member = requireCommittee(actor, f.communityId);
	const p = parseInput(followUpSchema, input);
	return db.transaction(async (tx) => {
		await tx.update(table.ratingFollowUp).set({ action: p.action, doneAt: f.doneAt ?? new Date(), doneById: member.id }).where(eq(table.ratingFollowUp.id, f.id));
		await audit.record(tx, actor, { communityId: f.communityId, action: 'rating.follow_up_done', targetType: 'rating_follow_up', targetId: f.id, detail: { roundId: f.roundId } });
		return { id: f.id };
	});
}

// ---------- trend, notice, export ----------

const quarterLabel = (r: { year: number; quarter: number }) => `${r.year}Q${r.quarter}`;

/** satisfaction rate (%) per quarter, for the community and each cadre; null where it may not be shown */
export async function trend(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	const settings = await settingsOf(db, community.id);
	const seesClosed = hasRole(actor, community.id, 'committee', 'cadre');
	const rounds = await db
		.select()
		.from(table.ratingRound)
		.where(and(eq(table.ratingRound.communityId, community.id), inArray(table.ratingRound.status, seesClosed ? ['closed', 'published'] : ['published'])))
		.orderBy(asc(table.ratingRound.year), asc(table.ratingRound.quarter));
	const results = rounds.length
		? await db
				.select({ roundId: table.ratingResult.roundId, cadreId: table.ratingResult.cadreId, name: table.ratingCadre.name, n5: table.ratingResult.n5, n4: table.ratingResult.n4, n3: table.ratingResult.n3, n2: table.ratingResult.n2, n1: table.ratingResult.n1 })
				.from(table.ratingResult)
				.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingResult.cadreId))
				.where(inArray(table.ratingResult.roundId, rounds.map((r) => r.id)))
				.orderBy(asc(table.ratingCadre.position), asc(table.ratingCadre.id))
		: [];
	const pct = (c: Counts) => {
		const r = satisfaction.rates(c);
		return satisfaction.publishable(r, settings.minCount) ? r.satisfactionPermille! / 10 : null;
	};
	const cadreNames = new Map<number, string>();
	for (const r of results) cadreNames.set(r.cadreId, r.name);
	const communityValues = rounds.map((round) => {
		const total: Counts = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
		for (const r of results.filter((x) => x.roundId === round.id)) for (const l of [5, 4, 3, 2, 1] as const) total[l] += countsOf(r)[l];
		return pct(total);
	});
	const cadreSeries = [...cadreNames].map(([cadreId, name]) => ({
		cadreId,
		name,
		values: rounds.map((round) => {
			const r = results.find((x) => x.roundId === round.id && x.cadreId === cadreId);
			return r ? pct(countsOf(r)) : null;
		})
	}));
	return {
		community: { id: community.id, name: community.name },
		xLabels: rounds.map(quarterLabel),
		rounds: rounds.map((r) => ({ id: r.id, year: r.year, quarter: r.quarter })),
		communitySeries: { name: community.name, values: communityValues },
		cadreSeries
	};
}

export async function notice(actor: Actor, roundId: number) {
	const out = await results(actor, roundId);
	const t = await trend(actor, out.community.id);
	return { ...out, trend: t, printedAt: shanghaiTime(new Date()) };
}

export async function workbook(actor: Actor, roundId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
	const r = await results(actor, roundId);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Yishiting';
	const sheet = book.addWorksheet(m.rating_xlsx_sheet());
	sheet.addRow([m.rating_notice_title({ community: r.community.name, year: r.round.year, quarter: r.round.quarter })]).font = { bold: true };
	sheet.addRow([m.rating_formula_label(), r.formulas.satisfaction]);
	sheet.addRow(['', r.formulas.strict]);
	sheet.addRow(['', r.formulas.mean]);
	sheet.addRow(['', m.rating_min_note({ min: r.minCount })]);
	sheet.addRow([]);
	const header = sheet.addRow([
		m.rating_col_cadre(),
		m.rating_col_post(),
		...satisfaction.LEVELS.map((l) => levelName(l.level)),
		m.rating_col_valid(),
		m.rating_col_satisfaction(),
		m.rating_col_strict(),
		m.rating_col_mean(),
		m.rating_col_flag()
	]);
	header.font = { bold: true };
	const line = (name: string, post: string, f: Omit<satisfaction.Summary, 'flagged'>, flagged: boolean) =>
		sheet.addRow(
			f.shown && f.counts
				? [name, post, f.counts[5], f.counts[4], f.counts[3], f.counts[2], f.counts[1], f.valid, f.satisfaction, f.strict, f.mean, flagged ? m.rating_flagged() : '']
				: [name, post, m.rating_below_min_short(), '', '', '', '', '', '', '', '', '']
		);
	for (const c of r.cadres) line(c.name, c.post, c, c.flagged);
	line(m.rating_community_total(), '', r.total, false).font = { bold: true };
	sheet.addRow([]);
	sheet.addRow([m.rating_col_raters(), r.raters, m.rating_col_eligible(), r.eligible, m.rating_col_participation(), r.participation]);
	sheet.getColumn(1).width = 16;
	sheet.getColumn(2).width = 16;
	const bytes = new Uint8Array(await book.xlsx.writeBuffer());
	return { fileName: `ratings-${r.round.year}Q${r.round.quarter}.xlsx`, bytes };
}
