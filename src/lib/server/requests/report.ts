/**
 * Reporting (上报): what a poster's QR code opens, and the report itself, signed in or with a phone number and a
 * tracking link.
 */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as communities from '../communities';
import * as files from '../files';
import { ServiceError } from '../errors';
import { dropBlank, filled, parseInput } from '../http/validate';
import { AnonymousReportInput, invalid, MAX_PHOTOS, ReportInput } from './input';
import { addUpdate, newTrackingToken, trackingHashOf } from './records';

export type ReportTarget = Awaited<ReturnType<typeof reportTarget>>;

/**
 * What a poster's code (`b12`: building 12, `e34`: entrance 34) or the site's link (`c3`: community 3)
 * opens: the community, the building and entrance pre-filled, and the community's buildings to choose from.
 */
export async function reportTarget(code: string) {
	const match = /^([bec])(\d{1,9})$/.exec(code);
	if (!match) throw new ServiceError(404, 'not_found', m.req_err_no_building());
	const n = Number(match[2]);
	let communityId: number;
	let buildingId: number | null = null;
	let entranceId: number | null = null;
	if (match[1] === 'c') communityId = n;
	else if (match[1] === 'b') {
		const [b] = await db.select().from(table.building).where(eq(table.building.id, n));
		if (!b) throw new ServiceError(404, 'not_found', m.req_err_no_building());
		communityId = b.communityId;
		buildingId = b.id;
	} else {
		const [e] = await db.select().from(table.entrance).where(eq(table.entrance.id, n));
		if (!e) throw new ServiceError(404, 'not_found', m.req_err_no_building());
		communityId = e.communityId;
		buildingId = e.buildingId;
		entranceId = e.id;
	}
	const community = await communities.get(communityId);
	const buildings = await buildingChoices(community.id);
	const building = buildings.find((b) => b.id === buildingId) ?? null;
	const [entrance] = entranceId
		? await db.select({ id: table.entrance.id, name: table.entrance.name }).from(table.entrance).where(eq(table.entrance.id, entranceId))
		: [];
	return { community: { id: community.id, name: community.name }, building, entrance: entrance ?? null, buildings };
}

async function buildingChoices(communityId: number) {
	const rows = await db
		.select({ id: table.building.id, name: table.building.name, estateName: table.estate.name })
		.from(table.building)
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(eq(table.building.communityId, communityId))
		.orderBy(asc(table.estate.name), asc(table.building.id));
	return rows.map((b) => ({ id: b.id, label: `${b.estateName} ${b.name}` }));
}

/**
 * 上报: anyone may report a problem in a community. Signed in, the report is theirs; without an account a
 * phone number is required. Either way the answer carries a tracking token, shown once, for the tracking page.
 */
export async function report(actor: Actor, communityId: number, input: unknown, photos: { name: string; bytes: Uint8Array }[] = []) {
	const community = await communities.get(communityId);
	// without an account the phone number is required, and its message comes with the others
	const data = actor
		? parseInput(ReportInput, dropBlank(filled(input, 'category', 'description'), 'buildingId', 'entranceId', 'reporterPhone', 'contactPreference', 'location', 'reporterName'))
		: parseInput(AnonymousReportInput, dropBlank(filled(input, 'category', 'description', 'reporterPhone'), 'buildingId', 'entranceId', 'contactPreference', 'location', 'reporterName'));
	let buildingId: number | null = null;
	let entranceId: number | null = null;
	if (data.entranceId !== undefined) {
		const [e] = await db
			.select()
			.from(table.entrance)
			.where(and(eq(table.entrance.id, data.entranceId), eq(table.entrance.communityId, community.id)));
		if (!e) throw invalid({ buildingId: m.req_err_building() });
		entranceId = e.id;
		buildingId = e.buildingId;
	}
	if (data.buildingId !== undefined) {
		const [b] = await db
			.select({ id: table.building.id })
			.from(table.building)
			.where(and(eq(table.building.id, data.buildingId), eq(table.building.communityId, community.id)));
		if (!b) throw invalid({ buildingId: m.req_err_building() });
		if (buildingId !== null && buildingId !== b.id) entranceId = null;
		buildingId = b.id;
	}
	if (photos.length > MAX_PHOTOS) throw invalid({ photos: m.req_err_photos({ max: MAX_PHOTOS }) });
	const token = newTrackingToken();
	const created = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(table.request)
			.values({
				communityId: community.id,
				buildingId,
				entranceId,
				category: data.category,
				description: data.description,
				location: data.location,
				contactPreference: data.contactPreference,
				reporterId: actor?.id ?? null,
				reporterPhone: data.reporterPhone ?? null,
				reporterName: actor ? actor.name : data.reporterName,
				trackingHash: trackingHashOf(token)
			})
			.returning();
		await addUpdate(tx, row, null, 'reported');
		for (const p of photos) {
			const file = await files.put(tx, { communityId: community.id, name: p.name, bytes: p.bytes, uploadedById: actor?.id ?? null, accept: 'images', field: 'photos' });
			await tx.insert(table.requestPhoto).values({ communityId: community.id, requestId: row.id, fileId: file.id });
		}
		return row;
	});
	return { id: created.id, communityId: community.id, token, trackingPath: `/r/track/${token}` };
}
