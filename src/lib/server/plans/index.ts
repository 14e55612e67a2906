/**
 * Cost-sharing plans (费用分摊 / 众筹): items with competing quotes, funding sources, the residents'
 * share split over the households in scope, pledges, payments recorded by the committee, and an
 * append-only public ledger (公示台账). Every function checks who may do it; every write is one
 * transaction. Splitting is the pure rule in $lib/domain/cost-split; this module does the I/O.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as costSplit from '$lib/domain/cost-split';
import { formatYuan, parseYuan } from '$lib/domain/cost-split';
import { shanghaiDate, shanghaiTime } from '$lib/time';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import type { PlanLedgerKind, PlanSourceKind } from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireVerifiedResident, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as places from '../places';
import { unitsInScope, type ScopeOf } from '../places';
import { isUniqueViolation, ServiceError } from '../errors';
import { id, optionalText, parseInput, text } from '../http/validate';

export type Plan = typeof table.plan.$inferSelect;
type Q = DB | Tx;

// ---------- input ----------

/** 元 with at most two decimals, typed or sent as a string (a JSON number is read through its decimal text) */
const yuan = (message: () => string, allowNegative = false) =>
	v.pipe(
		v.union([v.string(), v.number()], message),
		v.transform((x) => parseYuan(String(x))),
		v.check((n) => n !== null && (allowNegative ? n !== 0 : n > 0) && Math.abs(n) <= 100_000_000_000, message),
		v.transform((n) => n as number)
	);

const flag = v.optional(
	v.union([v.boolean(), v.pipe(v.string(), v.transform((s) => ['on', 'true', '1', 'yes'].includes(s.trim())))]),
	false
);

/** "1:0, 2:1000, 3:1200" (floor: weight in ‰), or the same as an object */
const coefficients = v.pipe(
	v.union([v.string(), v.record(v.string(), v.number())], m.plan_err_coefficients),
	v.transform((x) => {
		if (typeof x !== 'string') return x as Record<string, number> | null;
		const out: Record<string, number> = {};
		const parts = x.split(/[\s,，、;；]+/).filter(Boolean);
		for (const p of parts) {
			const mt = /^(-?\d{1,3})[:：=](\d{1,6})$/.exec(p);
			if (!mt) return null;
			out[String(Number(mt[1]))] = Number(mt[2]);
		}
		return out;
	}),
	v.check((c) => c !== null && Object.values(c).every((w) => Number.isSafeInteger(w) && w >= 0 && w <= 1_000_000), m.plan_err_coefficients),
	v.transform((c) => c as Record<string, number>)
);

const planSchema = v.object({
	topicId: id,
	title: text(100),
	description: optionalText(2000),
	scope: v.optional(v.picklist(table.VOTE_SCOPES, m.plan_err_scope), 'community'),
	scopeIds: v.optional(v.array(id), []),
	splitRule: v.picklist(table.PLAN_SPLIT_RULES, m.plan_err_rule),
	floorCoefficients: v.optional(coefficients, {}),
	voteId: v.optional(id),
	surplusPolicy: v.optional(v.picklist(table.PLAN_SURPLUS_POLICIES, m.plan_err_surplus), 'estate_fund')
});

const itemSchema = v.object({ name: text(100), note: optionalText(500) });
const quoteSchema = v.object({ itemId: id, supplier: text(100), amount: yuan(m.plan_err_amount), note: optionalText(500) });
const chooseSchema = v.object({ quoteId: id, reason: text(500, m.plan_err_reason) });
const sourceSchema = v.object({
	kind: v.picklist(table.PLAN_SOURCE_KINDS, m.plan_err_source_kind),
	name: optionalText(100),
	amount: yuan(m.plan_err_amount),
	status: v.optional(v.picklist(table.PLAN_SOURCE_STATUSES, m.plan_err_source_status), 'promised'),
	reference: optionalText(100)
});
const receiveSchema = v.object({ reference: optionalText(100) });
const pledgeSchema = v.object({ amount: yuan(m.plan_err_amount), showName: flag });
const paymentSchema = v.object({
	unitId: v.optional(id),
	pledgeId: v.optional(id),
	payerName: optionalText(40),
	showName: flag,
	amount: yuan(m.plan_err_amount),
	method: v.picklist(table.PLAN_PAYMENT_METHODS, m.plan_err_method),
	paidOn: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{4}-\d{2}-\d{2}$/, m.plan_err_date), v.check((s) => !Number.isNaN(Date.parse(s)), m.plan_err_date))),
	receiptNo: text(40, m.plan_err_receipt)
});
const expenseSchema = v.object({ amount: yuan(m.plan_err_amount), note: text(200, m.plan_err_note), reference: text(60, m.plan_err_receipt) });
const correctionSchema = v.object({ amount: yuan(m.plan_err_correction_amount, true), note: text(200, m.plan_err_note) });
const closeSchema = v.object({ actualCost: yuan(m.plan_err_amount), note: optionalText(500) });

