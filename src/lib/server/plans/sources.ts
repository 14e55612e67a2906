/** Where the money comes from: estate income, subsidies, sponsors and the residents' share (at most one). */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import { isUniqueViolation, ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { fields, receiveSchema, sourceEditSchema, sourceSchema } from './input';
import { ledgerEntry } from './ledger';
import { managed, requireStatus, type Plan, type Q } from './records';
import type { Tx } from '../db';

export async function sourcesOf(q: Q, planId: number) {
	return q.select().from(table.planSource).where(eq(table.planSource.planId, planId)).orderBy(asc(table.planSource.id));
}

/** A funding source; one already received goes into the ledger at once (when the plan is published). */
export async function addSource(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(sourceSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft', 'published');
		const residents = data.kind === 'residents';
		if (residents && plan.status !== 'draft') throw new ServiceError(409, 'plan_published', m.plan_err_published());
		const received = !residents && data.status === 'received';
		if (received && plan.status === 'draft') {
			throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { status: m.plan_err_receive_draft() });
		}
		let row: { id: number };
		try {
			[row] = await tx
				.insert(table.planSource)
				.values({
					communityId: plan.communityId,
					planId: plan.id,
					kind: data.kind,
					name: data.name,
					amountFen: data.amount,
					status: received ? 'received' : 'promised',
					receivedAt: received ? new Date() : null
				})
				.returning({ id: table.planSource.id });
		} catch (e) {
			if (isUniqueViolation(e)) throw new ServiceError(409, 'residents_once', m.plan_err_residents_once(), { kind: m.plan_err_residents_once() });
			throw e;
		}
		if (received) await ledgerEntry(tx, user.id, plan, { kind: 'source', amountFen: data.amount, sourceId: row.id, reference: data.reference });
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.source',
			targetType: 'plan',
			targetId: plan.id,
			detail: { sourceId: row.id, kind: data.kind, amountFen: data.amount, received }
		});
		return { id: row.id };
	});
}

/** a source of this draft, locked for the change; 404 when the plan has none with this id */
async function draftSource(tx: Tx, plan: Plan, sourceId: number) {
	requireStatus(plan, 'draft');
	const [source] = await tx
		.select()
		.from(table.planSource)
		.where(and(eq(table.planSource.id, sourceId), eq(table.planSource.planId, plan.id)))
		.for('update');
	if (!source) throw new ServiceError(404, 'not_found', m.err_not_found());
	return source;
}

/**
 * Corrects a funding source (kind, name, amount) while the plan is a draft. Nothing of a draft is in the ledger
 * yet (a draft's sources are all promised), so nothing else changes with it.
 */
export async function updateSource(actor: Actor, planId: number, sourceId: number, input: unknown): Promise<void> {
	const data = parseInput(sourceEditSchema, fields(input));
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		const source = await draftSource(tx, plan, sourceId);
		try {
			await tx.update(table.planSource).set({ kind: data.kind, name: data.name, amountFen: data.amount }).where(eq(table.planSource.id, source.id));
		} catch (e) {
			if (isUniqueViolation(e)) throw new ServiceError(409, 'residents_once', m.plan_err_residents_once(), { kind: m.plan_err_residents_once() });
			throw e;
		}
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.source_edit',
			targetType: 'plan',
			targetId: plan.id,
			detail: { sourceId: source.id, was: { kind: source.kind, name: source.name, amountFen: source.amountFen }, kind: data.kind, name: data.name, amountFen: data.amount }
		});
	});
}

/** Removes a funding source while the plan is a draft. */
export async function removeSource(actor: Actor, planId: number, sourceId: number): Promise<void> {
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		const source = await draftSource(tx, plan, sourceId);
		await tx.delete(table.planSource).where(eq(table.planSource.id, source.id));
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.source_remove',
			targetType: 'plan',
			targetId: plan.id,
			detail: { sourceId: source.id, kind: source.kind, name: source.name, amountFen: source.amountFen }
		});
	});
}

/** A promised source's money arrives: the ledger records it. */
export async function receiveSource(actor: Actor, planId: number, sourceId: number, input: unknown = {}): Promise<void> {
	const data = parseInput(receiveSchema, fields(input));
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'published');
		const [source] = await tx
			.select()
			.from(table.planSource)
			.where(and(eq(table.planSource.id, sourceId), eq(table.planSource.planId, plan.id)))
			.for('update');
		if (!source) throw new ServiceError(404, 'not_found', m.err_not_found());
		if (source.kind === 'residents') throw new ServiceError(409, 'residents_by_payment', m.plan_err_residents_by_payment());
		if (source.status === 'received') throw new ServiceError(409, 'already_received', m.plan_err_already_received());
		await tx.update(table.planSource).set({ status: 'received', receivedAt: new Date() }).where(eq(table.planSource.id, source.id));
		await ledgerEntry(tx, user.id, plan, { kind: 'source', amountFen: source.amountFen, sourceId: source.id, reference: data.reference });
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.source_received', targetType: 'plan', targetId: plan.id, detail: { sourceId } });
	});
}
