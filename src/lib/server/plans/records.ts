/**
 * Loading a plan and deciding who may see or change it. Only the public functions call these; everything below
 * them gets the plan already loaded and authorised.
 */
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import { hasRole, requireCommittee, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import { ServiceError } from '../errors';

export type Plan = typeof table.plan.$inferSelect;
export type Q = DB | Tx;

export async function loadPlan(planId: number, q: Q = db): Promise<Plan> {
	const [row] = await q.select().from(table.plan).where(eq(table.plan.id, planId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

export async function lockPlan(tx: Tx, planId: number): Promise<Plan> {
	const [row] = await tx.select().from(table.plan).where(eq(table.plan.id, planId)).for('update');
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** the plan, for anyone who may read its community; a draft only for its committee (404 to others) */
export async function readable(actor: Actor, planId: number) {
	const plan = await loadPlan(planId);
	const community = await communities.get(plan.communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, plan.communityId, 'committee');
	if (plan.status === 'draft' && !committee) throw new ServiceError(404, 'not_found', m.err_not_found());
	return { plan, community, user, committee };
}

/** a plan a reader may see, with who they are: what the reading functions pass along */
export type Readable = Awaited<ReturnType<typeof readable>>;

/** the plan for a committee action, locked for the transaction */
export async function managed(tx: Tx, actor: Actor, planId: number) {
	const peek = await loadPlan(planId, tx);
	const user = requireCommittee(actor, peek.communityId);
	return { user, plan: await lockPlan(tx, planId) };
}

export const requireStatus = (plan: Plan, ...statuses: Plan['status'][]) => {
	if (!statuses.includes(plan.status)) {
		const message = plan.status === 'draft' ? m.plan_err_not_published() : plan.status === 'closed' ? m.plan_err_closed() : m.plan_err_published();
		throw new ServiceError(409, `plan_${plan.status}`, message);
	}
};

/** the households in this community where the actor is a verified resident or owner */
export function ownUnitIds(actor: Actor, communityId: number): number[] {
	return (actor?.memberships ?? [])
		.filter((ms) => ms.communityId === communityId && ms.status === 'verified' && (ms.role === 'resident' || ms.role === 'owner') && ms.unitId)
		.map((ms) => ms.unitId!);
}
