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

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});

/** a moment as Beijing time, e.g. 2025/03/08 14:05 */
export const shanghaiTime = (d: Date | string | null | undefined) => (d ? SHANGHAI.format(new Date(d)) : '');
