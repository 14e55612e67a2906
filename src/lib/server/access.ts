import type { Role } from './db/schema';
import type { SessionUser } from './auth';
import { ServiceError } from './errors';
import { m } from '$lib/paraglide/messages';

/** who is acting: the signed-in user with their memberships, or null */
export type Actor = SessionUser | null;

export function requireUser(actor: Actor): SessionUser {
	if (!actor) throw new ServiceError(401, 'unauthenticated', m.err_not_signed_in());
	return actor;
}

/** verified roles the actor holds in a community */
export function rolesIn(actor: Actor, communityId: number): Set<Role> {
	const roles = new Set<Role>();
	for (const ms of actor?.memberships ?? []) {
		if (ms.communityId === communityId && ms.status === 'verified') roles.add(ms.role);
	}
	return roles;
}

export function hasRole(actor: Actor, communityId: number, ...roles: Role[]): boolean {
	const held = rolesIn(actor, communityId);
	return roles.some((r) => held.has(r));
}

/** committee, or any other role given, verified in this community; 401 when signed out, 403 otherwise */
export function requireRole(actor: Actor, communityId: number, ...roles: Role[]): SessionUser {
	const user = requireUser(actor);
	if (!hasRole(user, communityId, ...roles)) throw new ServiceError(403, 'forbidden', m.err_forbidden());
	return user;
}

export const requireCommittee = (actor: Actor, communityId: number) => requireRole(actor, communityId, 'committee');

/** a verified resident or owner: may second, vote and rate */
export function requireVerifiedResident(actor: Actor, communityId: number): SessionUser {
	const user = requireUser(actor);
	if (hasRole(user, communityId, 'resident', 'owner')) return user;
	const pending = user.memberships.some((ms) => ms.communityId === communityId && ms.status !== 'verified');
	if (pending) throw new ServiceError(403, 'not_verified', m.err_not_verified());
	throw new ServiceError(403, 'forbidden', m.err_forbidden());
}

/** street admins see the communities of their street */
export function streetsAdministered(actor: Actor): number[] {
	return (actor?.memberships ?? [])
		.filter((ms) => ms.role === 'street_admin' && ms.status === 'verified' && ms.streetId !== null)
		.map((ms) => ms.streetId!);
}

/** Community data is for the community: any verified role there, or the street admin of its street. */
export function requireReader(actor: Actor, community: { id: number; streetId: number }): SessionUser {
	const user = requireUser(actor);
	if (rolesIn(user, community.id).size > 0) return user;
	if (streetsAdministered(user).includes(community.streetId)) return user;
	throw new ServiceError(403, 'forbidden', m.err_forbidden());
}
