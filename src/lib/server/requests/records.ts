/**
 * The request record itself: finding it (by id or by tracking link), who handles it, and its public timeline.
 * Inside the domain these take the records already loaded; only the public functions authorise.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import { hasRole, requireUser, rolesIn, type Actor } from '../access';
import type { SessionUser } from '../auth';
import { ServiceError } from '../errors';

export type Request = typeof table.request.$inferSelect;
export type Q = Tx | DB;
/** the public record (timeline notes) is written in the base language, whoever is reading */
export const RECORD = { locale: 'zh-CN' } as const;

// ---- tracking tokens ----

export function newTrackingToken(): string {
	// 120 bits of entropy
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
}
export const trackingHashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

// ---- finding one ----

export async function findRequest(q: Q, requestId: number, lock = false): Promise<Request> {
	const query = q.select().from(table.request).where(eq(table.request.id, requestId));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** the request whose tracking link this is; whoever holds the link is its reporter */
export async function byToken(token: string): Promise<Request> {
	if (!/^[a-z2-7]{16,40}$/.test(token)) throw new ServiceError(404, 'not_found', m.err_not_found());
	const [r] = await db.select().from(table.request).where(eq(table.request.trackingHash, trackingHashOf(token)));
	if (!r) throw new ServiceError(404, 'not_found', m.err_not_found());
	return r;
}

// ---- who may do what ----

/** the grid of the request's building, or null */
export async function gridOf(q: Q, buildingId: number | null): Promise<number | null> {
	if (!buildingId) return null;
	const [b] = await q.select({ gridId: table.building.gridId }).from(table.building).where(eq(table.building.id, buildingId));
	return b?.gridId ?? null;
}

/** the committee, the grid worker of the building's grid, or whoever it was assigned to */
export function handlerOf(actor: Actor, r: Pick<Request, 'communityId' | 'assigneeId'>, gridId: number | null): boolean {
	if (!actor) return false;
	if (hasRole(actor, r.communityId, 'committee')) return true;
	if (r.assigneeId === actor.id && hasRole(actor, r.communityId, 'grid')) return true;
	return (
		gridId !== null &&
		actor.memberships.some((ms) => ms.communityId === r.communityId && ms.role === 'grid' && ms.status === 'verified' && ms.gridId === gridId)
	);
}

/** grids this actor works as a verified grid worker in this community */
export function gridsOf(actor: Actor, communityId: number): number[] {
	return (actor?.memberships ?? [])
		.filter((ms) => ms.communityId === communityId && ms.role === 'grid' && ms.status === 'verified' && ms.gridId !== null)
		.map((ms) => ms.gridId!);
}

export const canHandleIn = (actor: Actor, communityId: number) => hasRole(actor, communityId, 'committee', 'grid');

export async function requireHandler(q: Q, actor: Actor, r: Request): Promise<SessionUser> {
	const user = requireUser(actor);
	if (!handlerOf(user, r, await gridOf(q, r.buildingId))) {
		// someone of another community learns nothing about the request
		if (rolesIn(user, r.communityId).size === 0) throw new ServiceError(404, 'not_found', m.err_not_found());
		throw new ServiceError(403, 'forbidden', m.err_forbidden());
	}
	return user;
}

export type Viewer = 'reporter' | 'handler';

/** how a signed-in actor may read this request: as its reporter or as a handler; nobody else may */
export async function requireViewer(q: Q, actor: Actor, r: Request): Promise<{ user: SessionUser; viewer: Viewer }> {
	const user = requireUser(actor);
	if (r.reporterId === user.id) return { user, viewer: handlerOf(user, r, await gridOf(q, r.buildingId)) ? 'handler' : 'reporter' };
	await requireHandler(q, user, r);
	return { user, viewer: 'handler' };
}

// ---- the public timeline ----

/** adds a step to the request's timeline; returns the new row's id */
export async function addUpdate(q: Q, r: Pick<Request, 'id' | 'communityId'>, actor: Actor, kind: string, body = ''): Promise<number> {
	const [row] = await q
		.insert(table.requestUpdate)
		.values({
			communityId: r.communityId,
			requestId: r.id,
			kind,
			body,
			authorId: actor?.id ?? null,
			authorName: actor?.name ?? ''
		})
		.returning({ id: table.requestUpdate.id });
	return row.id;
}

export const isOpen = (r: Request) => r.status === 'new' || r.status === 'handling';
export const notOpen = () => new ServiceError(409, 'not_open', m.req_err_not_open());
