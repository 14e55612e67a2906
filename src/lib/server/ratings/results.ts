/** The figures of a closed round (counts per level, rates, participation) and the quarter-by-quarter trend. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as satisfaction from '$lib/domain/satisfaction';
import type { Counts } from '$lib/domain/satisfaction';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import { ServiceError } from '../errors';
import { seesFigures, settingsOf, thresholdsOf, type Q, type Round, type Settings } from './records';
import { settled } from './rounds';

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
	/** the shown cadres' ratings together (a hidden cadre's stay out, so they cannot be derived) */
	total: Omit<satisfaction.Summary, 'flagged'>;
	raters: number;
	eligible: number;
	participation: string;
}

const countsOf = (r: { n5: number; n4: number; n3: number; n2: number; n1: number }): Counts => ({ 5: r.n5, 4: r.n4, 3: r.n3, 2: r.n2, 1: r.n1 });

export async function figuresOf(q: Q, round: Round, current: Settings): Promise<RoundFigures> {
	const settings = thresholdsOf(round, current);
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
	const { flagged: _f, ...whole } = satisfaction.summarize(satisfaction.shownTotal(rows.map(countsOf), settings.minCount), settings.minCount, settings.flagThresholdPermille);
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

/** aggregates only, for the API and the notice; 409 before they may be seen */
export async function results(actor: Actor, roundId: number) {
	const round = await settled(roundId);
	const community = await communities.get(round.communityId);
	requireReader(actor, community);
	return resultsOf(actor, community, round, await settingsOf(db, community.id));
}

/** the figures of a round already loaded for a reader of its community */
export async function resultsOf(actor: Actor, community: communities.Community, round: Round, settings: Settings) {
	if (!seesFigures(actor, community, round)) throw new ServiceError(409, 'not_published', round.status === 'open' ? m.rating_err_not_closed() : m.rating_err_not_published());
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

const quarterLabel = (r: { year: number; quarter: number }) => `${r.year}Q${r.quarter}`;

/** satisfaction rate (%) per quarter, for the community and each cadre; null where it may not be shown */
export async function trend(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return trendOf(actor, community, await settingsOf(db, community.id));
}

/** the trend of a community whose reader has been checked */
export async function trendOf(actor: Actor, community: communities.Community, settings: Settings) {
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
	// each round by the minimum count fixed at its close
	const minOf = new Map(rounds.map((round) => [round.id, thresholdsOf(round, settings).minCount]));
	const pct = (c: Counts, roundId: number) => {
		const r = satisfaction.rates(c);
		return satisfaction.publishable(r, minOf.get(roundId)!) ? r.satisfactionPermille! / 10 : null;
	};
	const cadreNames = new Map<number, string>();
	for (const r of results) cadreNames.set(r.cadreId, r.name);
	const communityValues = rounds.map((round) => {
		return pct(satisfaction.shownTotal(results.filter((x) => x.roundId === round.id).map(countsOf), minOf.get(round.id)!), round.id);
	});
	const cadreSeries = [...cadreNames].map(([cadreId, name]) => ({
		cadreId,
		name,
		values: rounds.map((round) => {
			const r = results.find((x) => x.roundId === round.id && x.cadreId === cadreId);
			return r ? pct(countsOf(r), round.id) : null;
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
