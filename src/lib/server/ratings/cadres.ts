/** The community's rating rules and the cadres who are rated, with their photos. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import { hasRole, requireCommittee, requireReader, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as files from '../files';
import { ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { cadreSchema, settingsSchema } from './input';
import { settingsOf, type Q } from './records';

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
