/** What the plan pays for: items, the suppliers' competing quotes, and the chosen one with its reason. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { chooseSchema, fields, itemSchema, quoteSchema } from './input';
import { managed, requireStatus, type Q } from './records';

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
