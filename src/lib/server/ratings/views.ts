/** The rating pages: a round as each person may see it, the community's rounds, the printed notice. */
import { asc, count, eq } from 'drizzle-orm';
import { shanghaiTime } from '$lib/time';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import { mine } from './ballots';
import { figuresOf, resultsOf, trendOf } from './results';
import { phaseOf, roundCadres, seesFigures, settingsOf, thresholdsOf, type Round, type Settings } from './records';
import { listOf, settled } from './rounds';
import { committeeRecords } from './talks';
import { roundComments } from './comments';
import { hasOwnPage } from './own';

/** the round page: what each person may see of it */
export async function view(actor: Actor, roundId: number) {
	const { round, community, settings } = await readable(actor, roundId);
	return viewOf(actor, round, community, settings);
}

/** The round page: the view and, once its figures may be seen, the community's trend, with the round and its community read once. */
export async function page(actor: Actor, roundId: number) {
	const { round, community, settings } = await readable(actor, roundId);
	const shown = await viewOf(actor, round, community, settings);
	return { ...shown, trend: shown.figures ? await trendOf(actor, community, settings) : null };
}

/** The community's rating page: its rounds and the trend. */
export async function overview(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	const rounds = await listOf(community);
	return { rounds, trend: await trendOf(actor, community, await settingsOf(db, community.id)), ownPage: await hasOwnPage(actor, community.id) };
}

/** the round (closed first if its time has passed), for a reader of its community */
async function readable(actor: Actor, roundId: number) {
	const round = await settled(roundId);
	const community = await communities.get(round.communityId);
	requireReader(actor, community);
	return { round, community, settings: await settingsOf(db, community.id) };
}

async function viewOf(actor: Actor, round: Round, community: communities.Community, settings: Settings) {
	const phase = phaseOf(round);
	const isCommittee = hasRole(actor, community.id, 'committee');
	const canRate = phase === 'open' && hasRole(actor, community.id, 'resident', 'owner');
	const cadreList = await roundCadres(db, round.id);
	const my = canRate ? await mine(round, actor!.id, cadreList.map((c) => c.id)) : new Map();
	let ratersSoFar: number | null = null;
	if (phase === 'open' || phase === 'upcoming') {
		const [{ n }] = await db.select({ n: count() }).from(table.ratingParticipant).where(eq(table.ratingParticipant.roundId, round.id));
		ratersSoFar = n;
	}
	const figures = seesFigures(actor, community, round) ? await figuresOf(db, round, settings) : null;
	const committee = isCommittee && figures ? await committeeRecords(round) : null;
	// the committee follows up residents' comments: per cadre, only where the cadre's figures are shown
	const commentsOf = committee ? await roundComments(db, round, settings) : null;
	const comments =
		commentsOf && figures
			? figures.cadres
					.filter((c) => c.shown)
					.map((c) => ({ cadreId: c.cadreId, name: c.name, post: c.post, comments: commentsOf(c.cadreId) }))
					.filter((c) => c.comments.length > 0)
			: [];
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
		// the round's own thresholds once closed (fixed then), the community's current ones before
		settings: { ...settings, ...thresholdsOf(round, settings) },
		// whether the cadre is the reader themselves (they rate the others), without handing out the account id
		cadres: cadreList.map(({ userId, ...c }) => ({ ...c, self: actor !== null && userId === actor.id, mine: my.get(c.id) ?? null })),
		canRate,
		isCommittee,
		ratersSoFar,
		figures,
		allCadres,
		talks: committee?.talks ?? [],
		followUps: committee?.followUps ?? [],
		comments
	};
}

export async function notice(actor: Actor, roundId: number) {
	const { round, community, settings } = await readable(actor, roundId);
	const out = await resultsOf(actor, community, round, settings);
	return { ...out, trend: await trendOf(actor, community, settings), printedAt: shanghaiTime(new Date()) };
}
