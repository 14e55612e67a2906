/**
 * What the plan pages and the API show: the community's list, the plan page, the public ledger (公示) and the
 * households' notices (缴费通知单). Each public function loads and authorises the plan once and hands the loaded
 * record to the parts below it.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { unitLabel } from '$lib/labels/places';
import { sourceKindName } from '$lib/labels/plans';
import { shanghaiTime, shanghaiToday } from '$lib/time';
import { db } from '../db';
import * as table from '../db/schema';
import type { PlanLedgerKind } from '../db/schema';
import { hasRole, requireCommittee, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import * as places from '../places';
import { ServiceError } from '../errors';
import { entriesOf, ledgerNumbers, moneyOf, sums } from './ledger';
import { approvalOf } from './lifecycle';
import { paymentsOf, pledgesOf, unitLabels } from './payments';
import { itemsOf, totalOf } from './quotes';
import { ownUnitIds, readable, type Readable } from './records';
import { sourcesOf } from './sources';
import { scopeUnits, splitOf } from './split';

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

/** Everything the plan page shows; committee-only parts only for the committee. */
export async function view(actor: Actor, planId: number) {
	return viewOf(await readable(actor, planId));
}

/**
 * The plan page: the view and, for the committee of a levy, the split (or why it cannot be computed yet), with
 * the plan loaded and authorised once. The form's choices are the schema's own lists.
 */
export async function page(actor: Actor, planId: number) {
	const r = await readable(actor, planId);
	const shown = await viewOf(r);
	let preview = null;
	let previewError: string | null = null;
	if (r.committee && r.plan.collection === 'levy') {
		try {
			preview = await splitOf(r.plan);
		} catch (e) {
			if (!(e instanceof ServiceError)) throw e;
			previewError = e.message;
		}
	}
	return { ...shown, preview, previewError, sourceKinds: table.PLAN_SOURCE_KINDS, paymentMethods: table.PLAN_PAYMENT_METHODS };
}

async function viewOf({ plan, community, user, committee }: Readable) {
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
	const ownRows = ownUnits.length === 0 ? [] : await places.unitRows().where(inArray(table.unit.id, ownUnits));
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
				entries: entries.map((e, i) => ({ id: e.id, no: i + 1, kind: e.kind, amountFen: e.amountFen, reference: e.reference, note: e.note })),
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

export interface LedgerLine {
	id: number;
	/** the entry's number within its plan: 1, 2, … in the order written (ids run across all plans) */
	no: number;
	kind: PlanLedgerKind;
	amountFen: number;
	balanceFen: number;
	/** who: a source's name, a payer who agreed to be named, or null (anonymous) */
	party: string | null;
	note: string;
	reference: string;
	correctsId: number | null;
	/** the plan's own number of the entry this one corrects */
	correctsNo: number | null;
	at: string;
}

/**
 * The public ledger (公示): every entry with the running balance. A payer's name appears only where
 * they agreed — also when the committee prints it; `full` gives the committee every name and household
 * (for its workbook).
 */
export async function ledger(actor: Actor, planId: number, full = false) {
	return ledgerOf(await readable(actor, planId), full);
}

export async function ledgerOf(r: Readable, full = false) {
	const { plan, community } = r;
	const committee = full && r.committee;
	const entries = await entriesOf(db, plan.id);
	const sources = new Map((await sourcesOf(db, plan.id)).map((s) => [s.id, s]));
	const payments = new Map((await db.select().from(table.planPayment).where(eq(table.planPayment.planId, plan.id))).map((p) => [p.id, p]));
	const labels = committee ? await unitLabels(entries.map((e) => e.unitId).filter((u): u is number => u !== null)) : new Map<number, string>();
	let running = 0;
	const numbers = ledgerNumbers(entries);
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
			no: numbers.get(e.id)!,
			kind: e.kind,
			amountFen: e.amountFen,
			balanceFen: running,
			party,
			note: e.note,
			reference: e.reference,
			correctsId: e.correctsId,
			correctsNo: e.correctsId ? (numbers.get(e.correctsId) ?? null) : null,
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
	return billsOf(await readable(actor, planId), unitId);
}

export async function billsOf({ plan, community, user, committee }: Readable, unitId?: number) {
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
	const rows = unitIds.length === 0 ? [] : await places.unitRows().where(inArray(table.unit.id, unitIds)).orderBy(asc(table.building.id), asc(table.entrance.id), asc(table.unit.id));
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
		issuedOn: shanghaiToday()
	};
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