/** form fields arrive as strings; blank optional fields are left out, scope ids arrive as a list */
function cleaned(input: unknown): unknown {
	// a JSON list is no set of fields (valibot's object would take [] as an object with none of them)
	if (Array.isArray(input)) return null;
	if (!input || typeof input !== 'object') return input;
	return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([k, val]) => k !== '_form' && val !== '' && val !== null));
}

// ---------- loading ----------

async function loadPlan(planId: number, q: Q = db): Promise<Plan> {
	const [row] = await q.select().from(table.plan).where(eq(table.plan.id, planId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

async function lockPlan(tx: Tx, planId: number): Promise<Plan> {
	const [row] = await tx.select().from(table.plan).where(eq(table.plan.id, planId)).for('update');
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** the plan, for anyone who may read its community; a draft only for its committee (404 to others) */
async function readable(actor: Actor, planId: number) {
	const plan = await loadPlan(planId);
	const community = await communities.get(plan.communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, plan.communityId, 'committee');
	if (plan.status === 'draft' && !committee) throw new ServiceError(404, 'not_found', m.err_not_found());
	return { plan, community, user, committee };
}

/** the plan for a committee action, locked for the transaction */
async function managed(tx: Tx, actor: Actor, planId: number) {
	const peek = await loadPlan(planId, tx);
	const user = requireCommittee(actor, peek.communityId);
	return { user, plan: await lockPlan(tx, planId) };
}

const requireStatus = (plan: Plan, ...statuses: Plan['status'][]) => {
	if (!statuses.includes(plan.status)) {
		const message = plan.status === 'draft' ? m.plan_err_not_published() : plan.status === 'closed' ? m.plan_err_closed() : m.plan_err_published();
		throw new ServiceError(409, `plan_${plan.status}`, message);
	}
};

// ---------- scope ----------

async function checkScope(q: Q, s: ScopeOf): Promise<number[]> {
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

export const unitLabel = (u: { estate?: string | null; building?: string | null; entrance?: string | null; room?: string | null }) =>
	[u.estate, u.building, u.entrance, u.room].filter(Boolean).join(' ');

/** units with their place names, read through q (inside a transaction, PGlite has one connection) */
function unitRows(q: Q) {
	return q
		.select({
			id: table.unit.id,
			estate: table.estate.name,
			building: table.building.name,
			entrance: table.entrance.name,
			room: table.unit.room,
			areaDm2: table.unit.areaDm2,
			ownerName: table.unit.ownerName
		})
		.from(table.unit)
		.innerJoin(table.building, eq(table.unit.buildingId, table.building.id))
		.innerJoin(table.estate, eq(table.building.estateId, table.estate.id))
		.innerJoin(table.entrance, eq(table.unit.entranceId, table.entrance.id))
		.$dynamic();
}

async function scopeUnits(s: ScopeOf, q: Q = db) {
	const rows = await unitRows(q)
		.where(unitsInScope(s))
		.orderBy(asc(table.estate.id), asc(table.building.id), asc(table.entrance.id), asc(table.unit.id));
	return rows.map((r) => ({ ...r, label: unitLabel(r), floor: costSplit.floorOfRoom(r.room) }));
}

// ---------- approval (Civil Code Art. 278: a levy on every owner is a binding owners' decision) ----------

export interface Approval {
	/** a levy needs a binding vote that passed; a voluntary plan does not */
	needed: boolean;
	vote: { id: number; title: string; status: string } | null;
	passed: boolean;
	/** pledges and payments may be taken now */
	canCollect: boolean;
}

async function approvalOf(q: Q, plan: Plan): Promise<Approval> {
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

async function requireCollecting(q: Q, plan: Plan) {
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

// ---------- committee: the plan and its quotes and sources ----------

async function planValues(q: Q, communityId: number, input: unknown) {
	const data = parseInput(planSchema, cleaned(input));
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
	const data = parseInput(v.object({ voteId: id }), cleaned(input));
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

export async function addItem(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(itemSchema, cleaned(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'draft');
		const [row] = await tx.insert(table.planItem).values({ communityId: plan.communityId, planId: plan.id, ...data }).returning({ id: table.planItem.id });
		await audit.record(tx, user, { communityId: plan.communityId, action: 'plan.item', targetType: 'plan', targetId: plan.id, detail: { itemId: row.id, name: data.name } });
		return { id: row.id };
	});
}

export async function addQuote(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(quoteSchema, cleaned(input));
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
	const data = parseInput(chooseSchema, cleaned(input));
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

/** A funding source; one already received goes into the ledger at once (when the plan is published). */
export async function addSource(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(sourceSchema, cleaned(input));
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

/** A promised source's money arrives: the ledger records it. */
export async function receiveSource(actor: Actor, planId: number, sourceId: number, input: unknown = {}): Promise<void> {
	const data = parseInput(receiveSchema, cleaned(input));
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

// ---------- totals and the split ----------

async function itemsOf(q: Q, planId: number) {
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

const totalOf = (items: Awaited<ReturnType<typeof itemsOf>>) => items.reduce((a, it) => a + (it.chosenFen ?? 0), 0);

async function sourcesOf(q: Q, planId: number) {
	return q.select().from(table.planSource).where(eq(table.planSource.planId, planId)).orderBy(asc(table.planSource.id));
}

function splitRuleOf(plan: Plan): costSplit.SplitRule {
	if (plan.splitRule === 'floor') return { kind: 'floor', coefficients: Object.fromEntries(Object.entries(plan.floorCoefficients).map(([k, w]) => [Number(k), w])) };
	return { kind: plan.splitRule };
}

function splitRefusal(e: costSplit.SplitError): ServiceError {
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
async function computeShares(q: Q, plan: Plan) {
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
	if (plan.status === 'draft') {
		const { totalFen, rows } = await computeShares(db, plan);
		return { fixed: false, rule: plan.splitRule, totalFen, households: rows.length, rows };
	}
	const rows = await storedShares(db, plan);
	return { fixed: true, rule: plan.splitRule, totalFen: rows.reduce((a, r) => a + r.amountFen, 0), households: rows.length, rows };
}

async function storedShares(q: Q, plan: Plan) {
	const shares = await q.select().from(table.planShare).where(eq(table.planShare.planId, plan.id));
	const byUnit = new Map(shares.map((sh) => [sh.unitId, sh]));
	const units = await scopeUnits({ communityId: plan.communityId, scope: 'community', scopeIds: [] }, q);
	return units
		.filter((u) => byUnit.has(u.id))
		.map((u) => ({ unitId: u.id, label: u.label, areaDm2: u.areaDm2, floor: u.floor, weight: byUnit.get(u.id)!.weight, amountFen: byUnit.get(u.id)!.amountFen }));
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
			throw new ServiceError(409, 'sources_mismatch', m.plan_err_sources_mismatch({ total: formatYuan(totalFen), funded: formatYuan(fundedFen) }));
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
	});
}

// ---------- the ledger ----------

interface EntryInput {
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
async function ledgerEntry(tx: Tx, userId: number, plan: Plan, e: EntryInput): Promise<number> {
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

async function entriesOf(q: Q, planId: number) {
	return q.select().from(table.planLedger).where(eq(table.planLedger.planId, planId)).orderBy(asc(table.planLedger.id));
}

type Entry = Awaited<ReturnType<typeof entriesOf>>[number];

/** the kind an entry finally stands for: a correction takes the kind of what it corrects */
function rootKinds(entries: Entry[]): Map<number, PlanLedgerKind> {
	const byId = new Map(entries.map((e) => [e.id, e]));
	const out = new Map<number, PlanLedgerKind>();
	for (const e of entries) {
		let cur = e;
		for (let i = 0; cur.kind === 'correction' && cur.correctsId && i < 100; i++) cur = byId.get(cur.correctsId) ?? cur;
		out.set(e.id, cur.kind);
	}
	return out;
}

function sums(entries: Entry[]) {
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

/** Money spent, with its receipt or invoice number. */
export async function recordExpense(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(expenseSchema, cleaned(input));
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
	const data = parseInput(correctionSchema, cleaned(input));
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

// ---------- pledges and payments ----------

function ownUnitIds(actor: Actor, communityId: number): number[] {
	return (actor?.memberships ?? [])
		.filter((ms) => ms.communityId === communityId && ms.status === 'verified' && (ms.role === 'resident' || ms.role === 'owner') && ms.unitId)
		.map((ms) => ms.unitId!);
}

/** 认捐: a verified resident promises an amount, named or anonymous to the public. */
export async function pledge(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const plan = await loadPlan(planId);
	const user = requireVerifiedResident(actor, plan.communityId);
	const data = parseInput(pledgeSchema, cleaned(input));
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

const todayShanghai = () => shanghaiDate(new Date());

/** The committee records money received (cash, transfer, via the 业委会) with its receipt number. */
export async function recordPayment(actor: Actor, planId: number, input: unknown): Promise<{ id: number }> {
	const data = parseInput(paymentSchema, cleaned(input));
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
					paidOn: data.paidOn ?? todayShanghai(),
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
		return { id: paymentId };
	});
}

// ---------- closing ----------

/**
 * Records the actual cost (a settling expense for what was not yet entered), then moves any surplus
 * out as the plan says: refunded pro rata to every contributor, or to the estate's fund. The
 * balance ends at exactly 0 分.
 */
export async function close(actor: Actor, planId: number, input: unknown) {
	const data = parseInput(closeSchema, cleaned(input));
	return db.transaction(async (tx) => {
		const { user, plan } = await managed(tx, actor, planId);
		requireStatus(plan, 'published');
		let entries = await entriesOf(tx, plan.id);
		const { spentFen } = sums(entries);
		if (spentFen > data.actualCost) {
			throw new ServiceError(409, 'actual_below_spent', m.plan_err_actual_below_spent({ spent: formatYuan(spentFen) }), { actualCost: m.plan_err_actual_below_spent({ spent: formatYuan(spentFen) }) });
		}
		if (data.actualCost > spentFen) {
			await ledgerEntry(tx, user.id, plan, { kind: 'expense', amountFen: -(data.actualCost - spentFen), note: data.note || m.plan_ledger_settlement() });
			entries = await entriesOf(tx, plan.id);
		}
		const balance = sums(entries).balanceFen;
		if (balance < 0) throw new ServiceError(409, 'shortfall', m.plan_err_shortfall({ amount: formatYuan(-balance) }));
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

// ---------- reading ----------

/** Plans of the community, newest first; drafts for the committee only. */
export async function list(actor: Actor, communityId: number, topicId?: number) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, community.id, 'committee');
	const conditions = [eq(table.plan.communityId, community.id)];
	if (!committee) conditions.push(inArray(table.plan.status, ['published', 'closed']));
	if (topicId) conditions.push(eq(table.plan.topicId, topicId));
	const plans = await db
		.select({
			id: table.plan.id,
			title: table.plan.title,
			status: table.plan.status,
			collection: table.plan.collection,
			topicId: table.plan.topicId,
			topicTitle: table.topic.title,
			createdAt: table.plan.createdAt
		})
		.from(table.plan)
		.innerJoin(table.topic, eq(table.topic.id, table.plan.topicId))
		.where(and(...conditions))
		.orderBy(desc(table.plan.id));
	const out = [];
	for (const p of plans) {
		const items = await itemsOf(db, p.id);
		const entries = await entriesOf(db, p.id);
		const s = sums(entries);
		out.push({ ...p, totalFen: totalOf(items), raisedFen: s.sourcesFen + s.paymentsFen });
	}
	return { community: { id: community.id, name: community.name }, canManage: committee, plans: out };
}

export const sourceKindName = (k: PlanSourceKind) =>
	({
		hoa_income: m.plan_source_hoa_income,
		community_fund: m.plan_source_community_fund,
		property_firm: m.plan_source_property_firm,
		project_fund: m.plan_source_project_fund,
		maintenance_fund: m.plan_source_maintenance_fund,
		merchant: m.plan_source_merchant,
		residents: m.plan_source_residents
	})[k]();

/** money in and out per source and per household, from the ledger */
function moneyOf(entries: Entry[]) {
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

/** Everything the plan page shows; committee-only parts only for the committee. */
export async function view(actor: Actor, planId: number) {
	const { plan, community, user, committee } = await readable(actor, planId);
	const [topic] = await db.select({ id: table.topic.id, title: table.topic.title }).from(table.topic).where(eq(table.topic.id, plan.topicId));
	const items = await itemsOf(db, plan.id);
	const totalFen = totalOf(items);
	const sources = await sourcesOf(db, plan.id);
	const entries = await entriesOf(db, plan.id);
	const s = sums(entries);
	const money = moneyOf(entries);
	const approval = await approvalOf(db, plan);
	const pledges = await pledgesOf(plan.id, committee);
	const pledgedFen = pledges.reduce((a, p) => a + p.amountFen, 0);

	const bySource = sources.map((src) => ({
		id: src.id,
		kind: src.kind,
		kindName: sourceKindName(src.kind),
		name: src.name,
		amountFen: src.amountFen,
		status: src.status,
		receivedFen: src.kind === 'residents' ? s.paymentsFen : (money.bySource.get(src.id) ?? 0)
	}));
	// a voluntary plan's residents' part is raised by payments even without a residents' source line
	const raisedFen = s.sourcesFen + s.paymentsFen;

	// the household's own account
	const ownUnits = ownUnitIds(user, plan.communityId);
	const shares = plan.status === 'draft' || ownUnits.length === 0 ? [] : await db.select().from(table.planShare).where(and(eq(table.planShare.planId, plan.id), inArray(table.planShare.unitId, ownUnits)));
	const ownRows = ownUnits.length === 0 ? [] : await unitRows(db).where(inArray(table.unit.id, ownUnits));
	const mine = ownRows.map((u) => {
		const shareFen = shares.find((sh) => sh.unitId === u.id)?.amountFen ?? null;
		const paidFen = money.paidByUnit.get(u.id) ?? 0;
		return {
			unitId: u.id,
			label: unitLabel(u),
			shareFen,
			paidFen,
			refundedFen: money.refundByUnit.get(u.id) ?? 0,
			owedFen: shareFen === null ? 0 : Math.max(0, shareFen - paidFen)
		};
	});
	const [myPledge] = await db
		.select({ id: table.planPledge.id, amountFen: table.planPledge.amountFen, showName: table.planPledge.showName })
		.from(table.planPledge)
		.where(and(eq(table.planPledge.planId, plan.id), eq(table.planPledge.userId, user.id)));

	const canPledge = approval.canCollect && !myPledge && hasRole(user, plan.communityId, 'resident', 'owner');

	const manage = committee
		? {
				payments: await paymentsOf(plan.id),
				units: (await scopeUnits(plan)).map((u) => ({ id: u.id, label: u.label })),
				entries: entries.map((e) => ({ id: e.id, kind: e.kind, amountFen: e.amountFen, reference: e.reference, note: e.note })),
				votes: await db
					.select({ id: table.vote.id, title: table.vote.title, status: table.vote.status })
					.from(table.vote)
					.where(and(eq(table.vote.communityId, plan.communityId), eq(table.vote.kind, 'binding')))
					.orderBy(desc(table.vote.id))
			}
		: null;

	return {
		community: { id: community.id, name: community.name },
		plan: {
			id: plan.id,
			communityId: plan.communityId,
			title: plan.title,
			description: plan.description,
			status: plan.status,
			collection: plan.collection,
			splitRule: plan.splitRule,
			floorCoefficients: plan.floorCoefficients,
			scope: plan.scope,
			scopeIds: plan.scopeIds,
			surplusPolicy: plan.surplusPolicy,
			voteId: plan.voteId,
			actualCostFen: plan.actualCostFen,
			closingNote: plan.closingNote,
			publishedAt: plan.publishedAt,
			closedAt: plan.closedAt
		},
		topic: topic ?? null,
		scopeNames: await places.scopeNames(plan),
		items,
		totalFen,
		sources: bySource,
		progress: { neededFen: totalFen, raisedFen, pledgedFen, spentFen: s.spentFen, balanceFen: s.balanceFen, percent: totalFen > 0 ? Math.min(100, Math.floor((raisedFen * 100) / totalFen)) : 0 },
		approval,
		mine,
		myPledge: myPledge ?? null,
		canPledge,
		canManage: committee,
		pledges,
		manage
	};
}

async function pledgesOf(planId: number, committee: boolean) {
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

async function paymentsOf(planId: number) {
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

async function unitLabels(ids: number[]) {
	if (ids.length === 0) return new Map<number, string>();
	const rows = await unitRows(db).where(inArray(table.unit.id, [...new Set(ids)]));
	return new Map(rows.map((r) => [r.id, unitLabel(r)]));
}

export interface LedgerLine {
	id: number;
	kind: PlanLedgerKind;
	amountFen: number;
	balanceFen: number;
	/** who: a source's name, a payer who agreed to be named, or null (anonymous) */
	party: string | null;
	note: string;
	reference: string;
	correctsId: number | null;
	at: string;
}

/**
 * The public ledger (公示): every entry with the running balance. A payer's name appears only where
 * they agreed — also when the committee prints it; `full` gives the committee every name and household
 * (for its workbook).
 */
export async function ledger(actor: Actor, planId: number, full = false) {
	const readableView = await readable(actor, planId);
	const { plan, community } = readableView;
	const committee = full && readableView.committee;
	const entries = await entriesOf(db, plan.id);
	const sources = new Map((await sourcesOf(db, plan.id)).map((s) => [s.id, s]));
	const payments = new Map((await db.select().from(table.planPayment).where(eq(table.planPayment.planId, plan.id))).map((p) => [p.id, p]));
	const labels = committee ? await unitLabels(entries.map((e) => e.unitId).filter((u): u is number => u !== null)) : new Map<number, string>();
	let running = 0;
	const lines: (LedgerLine & { unit?: string })[] = entries.map((e) => {
		running += e.amountFen;
		let party: string | null = null;
		if (e.sourceId) {
			const src = sources.get(e.sourceId);
			if (src) party = src.name ? `${sourceKindName(src.kind)}（${src.name}）` : sourceKindName(src.kind);
		} else if (e.paymentId) {
			const p = payments.get(e.paymentId);
			if (p && (p.showName || committee)) party = p.payerName || null;
		}
		const line: LedgerLine & { unit?: string } = {
			id: e.id,
			kind: e.kind,
			amountFen: e.amountFen,
			balanceFen: running,
			party,
			note: e.note,
			reference: e.reference,
			correctsId: e.correctsId,
			at: shanghaiTime(e.createdAt)
		};
		if (committee && e.unitId) line.unit = labels.get(e.unitId) ?? '';
		return line;
	});
	const items = await itemsOf(db, plan.id);
	const s = sums(entries);
	return {
		community: { id: community.id, name: community.name },
		plan: { id: plan.id, communityId: plan.communityId, title: plan.title, status: plan.status, surplusPolicy: plan.surplusPolicy, actualCostFen: plan.actualCostFen, closedAt: plan.closedAt, publishedAt: plan.publishedAt },
		items,
		totalFen: totalOf(items),
		sources: [...sources.values()].map((src) => ({ kind: src.kind, kindName: sourceKindName(src.kind), name: src.name, amountFen: src.amountFen, status: src.status })),
		pledges: await pledgesOf(plan.id, false),
		lines,
		totals: s,
		committee
	};
}

/**
 * 缴费通知单: what each household owes and has paid. A resident gets their own households; the
 * committee every household with a share (levy) or a pledge (voluntary), or just `unitId`.
 */
export async function bills(actor: Actor, planId: number, unitId?: number) {
	const { plan, community, user, committee } = await readable(actor, planId);
	if (plan.status === 'draft') throw new ServiceError(409, 'plan_draft', m.plan_err_not_published());
	const entries = await entriesOf(db, plan.id);
	const money = moneyOf(entries);
	const own = new Set(ownUnitIds(user, plan.communityId));
	let unitIds: number[];
	const shares = new Map((await db.select().from(table.planShare).where(eq(table.planShare.planId, plan.id))).map((s) => [s.unitId, s.amountFen]));
	const pledges = await db.select().from(table.planPledge).where(eq(table.planPledge.planId, plan.id));
	const pledgedByUnit = new Map<number, number>();
	for (const p of pledges) if (p.unitId) pledgedByUnit.set(p.unitId, (pledgedByUnit.get(p.unitId) ?? 0) + p.amountFen);
	if (committee) unitIds = plan.collection === 'levy' ? [...shares.keys()] : [...new Set([...pledgedByUnit.keys(), ...money.paidByUnit.keys()])];
	else unitIds = [...own];
	if (unitId !== undefined) {
		if (!committee && !own.has(unitId)) throw new ServiceError(403, 'forbidden', m.err_forbidden());
		unitIds = unitIds.filter((u) => u === unitId);
	}
	const rows = unitIds.length === 0 ? [] : await unitRows(db).where(inArray(table.unit.id, unitIds)).orderBy(asc(table.building.id), asc(table.entrance.id), asc(table.unit.id));
	const items = await itemsOf(db, plan.id);
	return {
		community: { id: community.id, name: community.name },
		plan: { id: plan.id, communityId: plan.communityId, title: plan.title, collection: plan.collection, splitRule: plan.splitRule, status: plan.status },
		totalFen: totalOf(items),
		bills: rows.map((u) => {
			const dueFen = plan.collection === 'levy' ? (shares.get(u.id) ?? 0) : (pledgedByUnit.get(u.id) ?? 0);
			const paidFen = money.paidByUnit.get(u.id) ?? 0;
			return { unitId: u.id, label: unitLabel(u), ownerName: committee ? u.ownerName : '', areaDm2: u.areaDm2, dueFen, paidFen, owedFen: Math.max(0, dueFen - paidFen) };
		}),
		issuedOn: todayShanghai()
	};
}

const LEDGER_KIND: Record<PlanLedgerKind, () => string> = {
	source: m.plan_ledger_kind_source,
	payment: m.plan_ledger_kind_payment,
	expense: m.plan_ledger_kind_expense,
	refund: m.plan_ledger_kind_refund,
	to_estate_fund: m.plan_ledger_kind_to_estate_fund,
	correction: m.plan_ledger_kind_correction
};
export const ledgerKindName = (k: PlanLedgerKind) => LEDGER_KIND[k]();

const METHOD: Record<string, () => string> = { cash: m.plan_method_cash, transfer: m.plan_method_transfer, via_hoa: m.plan_method_via_hoa };
export const methodName = (k: string) => METHOD[k]?.() ?? k;

/** The committee's workbook: ledger, households' shares and payments, pledges, payments. */
export async function workbook(actor: Actor, planId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
	const plan = await loadPlan(planId);
	requireCommittee(actor, plan.communityId);
	const led = await ledger(actor, planId, true);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Yishiting';
	const money = (fen: number) => Number(formatYuan(fen));

	const l = book.addWorksheet(m.plan_xlsx_ledger());
	l.columns = [
		{ header: m.plan_xlsx_col_no(), key: 'id', width: 8 },
		{ header: m.plan_xlsx_col_time(), key: 'at', width: 18 },
		{ header: m.plan_xlsx_col_kind(), key: 'kind', width: 12 },
		{ header: m.plan_xlsx_col_party(), key: 'party', width: 24 },
		{ header: m.plan_xlsx_col_unit(), key: 'unit', width: 24 },
		{ header: m.plan_xlsx_col_amount(), key: 'amount', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_balance(), key: 'balance', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_reference(), key: 'reference', width: 16 },
		{ header: m.plan_xlsx_col_note(), key: 'note', width: 30 }
	];
	for (const line of led.lines) {
		l.addRow({
			id: line.id,
			at: line.at,
			kind: ledgerKindName(line.kind),
			party: line.party ?? '',
			unit: line.unit ?? '',
			amount: money(line.amountFen),
			balance: money(line.balanceFen),
			reference: line.reference,
			note: line.correctsId ? `${m.plan_corrects({ id: line.correctsId })} ${line.note}` : line.note
		});
	}

	const b = await bills(actor, planId).catch(() => null);
	const h = book.addWorksheet(m.plan_xlsx_households());
	h.columns = [
		{ header: m.plan_xlsx_col_unit(), key: 'unit', width: 28 },
		{ header: m.plan_xlsx_col_owner(), key: 'owner', width: 12 },
		{ header: m.plan_xlsx_col_area(), key: 'area', width: 10, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_due(), key: 'due', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_paid(), key: 'paid', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_owed(), key: 'owed', width: 12, style: { numFmt: '0.00' } }
	];
	for (const r of b?.bills ?? []) h.addRow({ unit: r.label, owner: r.ownerName, area: r.areaDm2 / 100, due: money(r.dueFen), paid: money(r.paidFen), owed: money(r.owedFen) });

	const p = book.addWorksheet(m.plan_xlsx_payments());
	p.columns = [
		{ header: m.plan_xlsx_col_receipt(), key: 'receipt', width: 14 },
		{ header: m.plan_xlsx_col_date(), key: 'date', width: 12 },
		{ header: m.plan_xlsx_col_unit(), key: 'unit', width: 24 },
		{ header: m.plan_xlsx_col_party(), key: 'payer', width: 12 },
		{ header: m.plan_xlsx_col_method(), key: 'method', width: 10 },
		{ header: m.plan_xlsx_col_amount(), key: 'amount', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_public(), key: 'public', width: 10 }
	];
	for (const r of await paymentsOf(plan.id)) {
		p.addRow({ receipt: r.receiptNo, date: r.paidOn, unit: r.unit, payer: r.payerName, method: methodName(r.method), amount: money(r.amountFen), public: r.showName ? m.plan_yes() : m.plan_no() });
	}

	const pl = book.addWorksheet(m.plan_xlsx_pledges());
	pl.columns = [
		{ header: m.plan_xlsx_col_party(), key: 'name', width: 14 },
		{ header: m.plan_xlsx_col_amount(), key: 'amount', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_public(), key: 'public', width: 10 },
		{ header: m.plan_xlsx_col_time(), key: 'at', width: 18 }
	];
	for (const r of await pledgesOf(plan.id, true)) pl.addRow({ name: r.name ?? '', amount: money(r.amountFen), public: r.showName ? m.plan_yes() : m.plan_no(), at: shanghaiTime(r.createdAt) });

	for (const sheet of [l, h, p, pl]) sheet.getRow(1).font = { bold: true };
	const bytes = new Uint8Array(await book.xlsx.writeBuffer());
	return { fileName: `plan-${plan.id}.xlsx`, bytes };
}

/** what the new-plan form offers: the community's topics, places and binding votes */
export async function newForm(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const [topics, placeList, votes] = await Promise.all([
		db
			.select({ id: table.topic.id, title: table.topic.title })
			.from(table.topic)
			.where(and(eq(table.topic.communityId, community.id), inArray(table.topic.status, ['collecting', 'accepted', 'deliberating', 'voted', 'implementing'])))
			.orderBy(desc(table.topic.id)),
		places.placeLists(community.id),
		db
			.select({ id: table.vote.id, title: table.vote.title, status: table.vote.status })
			.from(table.vote)
			.where(and(eq(table.vote.communityId, community.id), eq(table.vote.kind, 'binding')))
			.orderBy(desc(table.vote.id))
	]);
	const { estates } = placeList;
	const buildings = placeList.buildings.map((b) => ({ id: b.id, name: `${b.estateName} ${b.name}` }));
	const entrances = placeList.entrances.map((e) => ({ id: e.id, name: `${e.estateName} ${e.buildingName} ${e.name}` }));
	return { community: { id: community.id, name: community.name }, topics, estates, buildings, entrances, votes };
}

/** the plans on a topic, for the topic page; empty for someone who may not read the community's plans */
export async function forTopic(actor: Actor, communityId: number, topicId: number) {
	try {
		return (await list(actor, communityId, topicId)).plans;
	} catch (e) {
		if (e instanceof ServiceError) return [];
		throw e;
	}
}
