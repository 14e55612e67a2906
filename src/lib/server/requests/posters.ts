/** The A4 posters with each building's (or entrance's) QR code, which the committee prints and puts up. */
import { and, asc, eq } from 'drizzle-orm';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as communities from '../communities';
import { dropBlank, parseInput } from '../http/validate';
import { qrSvg } from '../qr';
import { PosterInput } from './input';

/** A4 posters, one a sheet, for every building (or entrance) of the community or one estate: the committee prints them */
export async function posters(actor: Actor, communityId: number, input: unknown, origin: string) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const f = parseInput(PosterInput, dropBlank(input, 'per', 'estateId'));
	const estates = await db
		.select({ id: table.estate.id, name: table.estate.name })
		.from(table.estate)
		.where(eq(table.estate.communityId, community.id))
		.orderBy(asc(table.estate.name));
	const estateWhere = and(eq(table.building.communityId, community.id), f.estateId ? eq(table.building.estateId, f.estateId) : undefined);
	const targets: { key: string; code: string; title: string }[] = [];
	if (f.per === 'building') {
		const rows = await db
			.select({ id: table.building.id, name: table.building.name, estateName: table.estate.name })
			.from(table.building)
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(estateWhere)
			.orderBy(asc(table.estate.name), asc(table.building.id));
		for (const b of rows) targets.push({ key: `b${b.id}`, code: `b${b.id}`, title: `${b.estateName} ${b.name}` });
	} else {
		const rows = await db
			.select({ id: table.entrance.id, name: table.entrance.name, buildingName: table.building.name, estateName: table.estate.name })
			.from(table.entrance)
			.innerJoin(table.building, eq(table.building.id, table.entrance.buildingId))
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(estateWhere)
			.orderBy(asc(table.estate.name), asc(table.building.id), asc(table.entrance.id));
		for (const e of rows) targets.push({ key: `e${e.id}`, code: `e${e.id}`, title: `${e.estateName} ${e.buildingName} ${e.name}` });
	}
	const sheets = [];
	for (const t of targets) {
		const url = `${origin}/r/${t.code}`;
		sheets.push({ ...t, url, qr: await qrSvg(url, 2) });
	}
	return { community: { id: community.id, name: community.name }, per: f.per, estateId: f.estateId ?? null, estates, sheets };
}
