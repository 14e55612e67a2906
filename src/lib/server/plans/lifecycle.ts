/**
 * A plan's life: the committee drafts its terms, publishes it (公示) once every item has its chosen quote and the
 * sources add up, collects once a levy's binding vote has passed (Civil Code Art. 278), and closes it with the
 * actual cost, moving any surplus out as the plan says.
 */
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as costSplit from '$lib/domain/cost-split';
import { yuanFigure } from '$lib/labels/money';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { notify } from '../notify';
import * as communities from '../communities';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { closeSchema, fields, planSchema, voteLinkSchema } from './input';
import { entriesOf, ledgerEntry, rootKinds, sums } from './ledger';
import { itemsOf, totalOf } from './quotes';
import { managed, requireStatus, type Plan, type Q } from './records';
import { sourcesOf } from './sources';
import { checkScope, computeShares, splitRefusal } from './split';

// approval (Civil Code Art. 278: a levy on every owner is a binding owners' decision)

export interface Approval {
	/** a levy needs a binding vote that passed; a voluntary plan does not */
	needed: boolean;
	vote: { id: number; title: string; status: string } | null;
	passed: boolean;
	/** pledges and payments may be taken now */
	canCollect: boolean;
}

export async function approvalOf(q: Q, plan: Plan): Promise<Approval> {
	const needed = plan.collection === 'levy';
	let vote: Approval['vote'] = null;
	let passed = false;
	if (plan.voteId) {
		const [row] = await q.select().from(table.vote).where(eq(table.vote.id, plan.voteId));
		if (row) {
			vote = { id: row.id, title: row.title, status: row.status };
			// only the final result counts: the preliminary one may still change after objections
			passed = row.kind === 'binding' && row.status === 'final' && (row.result as { passed?: boolean } | null)?.passed === true;
		}
	}
	return { needed, vote, passed, canCollect: plan.status === 'published' && (!needed || passed) };
}

export async function requireCollecting(q: Q, plan: Plan) {
	requireStatus(plan, 'published');
	const a = await approvalOf(q, plan);
	if (!a.canCollect) {
		throw new ServiceError(409, 'plan_not_approved', a.vote ? m.plan_err_vote_not_passed() : m.plan_err_no_vote());
	}
}

async function checkVote(q: Q, communityId: number, voteId: number) {
	const [row] = await q.select({ communityId: table.vote.communityId, kind: table.vote.kind }).from(table.vote).where(eq(table.vote.id, voteId));
	if (!row || row.communityId !== communityId || row.kind !== 'binding') {
		throw new ServiceError(400, 'invalid_vote', m.plan_err_vote(), { voteId: m.plan_err_vote() });
	}
}

async function planValues(q: Q, communityId: number, input: unknown) {
	const data = parseInput(planSchema, fields(input));
	const [t] = await q.select({ communityId: table.topic.communityId }).from(table.topic).where(eq(table.topic.id, data.topicId));
	if (!t || t.communityId !== communityId) throw new ServiceError(400, 'invalid_topic', m.plan_err_topic(), { topicId: m.plan_err_topic() });
	const scopeIds = await checkScope(q, { communityId, scope: data.scope, scopeIds: data.scopeIds });
	if (data.voteId) await checkVote(q, communityId, data.voteId);
	if (data.splitRule === 'floor' && Object.keys(data.floorCoefficients).length === 0) {
		throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { floorCoefficients: m.plan_err_coefficients() });
	}
	return {
		topicId: data.topicId,
		title: data.title,
		description: data.description,
		scope: data.scope,
		scopeIds,
		collection: data.splitRule === 'voluntary' ? ('voluntary' as const) : ('levy' as const),
		splitRule: data.splitRule,
		floorCoefficients: data.splitRule === 'floor' ? data.floorCoefficients : {},
		voteId: data.voteId ?? null,
		surplusPolicy: data.surplusPolicy
	};
}

/** A draft plan on a topic of this community. */
export async function create(actor: Actor, communityId: number, input: unknown): Promise<{ id: number }> {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	return db.transaction(async (tx) => {
		const values = await planValues(tx, community.id, input);
		const [row] = await tx
			.insert(table.plan)
			.values({ ...values, communityId: community.id, createdById: user.id })
			.returning({ id: table.plan.id });
		await audit.record(tx, user, { communityId: community.id, action: 'plan.create', targetType: 'plan', targetId: row.id, detail: { title: values.title } });
		return { id: row.id };
	});
}

/** Edits a draft's terms (rule, scope, vote, surplus policy). */
export async function update(actor: Actor, planId: number, input: unknown): Promise<void> {
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const values = await planValues(tx, plan.communityId, input);
		await tx.update(table.plan).set({ ...values, updatedAt: new Date() }).where(eq(table.plan.id, plan.id));
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.update', targetType: 'plan', targetId: plan.id });
	});
}

/** Links the binding vote that approves a levy (also after publishing, until money is collected). */
export async function linkVote(actor: Actor, planId: number, input: unknown): Promise<void> {
	const data = parseInput(voteLinkSchema, fields(input));
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft', 'published');
		await checkVote(tx, plan.communityId, data.voteId);
		const [paid] = await tx.select({ id: table.planPayment.id }).from(table.planPayment).where(eq(table.planPayment.planId, plan.id)).limit(1);
		if (paid) throw new ServiceError(409, 'plan_collecting', m.plan_err_vote_fixed());
		await tx.update(table.plan).set({ voteId: data.voteId, updatedAt: new Date() }).where(eq(table.plan.id, plan.id));
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.link_vote', targetType: 'plan', targetId: plan.id, detail: { voteId: data.voteId } });
	});
}

