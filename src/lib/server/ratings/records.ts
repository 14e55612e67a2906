/** Loading a round and its settings, and who may see its figures. Only the public functions call these. */
import { asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/labels/ratings';
import type { DB, Tx } from '../db';
import * as table from '../db/schema';
import { hasRole, streetsAdministered, type Actor } from '../access';
import type * as communities from '../communities';
import { ServiceError } from '../errors';

export type Q = DB | Tx;
export type Round = typeof table.ratingRound.$inferSelect;
export type Cadre = typeof table.ratingCadre.$inferSelect;
export type { Phase };

export const DEFAULTS = { minCount: 5, flagThresholdPermille: 900, followUpDays: 15 } as const;

export async function settingsOf(q: Q, communityId: number) {
	const [row] = await q.select().from(table.ratingSetting).where(eq(table.ratingSetting.communityId, communityId));
	return {
		minCount: row?.minCount ?? DEFAULTS.minCount,
		flagThresholdPermille: row?.flagThresholdPermille ?? DEFAULTS.flagThresholdPermille,
		followUpDays: row?.followUpDays ?? DEFAULTS.followUpDays
	};
}
export type Settings = Awaited<ReturnType<typeof settingsOf>>;

/** the thresholds a round's figures are shown by: fixed at its close; the community's current ones before */
export function thresholdsOf(round: Pick<Round, 'minCount' | 'flagThresholdPermille'>, settings: Settings): Pick<Settings, 'minCount' | 'flagThresholdPermille'> {
	return {
		minCount: round.minCount ?? settings.minCount,
		flagThresholdPermille: round.flagThresholdPermille ?? settings.flagThresholdPermille
	};
}

export async function loadRound(q: Q, roundId: number, lock?: 'update' | 'share'): Promise<Round> {
	const base = q.select().from(table.ratingRound).where(eq(table.ratingRound.id, roundId));
	const [row] = lock ? await base.for(lock) : await base;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

export function phaseOf(round: Pick<Round, 'status' | 'opensAt' | 'closesAt'>, now = new Date()): Phase {
	if (round.status !== 'open') return round.status;
	if (now < round.opensAt) return 'upcoming';
	return now <= round.closesAt ? 'open' : 'closed';
}

/** sees figures once the round has closed: committee, cadres, the street admin; every reader after publication */
export function seesFigures(actor: Actor, community: communities.Community, round: Round): boolean {
	if (round.status === 'published') return true;
	if (round.status !== 'closed') return false;
	return hasRole(actor, community.id, 'committee', 'cadre') || streetsAdministered(actor).includes(community.streetId);
}

export async function roundCadres(q: Q, roundId: number) {
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
