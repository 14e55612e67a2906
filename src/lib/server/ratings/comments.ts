/**
 * Residents' comments on cadres, for the cadre themselves and for the committee's follow-up. A comment is shown only
 * from a round that has closed (its ballots were then written anew without keys, in an order unrelated to when anyone
 * rated) and only where the cadre's ratings in that round reached the round's minimum count: with fewer, a comment
 * could point at its writer. Nothing here carries a rater, a time or a row id, and the comments come in a fixed order
 * (level, then text), never in the order they were written.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import * as satisfaction from '$lib/domain/satisfaction';
import * as table from '../db/schema';
import { thresholdsOf, type Q, type Round, type Settings } from './records';

export interface Comment {
	level: number;
	comment: string;
}

const key = (roundId: number, cadreId: number) => `${roundId}:${cadreId}`;

/** code-point order, the same on every database and locale */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The comments that may be shown, by `${roundId}:${cadreId}`: closed or published rounds only, each cadre only where
 * their valid ratings in that round reached its minimum count (fixed at its close). `cadreId` narrows to one cadre.
 */
export async function shownComments(q: Q, rounds: Round[], settings: Settings, cadreId?: number): Promise<Map<string, Comment[]>> {
	const out = new Map<string, Comment[]>();
	const closed = rounds.filter((r) => r.status === 'closed' || r.status === 'published');
	if (closed.length === 0) return out;
	const roundIds = closed.map((r) => r.id);
	const minOf = new Map(closed.map((r) => [r.id, thresholdsOf(r, settings).minCount]));
	const counts = await q
		.select({ roundId: table.ratingResult.roundId, cadreId: table.ratingResult.cadreId, n5: table.ratingResult.n5, n4: table.ratingResult.n4, n3: table.ratingResult.n3, n2: table.ratingResult.n2, n1: table.ratingResult.n1 })
		.from(table.ratingResult)
		.where(and(inArray(table.ratingResult.roundId, roundIds), cadreId === undefined ? undefined : eq(table.ratingResult.cadreId, cadreId)));
	const shown = new Set(
		counts
			.filter((c) => satisfaction.publishable(satisfaction.rates({ 5: c.n5, 4: c.n4, 3: c.n3, 2: c.n2, 1: c.n1 }), minOf.get(c.roundId)!))
			.map((c) => key(c.roundId, c.cadreId))
	);
	if (shown.size === 0) return out;
	const rows = await q
		.select({ roundId: table.ratingBallot.roundId, cadreId: table.ratingBallot.cadreId, level: table.ratingBallot.level, comment: table.ratingBallot.comment })
		.from(table.ratingBallot)
		.where(
			and(
				inArray(table.ratingBallot.roundId, roundIds),
				cadreId === undefined ? undefined : eq(table.ratingBallot.cadreId, cadreId),
				sql`btrim(${table.ratingBallot.comment}) <> ''`
			)
		)
		.orderBy(asc(table.ratingBallot.roundId), asc(table.ratingBallot.cadreId), asc(table.ratingBallot.level));
	for (const r of rows) {
		const k = key(r.roundId, r.cadreId);
		if (!shown.has(k)) continue;
		const list = out.get(k) ?? [];
		list.push({ level: r.level, comment: r.comment });
		out.set(k, list);
	}
	for (const list of out.values()) list.sort((a, b) => a.level - b.level || byText(a.comment, b.comment));
	return out;
}

/** one round's shown comments, per cadre */
export async function roundComments(q: Q, round: Round, settings: Settings) {
	const found = await shownComments(q, [round], settings);
	return (cadreId: number) => found.get(key(round.id, cadreId)) ?? [];
}

export const commentKey = key;