/**
 * Publishes (公示): every item needs its chosen quote, the sources must add up to the total,
 * and a levy's shares are fixed now. A levy still waits for its binding vote before collecting.
 */
export async function publish(actor: Actor, planId: number): Promise<void> {
	await db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const items = await itemsOf(tx, plan.id);
		if (items.length === 0) throw new ServiceError(409, 'no_items', m.plan_err_no_items());
		const unchosen = items.find((it) => it.chosenFen === null);
		if (unchosen) throw new ServiceError(409, 'quote_not_chosen', m.plan_err_not_chosen({ item: unchosen.name }));
		const totalFen = totalOf(items);
		const sources = await sourcesOf(tx, plan.id);
		const fundedFen = sources.reduce((a, s) => a + s.amountFen, 0);
		if (fundedFen !== totalFen) {
			throw new ServiceError(409, 'sources_mismatch', m.plan_err_sources_mismatch({ total: yuanFigure(totalFen), funded: yuanFigure(fundedFen) }));
		}
		if (plan.collection === 'levy') {
			if (!sources.some((s) => s.kind === 'residents')) throw new ServiceError(409, 'no_residents_share', m.plan_err_no_residents_share());
			const { rows } = await computeShares(tx, plan);
			if (rows.length === 0) throw new ServiceError(409, 'no_households', m.plan_err_no_households());
			for (let i = 0; i < rows.length; i += 1000) {
				await tx.insert(table.planShare).values(
					rows.slice(i, i + 1000).map((r) => ({ planId: plan.id, communityId: plan.communityId, unitId: r.unitId, weight: r.weight, amountFen: r.amountFen }))
				);
			}
		}
		await tx.update(table.plan).set({ status: 'published', publishedAt: new Date(), updatedAt: new Date() }).where(eq(table.plan.id, plan.id));
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.publish', targetType: 'plan', targetId: plan.id, detail: { totalFen } });
		await notify(tx, { kind: 'plan_published', actorId: user.id, plan });
		// each owner's share is fixed now: what their units owe goes to them alone
		if (plan.collection === 'levy') await notify(tx, { kind: 'plan_bill', actorId: null, plan });
	});
}


/**
 * Records the actual cost (a settling expense for what was not yet entered), then moves any surplus
 * out as the plan says: refunded pro rata to every contributor, or to the estate's fund. The
 * balance ends at exactly 0 分.
 */
export async function close(actor: Actor, planId: number, input: unknown) {
	const data = parseInput(closeSchema, fields(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'published');
		let entries = await entriesOf(tx, plan.id);
		const { spentFen } = sums(entries);
		if (spentFen > data.actualCost) {
			throw new ServiceError(409, 'actual_below_spent', m.plan_err_actual_below_spent({ spent: yuanFigure(spentFen) }), { actualCost: m.plan_err_actual_below_spent({ spent: yuanFigure(spentFen) }) });
		}
		if (data.actualCost > spentFen) {
			await ledgerEntry(tx, user.id, plan, { kind: 'expense', amountFen: -(data.actualCost - spentFen), note: data.note || m.plan_ledger_settlement() });
			entries = await entriesOf(tx, plan.id);
		}
		const balance = sums(entries).balanceFen;
		if (balance < 0) throw new ServiceError(409, 'shortfall', m.plan_err_shortfall({ amount: yuanFigure(-balance) }));
		if (balance > 0 && plan.surplusPolicy === 'estate_fund') {
			await ledgerEntry(tx, user.id, plan, { kind: 'to_estate_fund', amountFen: -balance, note: m.plan_ledger_to_fund() });
		} else if (balance > 0) {
			// every contribution (a source, a payment) with its corrections, refunded in proportion
			const root = rootKinds(entries);
			const parts = new Map<string, { weight: number; sourceId: number | null; paymentId: number | null; unitId: number | null }>();
			for (const e of entries) {
				const k = root.get(e.id);
				if (k !== 'source' && k !== 'payment') continue;
				const key = e.paymentId ? `p${e.paymentId}` : `s${e.sourceId}`;
				const part = parts.get(key) ?? { weight: 0, sourceId: e.sourceId, paymentId: e.paymentId, unitId: e.unitId };
				part.weight += e.amountFen;
				parts.set(key, part);
			}
			const list = [...parts.values()].filter((p) => p.weight > 0);
			const r = costSplit.prorata(balance, list.map((p, i) => ({ id: i + 1, weight: p.weight })));
			if (!r.ok) throw splitRefusal(r.error);
			for (const [i, p] of list.entries()) {
				const fen = r.shares[i].fen;
				if (fen > 0) await ledgerEntry(tx, user.id, plan, { kind: 'refund', amountFen: -fen, sourceId: p.sourceId, paymentId: p.paymentId, unitId: p.unitId, note: m.plan_ledger_refund() });
			}
		}
		await tx
			.update(table.plan)
			.set({ status: 'closed', actualCostFen: data.actualCost, closingNote: data.note, closedAt: new Date(), updatedAt: new Date() })
			.where(eq(table.plan.id, plan.id));
		await audit.record(tx, user, {
			communityId: plan.communityId,
			action: 'plan.close',
			targetType: 'plan',
			targetId: plan.id,
			detail: { actualCostFen: data.actualCost, surplusFen: balance, policy: plan.surplusPolicy }
		});
		return { surplusFen: balance, balanceFen: sums(await entriesOf(tx, plan.id)).balanceFen };
	});
}
