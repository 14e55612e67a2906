/**
 * What a person whose registration is not (or no longer) verified is told when they open a page of that community:
 * what they registered as, who verifies it and where to find them, instead of a bare refusal.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from './db';
import * as table from './db/schema';
import type { Actor } from './access';

export interface Waiting {
	status: 'pending' | 'rejected';
	communityId: number;
	communityName: string;
	role: table.Role;
	/** the home they registered, with its estate; null when none was named */
	unit: string | null;
	/** when they registered (ISO) */
	since: string;
	/** the committee's reason, for a refused registration */
	reason: string | null;
	/** the verified committee members, who do the checking */
	committee: string[];
	/** the community's service centre (党群服务中心), where the committee can be found, when the site knows it */
	office: { name: string; address: string } | null;
}

/**
 * The actor's registration in this community when it is pending or was refused and they hold no verified role
 * there; null otherwise (a signed-out visitor, an outsider, a verified member).
 */
export async function waitingIn(actor: Actor, communityId: number): Promise<Waiting | null> {
	const mine = actor?.memberships.filter((ms) => ms.communityId === communityId) ?? [];
	if (!actor || mine.length === 0 || mine.some((ms) => ms.status === 'verified')) return null;
	const [row] = await db
		.select({
			status: table.membership.status,
			role: table.membership.role,
			note: table.membership.note,
			createdAt: table.membership.createdAt,
			communityName: table.community.name,
			unit: sql<string | null>`case when ${table.unit.id} is null then null
				else concat_ws(' ', ${table.estate.name}, ${table.building.name} || coalesce(${table.entrance.name}, '') || ${table.unit.room}) end`
		})
		.from(table.membership)
		.innerJoin(table.community, eq(table.community.id, table.membership.communityId))
		.leftJoin(table.unit, eq(table.unit.id, table.membership.unitId))
		.leftJoin(table.building, eq(table.building.id, table.unit.buildingId))
		.leftJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.leftJoin(table.entrance, eq(table.entrance.id, table.unit.entranceId))
		.where(and(eq(table.membership.userId, actor.id), eq(table.membership.communityId, communityId), inArray(table.membership.status, ['pending', 'rejected'])))
		// a pending registration before a refused one
		.orderBy(sql`${table.membership.status} = 'pending' desc`, desc(table.membership.createdAt))
		.limit(1);
	if (!row) return null;
	const [committee, [office]] = await Promise.all([
		db
			.select({ name: table.user.name })
			.from(table.membership)
			.innerJoin(table.user, eq(table.user.id, table.membership.userId))
			.where(and(eq(table.membership.communityId, communityId), eq(table.membership.role, 'committee'), eq(table.membership.status, 'verified')))
			.orderBy(asc(table.membership.id)),
		db
			.select({ name: table.venue.name, address: table.venue.address })
			.from(table.venue)
			.where(and(eq(table.venue.communityId, communityId), eq(table.venue.kind, 'centre'), eq(table.venue.active, true)))
			.orderBy(asc(table.venue.id))
			.limit(1)
	]);
	return {
		status: row.status === 'rejected' ? 'rejected' : 'pending',
		communityId,
		communityName: row.communityName,
		role: row.role,
		unit: row.unit,
		since: row.createdAt.toISOString(),
		reason: row.status === 'rejected' && row.note ? row.note : null,
		committee: committee.map((c) => c.name),
		office: office ?? null
	};
}
