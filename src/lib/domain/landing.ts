/**
 * Where a signed-in person's own work is: the page they land on after signing in (and from "/"), and the link the
 * header offers them. Chosen from their verified roles, the heaviest duty first: a street admin's street view, a
 * committee member's desk, a grid worker's request queue, a cadre's ratings, a resident's notice board.
 */
import type { MembershipStatus, Role } from '$lib/server/db/schema';

export type WorkKind = 'street' | 'committee' | 'grid' | 'cadre' | 'resident';

export interface Work {
	kind: WorkKind;
	href: string;
	/** the community it is in; null for the street view */
	communityId: number | null;
}

interface Standing {
	role: Role;
	status: MembershipStatus;
	communityId: number | null;
	streetId: number | null;
}

const COMMUNITY_WORK: { kind: Exclude<WorkKind, 'street'>; roles: Role[]; path: (cid: number) => string }[] = [
	{ kind: 'committee', roles: ['committee'], path: (cid) => `/c/${cid}/committee` },
	{ kind: 'grid', roles: ['grid'], path: (cid) => `/c/${cid}/requests` },
	// until a cadre has a page of their own results, the community's ratings (where the published figures are)
	{ kind: 'cadre', roles: ['cadre'], path: (cid) => `/c/${cid}/ratings` },
	{ kind: 'resident', roles: ['owner', 'resident'], path: (cid) => `/c/${cid}` }
];

/**
 * The person's own work, or null when there is none yet (nothing verified) or when their heaviest duty is held in
 * several communities, so that they choose the community first.
 */
export function workOf(memberships: readonly Standing[]): Work | null {
	const verified = memberships.filter((ms) => ms.status === 'verified');
	if (verified.some((ms) => ms.role === 'street_admin' && ms.streetId !== null)) return { kind: 'street', href: '/street/requests', communityId: null };
	for (const w of COMMUNITY_WORK) {
		const cids = [...new Set(verified.filter((ms) => w.roles.includes(ms.role) && ms.communityId !== null).map((ms) => ms.communityId!))];
		if (cids.length === 1) return { kind: w.kind, href: w.path(cids[0]), communityId: cids[0] };
		if (cids.length > 1) return null;
	}
	return null;
}
