/**
 * Residents' money: 认捐 (a verified resident's pledge, named or anonymous to the public) and the payments the
 * committee records with their receipt numbers (there is no payment gateway).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { unitLabel } from '$lib/labels/places';
import { shanghaiToday } from '$lib/time';
import { db } from '../db';
import * as table from '../db/schema';
import { requireVerifiedResident, type Actor } from '../access';
import * as audit from '../audit';
import { notify } from '../notify';
import { unitRows } from '../places';
import { isUniqueViolation, ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { fields, paymentSchema, pledgeSchema } from './input';
import { ledgerEntry } from './ledger';
import { requireCollecting } from './lifecycle';
import { loadPlan, lockPlan, managed, ownUnitIds } from './records';
import { scopeUnits } from './split';

/** 认捐: a verified resident promises an amount, named or anonymous to the public. */
export async function pledge(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const plan = await loadPlan(planId);
	const user = requireVerifiedResident(actor, plan.communityId);
	const data = parseInput(pledgeSchema, fields(input));
	return db.transaction(async (tx) => {
		const locked = await lockPlan(tx, plan.id);
		await requireCollecting(tx, locked);
		const inScope = new Set((await scopeUnits(locked, tx)).map((u) => u.id));
		const unitId = ownUnitIds(user, plan.communityId).find((u) => inScope.has(u)) ?? null;
		try {
			const [row] = await tx
				.insert(table.planPledge)
				.values({ communityId: plan.communityId, planId: plan.id, userId: user.id, unitId, amountFen: data.amount, showName: data.showName })
				.returning({ id: table.planPledge.id });
			return { id: row.id };
		} catch (e) {
			if (isUniqueViolation(e)) throw new ServiceError(409, 'already_pledged', m.plan_err_pledged());
			throw e;
		}
	});
}

/** The committee records money received (cash, transfer, via the 业委会) with its receipt number. */
export async function recordPayment(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(paymentSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		await requireCollecting(tx, plan);
		let { unitId, payerName, showName } = data;
		if (data.pledgeId) {
			const [p] = await tx
				.select({ id: table.planPledge.id, unitId: table.planPledge.unitId, showName: table.planPledge.showName, name: table.user.name })
				.from(table.planPledge)
				.innerJoin(table.user, eq(table.user.id, table.planPledge.userId))
				.where(and(eq(table.planPledge.id, data.pledgeId), eq(table.planPledge.planId, plan.id)));
			if (!p) throw new ServiceError(400, 'invalid_pledge', m.plan_err_pledge(), { pledgeId: m.plan_err_pledge() });
			unitId = unitId ?? p.unitId ?? undefined;
			payerName = payerName || p.name;
			showName = p.showName;
		}
		if (unitId) {
			const inScope = (await scopeUnits(plan, tx)).some((u) => u.id === unitId);
			if (!inScope) throw new ServiceError(400, 'invalid_unit', m.plan_err_unit(), { unitId: m.plan_err_unit() });
		}
		if (!unitId && !payerName) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { payerName: m.plan_err_payer() });
		let paymentId: number;
		try {
			const [row] = await tx
				.insert(table.planPayment)
				.values({
					communityId: plan.communityId,
					planId: plan.id,
					unitId: unitId ?? null,
					pledgeId: data.pledgeId ?? null,
					payerName,
					showName,
					amountFen: data.amount,
					method: data.method,
					paidOn: data.paidOn ?? shanghaiToday(),
					receiptNo: data.receiptNo,
					recordedById: user.id
				})
				.returning({ id: table.planPayment.id });
			paymentId = row.id;
		} catch (e) {
			if (isUniqueViolation(e)) throw new ServiceError(409, 'receipt_used', m.plan_err_receipt_used(), { receiptNo: m.plan_err_receipt_used() });
			throw e;
		}
		await ledgerEntry(tx, user.id, plan, { kind: 'payment', amountFen: data.amount, paymentId, unitId: unitId ?? null, reference: data.receiptNo });
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.payment',
			targetType: 'plan',
			targetId: plan.id,
			detail: { paymentId, unitId: unitId ?? null, amountFen: data.amount, method: data.method, receiptNo: data.receiptNo }
		});
		await notify(tx, {
			kind: 'plan_payment',
			actorId: user.id,
			plan,
			payment: { id: paymentId, unitId: unitId ?? null, pledgeId: data.pledgeId ?? null, amountFen: data.amount, receiptNo: data.receiptNo }
		});
		return { id: paymentId };
	});
}

export async function pledgesOf(planId: number, committee: boolean) {
	const rows = await db
		.select({
			id: table.planPledge.id,
			amountFen: table.planPledge.amountFen,
			showName: table.planPledge.showName,
			name: table.user.name,
			unitId: table.planPledge.unitId,
			createdAt: table.planPledge.createdAt
		})
		.from(table.planPledge)
		.innerJoin(table.user, eq(table.user.id, table.planPledge.userId))
		.where(eq(table.planPledge.planId, planId))
		.orderBy(asc(table.planPledge.id));
	// the public sees a name only where the pledger agreed; the committee needs it to match payments
	return rows.map((r) => ({
		id: r.id,
		amountFen: r.amountFen,
		createdAt: r.createdAt,
		showName: r.showName,
		name: committee || r.showName ? r.name : null,
		unitId: committee ? r.unitId : null
	}));
}

export async function paymentsOf(planId: number) {
	const rows = await db.select().from(table.planPayment).where(eq(table.planPayment.planId, planId)).orderBy(asc(table.planPayment.id));
	const labels = await unitLabels(rows.map((r) => r.unitId).filter((u): u is number => u !== null));
	return rows.map((r) => ({
		id: r.id,
		unitId: r.unitId,
		unit: r.unitId ? (labels.get(r.unitId) ?? '') : '',
		payerName: r.payerName,
		showName: r.showName,
		amountFen: r.amountFen,
		method: r.method,
		paidOn: r.paidOn,
		receiptNo: r.receiptNo
	}));
}

export async function unitLabels(ids: number[]) {
	if (ids.length === 0) return new Map<number, string>();
	const rows = await unitRows().where(inArray(table.unit.id, [...new Set(ids)]));
	return new Map(rows.map((r) => [r.id, unitLabel(r)]));
}
