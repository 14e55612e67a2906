/**
 * The residents' share split over the households in scope: computed from the register while the plan is a draft,
 * fixed in plan_share when it is published. The rule itself is the pure $lib/domain/cost-split.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as costSplit from '$lib/domain/cost-split';
import { unitLabel } from '$lib/labels/places';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import { unitRows, unitsInScope, type ScopeOf } from '../places';
import { ServiceError } from '../errors';
import { sourcesOf } from './sources';
import { loadPlan, type Plan, type Q } from './records';

export async function checkScope(q: Q, s: ScopeOf): Promise<number[]> {
	if (s.scope === 'community') return [];
	const ids = [...new Set(s.scopeIds)];
	const refuse = () => new ServiceError(400, 'invalid_scope', m.plan_err_scope(), { scopeIds: m.plan_err_scope() });
	if (ids.length === 0) throw refuse();
	const place = { estate: table.estate, building: table.building, entrance: table.entrance }[s.scope];
	const rows = await q
		.select({ id: place.id })
		.from(place)
		.where(and(inArray(place.id, ids), eq(place.communityId, s.communityId)));
	if (rows.length !== ids.length) throw refuse();
	return ids.sort((a, b) => a - b);
}

export async function scopeUnits(s: ScopeOf, q: Q = db) {
	const rows = await unitRows(q)
		.where(unitsInScope(s))
		.orderBy(asc(table.estate.id), asc(table.building.id), asc(table.entrance.id), asc(table.unit.id));
	return rows.map((r) => ({ ...r, label: unitLabel(r), floor: costSplit.floorOfRoom(r.room) }));
}

export function splitRuleOf(plan: Plan): costSplit.SplitRule {
	if (plan.splitRule === 'floor') return { kind: 'floor', coefficients: Object.fromEntries(Object.entries(plan.floorCoefficients).map(([k, w]) => [Number(k), w])) };
	return { kind: plan.splitRule };
}

export function splitRefusal(e: costSplit.SplitError): ServiceError {
	switch (e.code) {
		case 'missing_floor_coefficient':
			return new ServiceError(409, 'missing_floor_coefficient', m.plan_err_floor_missing({ floor: e.floor }), { floorCoefficients: m.plan_err_floor_missing({ floor: e.floor }) });
		case 'zero_total_weight':
			return new ServiceError(409, 'zero_total_weight', m.plan_err_zero_weight());
		default:
			return new ServiceError(409, e.code, m.plan_err_split());
	}
}

/** each household's share of the residents' part, computed now from the register */
export async function computeShares(q: Q, plan: Plan) {
	const units = await scopeUnits(plan, q);
	const residents = (await sourcesOf(q, plan.id)).find((s) => s.kind === 'residents');
	const totalFen = plan.collection === 'levy' ? (residents?.amountFen ?? 0) : 0;
	if (units.length === 0) return { totalFen, rows: [] };
	const r = costSplit.split(totalFen, units.map((u) => ({ id: u.id, areaDm2: u.areaDm2, floor: u.floor })), splitRuleOf(plan));
	if (!r.ok) throw splitRefusal(r.error);
	return { totalFen, rows: units.map((u, i) => ({ unitId: u.id, label: u.label, areaDm2: u.areaDm2, floor: u.floor, weight: r.shares[i].weight, amountFen: r.shares[i].fen })) };
}

/** The split before publishing (computed) or as fixed at publishing (stored): committee only. */
export async function preview(actor: Actor, planId: number) {
	const plan = await loadPlan(planId);
	requireCommittee(actor, plan.communityId);
	return splitOf(plan);
}

/** the split of a plan already loaded and shown to its committee */
export async function splitOf(plan: Plan, q: Q = db) {
	if (plan.status === 'draft') {
		const { totalFen, rows } = await computeShares(q, plan);
		return { fixed: false, rule: plan.splitRule, totalFen, households: rows.length, rows };
	}
	const rows = await storedShares(q, plan);
	return { fixed: true, rule: plan.splitRule, totalFen: rows.reduce((a, r) => a + r.amountFen, 0), households: rows.length, rows };
}

export async function storedShares(q: Q, plan: Plan) {
	const shares = await q.select().from(table.planShare).where(eq(table.planShare.planId, plan.id));
	const byUnit = new Map(shares.map((sh) => [sh.unitId, sh]));
	const units = await scopeUnits({ communityId: plan.communityId, scope: 'community', scopeIds: [] }, q);
	return units
		.filter((u) => byUnit.has(u.id))
		.map((u) => ({ unitId: u.id, label: u.label, areaDm2: u.areaDm2, floor: u.floor, weight: byUnit.get(u.id)!.weight, amountFen: byUnit.get(u.id)!.amountFen }));
}
