/** What the plan pays for: items, the suppliers' competing quotes, and the chosen one with its reason. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { chooseSchema, fields, itemSchema, quoteEditSchema, quoteSchema } from './input';
import { managed, requireStatus, type Plan, type Q } from './records';
import type { Tx } from '../db';

export async function addItem(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(itemSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const [row] = await tx.insert(table.planItem).values({ communityId: plan.communityId, planId: plan.id, ...data }).returning({ id: table.planItem.id });
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.item', targetType: 'plan', targetId: plan.id, detail: { itemId: row.id, name: data.name } });
		return { id: row.id };
	});
}

export async function addQuote(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(quoteSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const [item] = await tx.select().from(table.planItem).where(and(eq(table.planItem.id, data.itemId), eq(table.planItem.planId, plan.id)));
		if (!item) throw new ServiceError(400, 'invalid_item', m.plan_err_item(), { itemId: m.plan_err_item() });
		const [row] = await tx
			.insert(table.planQuote)
			.values({ communityId: plan.communityId, planId: plan.id, itemId: item.id, supplier: data.supplier, amountFen: data.amount, note: data.note })
			.returning({ id: table.planQuote.id });
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.quote',
			targetType: 'plan',
			targetId: plan.id,
			detail: { quoteId: row.id, supplier: data.supplier, amountFen: data.amount }
		});
		return { id: row.id };
	});
}

/** an item of this plan, locked for the change; 404 when the plan has none with this id */
async function itemOf(tx: Tx, plan: Plan, itemId: number) {
	const [item] = await tx.select().from(table.planItem).where(and(eq(table.planItem.id, itemId), eq(table.planItem.planId, plan.id))).for('update');
	if (!item) throw new ServiceError(404, 'not_found', m.err_not_found());
	return item;
}

async function quoteOf(tx: Tx, plan: Plan, quoteId: number) {
	const [quote] = await tx.select().from(table.planQuote).where(and(eq(table.planQuote.id, quoteId), eq(table.planQuote.planId, plan.id))).for('update');
	if (!quote) throw new ServiceError(404, 'not_found', m.err_not_found());
	return quote;
}

/** Corrects an item's name or note while the plan is a draft. */
export async function updateItem(actor: Actor, planId: number, itemId: number, input: unknown): Promise<void> {
	const data = parseInput(itemSchema, fields(input));
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const item = await itemOf(tx, plan, itemId);
		await tx.update(table.planItem).set(data).where(eq(table.planItem.id, item.id));
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.item_edit', targetType: 'plan', targetId: plan.id, detail: { itemId: item.id, was: item.name, name: data.name } });
	});
}

/** Removes an item with its quotes while the plan is a draft. */
export async function removeItem(actor: Actor, planId: number, itemId: number): Promise<void> {
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const item = await itemOf(tx, plan, itemId);
		// the item points at its chosen quote and the quotes at the item: let go of the choice first
		await tx.update(table.planItem).set({ chosenQuoteId: null }).where(eq(table.planItem.id, item.id));
		await tx.delete(table.planQuote).where(eq(table.planQuote.itemId, item.id));
		await tx.delete(table.planItem).where(eq(table.planItem.id, item.id));
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.item_remove', targetType: 'plan', targetId: plan.id, detail: { itemId: item.id, name: item.name } });
	});
}

/** Corrects a typed quote (supplier, amount, note) while the plan is a draft; a chosen quote stays chosen. */
export async function updateQuote(actor: Actor, planId: number, quoteId: number, input: unknown): Promise<void> {
	const data = parseInput(quoteEditSchema, fields(input));
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const quote = await quoteOf(tx, plan, quoteId);
		await tx.update(table.planQuote).set({ supplier: data.supplier, amountFen: data.amount, note: data.note }).where(eq(table.planQuote.id, quote.id));
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.quote_edit',
			targetType: 'plan',
			targetId: plan.id,
			detail: { quoteId: quote.id, was: { supplier: quote.supplier, amountFen: quote.amountFen }, supplier: data.supplier, amountFen: data.amount }
		});
	});
}

/** Removes a quote while the plan is a draft; if it was the chosen one, its item has no choice (nor reason) again. */
export async function removeQuote(actor: Actor, planId: number, quoteId: number): Promise<void> {
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const quote = await quoteOf(tx, plan, quoteId);
		await tx
			.update(table.planItem)
			.set({ chosenQuoteId: null, chosenReason: null })
			.where(and(eq(table.planItem.id, quote.itemId), eq(table.planItem.chosenQuoteId, quote.id)));
		await tx.delete(table.planQuote).where(eq(table.planQuote.id, quote.id));
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.quote_remove',
			targetType: 'plan',
			targetId: plan.id,
			detail: { quoteId: quote.id, supplier: quote.supplier, amountFen: quote.amountFen }
		});
	});
}

/** Chooses one quote for its item, with the reason shown to everyone. */
export async function chooseQuote(actor: Actor, planId: number, input: unknown): Promise<void> {
	const data = parseInput(chooseSchema, fields(input));
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const [quote] = await tx.select().from(table.planQuote).where(and(eq(table.planQuote.id, data.quoteId), eq(table.planQuote.planId, plan.id)));
		if (!quote) throw new ServiceError(400, 'invalid_quote', m.plan_err_quote(), { quoteId: m.plan_err_quote() });
		await tx.update(table.planItem).set({ chosenQuoteId: quote.id, chosenReason: data.reason }).where(eq(table.planItem.id, quote.itemId));
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.choose_quote',
			targetType: 'plan',
			targetId: plan.id,
			detail: { quoteId: quote.id, amountFen: quote.amountFen, reason: data.reason }
		});
	});
}

export async function itemsOf(q: Q, planId: number) {
	const items = await q.select().from(table.planItem).where(eq(table.planItem.planId, planId)).orderBy(asc(table.planItem.id));
	const quotes = await q.select().from(table.planQuote).where(eq(table.planQuote.planId, planId)).orderBy(asc(table.planQuote.id));
	return items.map((it) => {
		const own = quotes.filter((qt) => qt.itemId === it.id);
		const chosen = own.find((qt) => qt.id === it.chosenQuoteId) ?? null;
		return {
			id: it.id,
			name: it.name,
			note: it.note,
			chosenQuoteId: it.chosenQuoteId,
			chosenReason: it.chosenReason,
			chosenFen: chosen?.amountFen ?? null,
			quotes: own.map((qt) => ({ id: qt.id, supplier: qt.supplier, amountFen: qt.amountFen, note: qt.note, chosen: qt.id === it.chosenQuoteId }))
		};
	});
}

export const totalOf = (items: Awaited<ReturnType<typeof itemsOf>>) => items.reduce((a, it) => a + (it.chosenFen ?? 0), 0);
