/**
 * A cadre's own results: their figures over the quarters and the comments residents left on them. Only the person
 * whose account the cadre record names, with a staff role in the community, sees it; the comments follow the rule of
 * comments.ts (closed rounds, the round's minimum count met, no rater, no time, a fixed order).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as satisfaction from '$lib/domain/satisfaction';
import type { Counts } from '$lib/domain/satisfaction';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireRole, type Actor } from '../access';
import * as communities from '../communities';
import { ServiceError } from '../errors';
import { commentKey, shownComments, type Comment } from './comments';
import { settingsOf, thresholdsOf } from './records';
import { listOf } from './rounds';

/** the staff roles a rated cadre may hold (DOMAIN §1: a cadre may also be on the committee or a grid worker) */
const STAFF = ['cadre', 'committee', 'grid'] as const;

export interface OwnRound extends satisfaction.Summary {
	id: number;
	year: number;
	quarter: number;
	status: 'closed' | 'published';
	publishedAt: Date | null;
	/** the minimum count fixed at the round's close */
	minCount: number;
	/** the satisfaction rate of the whole community that round (the cadres shown together), for comparison */
	communitySatisfaction: string | null;
	comments: Comment[];
}

/** whether the reader has a page of their own results here (for the link to it) */
export async function hasOwnPage(actor: Actor, communityId: number): Promise<boolean> {
	if (!actor || !hasRole(actor, communityId, ...STAFF)) return false;
	const [row] = await db
		.select({ id: table.ratingCadre.id })
		.from(table.ratingCadre)
		.where(and(eq(table.ratingCadre.communityId, communityId), eq(table.ratingCadre.userId, actor.id)))
		.limit(1);
	return !!row;
}

export async function own(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireRole(actor, community.id, ...STAFF);
	const [cadre] = await db
		.select({ id: table.ratingCadre.id, name: table.ratingCadre.name, post: table.ratingCadre.post, grid: table.grid.name })
		.from(table.ratingCadre)
		.leftJoin(table.grid, eq(table.grid.id, table.ratingCadre.gridId))
		.where(and(eq(table.ratingCadre.communityId, community.id), eq(table.ratingCadre.userId, user.id)))
		.orderBy(asc(table.ratingCadre.id))
		.limit(1);
	if (!cadre) throw new ServiceError(403, 'not_rated', m.rating_err_not_rated());
	// rounds past their closing time are closed first
	await listOf(community);
	const settings = await settingsOf(db, community.id);
	const rounds = await db
		.select()
		.from(table.ratingRound)
		.where(and(eq(table.ratingRound.communityId, community.id), inArray(table.ratingRound.status, ['closed', 'published'])))
		.orderBy(desc(table.ratingRound.year), desc(table.ratingRound.quarter));
	const results = rounds.length
		? await db
				.select()
				.from(table.ratingResult)
				.where(inArray(table.ratingResult.roundId, rounds.map((r) => r.id)))
		: [];
	const countsOf = (r: typeof table.ratingResult.$inferSelect): Counts => ({ 5: r.n5, 4: r.n4, 3: r.n3, 2: r.n2, 1: r.n1 });
	const comments = await shownComments(db, rounds, settings, cadre.id);
	const list: OwnRound[] = [];
	for (const round of rounds) {
		const mine = results.find((r) => r.roundId === round.id && r.cadreId === cadre.id);
		if (!mine) continue;
		const { minCount, flagThresholdPermille } = thresholdsOf(round, settings);
		const whole = satisfaction.summarize(
			satisfaction.shownTotal(results.filter((r) => r.roundId === round.id).map(countsOf), minCount),
			minCount,
			flagThresholdPermille
		);
		list.push({
			id: round.id,
			year: round.year,
			quarter: round.quarter,
			status: round.status as OwnRound['status'],
			publishedAt: round.publishedAt,
			minCount,
			...satisfaction.summarize(countsOf(mine), minCount, flagThresholdPermille),
			communitySatisfaction: whole.satisfaction ?? null,
			comments: comments.get(commentKey(round.id, cadre.id)) ?? []
		});
	}
	const oldestFirst = [...list].reverse();
	return {
		community: { id: community.id, name: community.name },
		cadre,
		rounds: list,
		trend: {
			xLabels: oldestFirst.map((r) => `${r.year}Q${r.quarter}`),
			values: oldestFirst.map((r) => (r.shown && r.satisfactionPermille !== undefined ? r.satisfactionPermille / 10 : null))
		}
	};
}
