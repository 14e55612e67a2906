/** Display names for roles and membership statuses, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import type { MembershipStatus, Role } from '$lib/server/db/schema';

const ROLE: Record<Role, () => string> = {
	resident: m.role_resident,
	owner: m.role_owner,
	committee: m.role_committee,
	cadre: m.role_cadre,
	grid: m.role_grid,
	street_admin: m.role_street_admin
};

const STATUS: Record<MembershipStatus, () => string> = {
	pending: m.status_pending,
	verified: m.status_verified,
	rejected: m.status_rejected
};

export const roleLabel = (role: Role) => ROLE[role]();
export const membershipStatusLabel = (status: MembershipStatus) => STATUS[status]();

