/**
 * The committee's view of what was sent: the month's SMS count and estimated cost against the budget it sets, and
 * the messages that failed or were not sent, with the reason. Only the community's own committee.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { budgetMonth, budgetView } from '$lib/domain/delivery-rules';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import { parseInput } from '../http/validate';
import * as audit from '../audit';

const DEFAULT_FEN = 5;

const wholeNumber = (max: number, message: () => string) =>
	v.pipe(v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,7}$/, message), v.transform(Number))], message), v.number(), v.integer(message), v.minValue(0, message), v.maxValue(max, message));

export const BudgetInput = v.object({
	/** messages a month; empty or null: no limit */
	// both always sent by the form (an empty limit is "no limit"), so a body without them is refused
	monthlyLimit: v.nullable(v.union([v.pipe(v.literal(''), v.transform(() => null)), wholeNumber(1_000_000, m.delivery_err_limit)], m.delivery_err_limit)),
	fenPerMessage: wholeNumber(1000, m.delivery_err_fen)
});

export async function budget(actor: Actor, communityId: number, now = new Date()) {
	requireCommittee(actor, communityId);
	const month = budgetMonth(now);
	const [b] = await db.select().from(table.smsBudget).where(eq(table.smsBudget.communityId, communityId));
	const [u] = await db.select().from(table.smsUsage).where(and(eq(table.smsUsage.communityId, communityId), eq(table.smsUsage.month, month)));
	return budgetView(month, u?.sent ?? 0, b?.monthlyLimit ?? null, b?.fenPerMessage ?? DEFAULT_FEN);
}

export async function setBudget(actor: Actor, communityId: number, input: unknown, now = new Date()) {
	const user = requireCommittee(actor, communityId);
	const data = parseInput(BudgetInput, input);
	const values = { monthlyLimit: data.monthlyLimit, fenPerMessage: data.fenPerMessage, updatedAt: new Date() };
	await db.transaction(async (tx) => {
		await tx.insert(table.smsBudget).values({ communityId, ...values }).onConflictDoUpdate({ target: table.smsBudget.communityId, set: values });
		await audit.record(tx, user, { communityId, action: 'community.sms_budget', targetType: 'community', targetId: communityId, detail: { monthlyLimit: data.monthlyLimit, fenPerMessage: data.fenPerMessage } });
	});
	return budget(actor, communityId, now);
}

/** the latest messages that failed or were not sent (100) */
export async function problems(actor: Actor, communityId: number) {
	requireCommittee(actor, communityId);
	const d = table.delivery;
	return db
		.select({ id: d.id, createdAt: d.createdAt, name: table.user.name, channel: d.channel, kind: d.kind, status: d.status, reason: d.reason, attempts: d.attempts })
		.from(d)
		.innerJoin(table.user, eq(table.user.id, d.userId))
		.where(and(eq(d.communityId, communityId), inArray(d.status, ['failed', 'skipped'])))
		.orderBy(desc(d.id))
		.limit(100);
}
