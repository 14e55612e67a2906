/**
 * The public ledger (公示台账): append-only entries with signed amounts (money in positive, out negative). A
 * mistake is corrected by a new entry naming the one it corrects, which stays as it was.
 */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { PlanLedgerKind } from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { correctionSchema, expenseSchema, fields } from './input';
import { managed, requireStatus, type Plan, type Q } from './records';

export interface EntryInput {
	kind: PlanLedgerKind;
	amountFen: number;
	note?: string;
	reference?: string;
	sourceId?: number | null;
	paymentId?: number | null;
	unitId?: number | null;
	correctsId?: number | null;
}

/** the only way money enters the ledger: an INSERT (the table refuses UPDATE and DELETE) */
export async function ledgerEntry(tx: Tx, userId: number, plan: Plan, e: EntryInput): Promise<number> {
	const [row] = await tx
		.insert(table.planLedger)
		.values({
			communityId: plan.communityId,
			planId: plan.id,
			kind: e.kind,
			amountFen: e.amountFen,
			note: e.note ?? '',
			reference: e.reference ?? '',
			sourceId: e.sourceId ?? null,
			paymentId: e.paymentId ?? null,
			unitId: e.unitId ?? null,
			correctsId: e.correctsId ?? null,
			createdById: userId
		})
		.returning({ id: table.planLedger.id });
	return row.id;
}

export async function entriesOf(q: Q, planId: number) {
	return q.select().from(table.planLedger).where(eq(table.planLedger.planId, planId)).orderBy(asc(table.planLedger.id));
}

export type Entry = Awaited<ReturnType<typeof entriesOf>>[number];

/** each entry's number within its plan, 1, 2, … in the order written (entriesOf's order), by id */
export const ledgerNumbers = (entries: readonly Pick<Entry, 'id'>[]) => new Map(entries.map((e, i) => [e.id, i + 1]));

/** the kind an entry finally stands for: a correction takes the kind of what it corrects */
export function rootKinds(entries: Entry[]): Map<number, PlanLedgerKind> {
	const byId = new Map(entries.map((e) => [e.id, e]));
	const out = new Map<number, PlanLedgerKind>();
	for (const e of entries) {
		let cur = e;
		for (let i = 0; cur.kind === 'correction' && cur.correctsId && i < 100; i++) cur = byId.get(cur.correctsId) ?? cur;
		out.set(e.id, cur.kind);
	}
	return out;
}

export function sums(entries: Entry[]) {
	const root = rootKinds(entries);
	const by = (k: PlanLedgerKind) => entries.filter((e) => root.get(e.id) === k).reduce((a, e) => a + e.amountFen, 0);
	return {
		balanceFen: entries.reduce((a, e) => a + e.amountFen, 0),
		sourcesFen: by('source'),
		paymentsFen: by('payment'),
		spentFen: -by('expense'),
		refundedFen: -by('refund'),
		toFundFen: -by('to_estate_fund')
	};
}

/** money in and out per source and per household, from the ledger */
export function moneyOf(entries: Entry[]) {
	const root = rootKinds(entries);
	const bySource = new Map<number, number>();
	const paidByUnit = new Map<number, number>();
	const refundByUnit = new Map<number, number>();
	for (const e of entries) {
		const k = root.get(e.id);
		if (k === 'source' && e.sourceId) bySource.set(e.sourceId, (bySource.get(e.sourceId) ?? 0) + e.amountFen);
		if (k === 'payment' && e.unitId) paidByUnit.set(e.unitId, (paidByUnit.get(e.unitId) ?? 0) + e.amountFen);
		if (k === 'refund' && e.unitId) refundByUnit.set(e.unitId, (refundByUnit.get(e.unitId) ?? 0) - e.amountFen);
	}
	return { bySource, paidByUnit, refundByUnit };
}

/** Money spent, with its receipt or invoice number. */
export async function recordExpense(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(expenseSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'published');
		const entryId = await ledgerEntry(tx, user.id, plan, { kind: 'expense', amountFen: -data.amount, note: data.note, reference: data.reference });
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.expense', targetType: 'plan', targetId: plan.id, detail: { entryId, amountFen: data.amount } });
		return { id: entryId };
	});
}

/** A correction: a new signed entry naming the one it corrects, which stays as it was. */
export async function correct(actor: Actor, planId: number, entryId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(correctionSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'published');
		const [target] = await tx.select().from(table.planLedger).where(and(eq(table.planLedger.id, entryId), eq(table.planLedger.planId, plan.id)));
		if (!target) throw new ServiceError(404, 'not_found', m.err_not_found());
		const id = await ledgerEntry(tx, user.id, plan, {
			kind: 'correction',
			amountFen: data.amount,
			note: data.note,
			reference: target.reference,
			sourceId: target.sourceId,
			paymentId: target.paymentId,
			unitId: target.unitId,
			correctsId: target.id
		});
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.correction',
			targetType: 'plan',
			targetId: plan.id,
			detail: { entryId: id, correctsId: target.id, amountFen: data.amount, note: data.note }
		});
		return { id };
	});
}
