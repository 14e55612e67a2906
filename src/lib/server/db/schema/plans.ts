import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	date,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { community, unit } from './places';
import { user } from './people';
import { topic } from './topics';
import { vote, VOTE_SCOPES } from './votes';

/** draft: the committee edits and previews the split; published: 公示, pledges and payments; closed: settled */
export const PLAN_STATUSES = ['draft', 'published', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_SPLIT_RULES = ['equal', 'area', 'floor', 'voluntary'] as const;
export type PlanSplitRule = (typeof PLAN_SPLIT_RULES)[number];

/** a levy binds every household in scope (needs a binding vote); voluntary pledges bind only the pledger */
export const PLAN_COLLECTIONS = ['levy', 'voluntary'] as const;
export type PlanCollection = (typeof PLAN_COLLECTIONS)[number];

/** what happens to money left over when the plan closes */
export const PLAN_SURPLUS_POLICIES = ['refund', 'estate_fund'] as const;
export type PlanSurplusPolicy = (typeof PLAN_SURPLUS_POLICIES)[number];

export const PLAN_SOURCE_KINDS = [
	'hoa_income', // 业委会/小区公共收益
	'community_fund', // 社区经费
	'property_firm', // 物业公司
	'project_fund', // 上级项目资金
	'maintenance_fund', // 公共维修基金
	'merchant', // 商户赞助
	'residents' // 居民分摊
] as const;
export type PlanSourceKind = (typeof PLAN_SOURCE_KINDS)[number];

export const PLAN_SOURCE_STATUSES = ['promised', 'received'] as const;
export type PlanSourceStatus = (typeof PLAN_SOURCE_STATUSES)[number];

export const PLAN_PAYMENT_METHODS = ['cash', 'transfer', 'via_hoa'] as const;
export type PlanPaymentMethod = (typeof PLAN_PAYMENT_METHODS)[number];

export const PLAN_LEDGER_KINDS = [
	'source', // money received from a funding source (in)
	'payment', // a resident's payment (in)
	'expense', // spending with its receipt (out)
	'refund', // surplus refunded to a household (out)
	'to_estate_fund', // surplus moved to the estate's fund (out)
	'correction' // a signed amount correcting an earlier entry, which stays as it was
] as const;
export type PlanLedgerKind = (typeof PLAN_LEDGER_KINDS)[number];

export const plan = pgTable(
	'plan',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		topicId: integer()
			.notNull()
			.references(() => topic.id),
		title: text().notNull(),
		description: text().notNull().default(''),
		scope: text({ enum: VOTE_SCOPES }).notNull().default('community'),
		/** estate, building or entrance ids, by scope; empty for the whole community */
		scopeIds: integer().array().notNull().default(sql`'{}'::integer[]`),
		collection: text({ enum: PLAN_COLLECTIONS }).notNull(),
		splitRule: text({ enum: PLAN_SPLIT_RULES }).notNull(),
		/** floor rule: weight per floor in permille, e.g. {"1":0,"2":1000,"3":1200} */
		floorCoefficients: jsonb().$type<Record<string, number>>().notNull().default({}),
		/** the binding owners' decision that approves a levy */
		voteId: integer().references(() => vote.id),
		surplusPolicy: text({ enum: PLAN_SURPLUS_POLICIES }).notNull().default('estate_fund'),
		status: text({ enum: PLAN_STATUSES }).notNull().default('draft'),
		actualCostFen: bigint({ mode: 'number' }),
		closingNote: text(),
		publishedAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true }),
		createdById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.communityId, t.status),
		index().on(t.topicId),
		check('plan_collection_rule_check', sql`(${t.collection} = 'voluntary') = (${t.splitRule} = 'voluntary')`),
		check('plan_actual_cost_check', sql`${t.actualCostFen} is null or ${t.actualCostFen} >= 0`)
	]
);

/** one thing to pay for, e.g. 12 solar street lights; its cost is its chosen quote */
export const planItem = pgTable(
	'plan_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		planId: integer()
			.notNull()
			.references(() => plan.id),
		name: text().notNull(),
		note: text().notNull().default(''),
		chosenQuoteId: integer().references((): AnyPgColumn => planQuote.id),
		/** why this quote won, e.g. solar lights need no wiring or electricity bill */
		chosenReason: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.planId)]
);

export const planQuote = pgTable(
	'plan_quote',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		planId: integer()
			.notNull()
			.references(() => plan.id),
		itemId: integer()
			.notNull()
			.references(() => planItem.id),
		supplier: text().notNull(),
		amountFen: bigint({ mode: 'number' }).notNull(),
		note: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.itemId), check('plan_quote_amount_check', sql`${t.amountFen} > 0`)]
);

export const planSource = pgTable(
	'plan_source',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		planId: integer()
			.notNull()
			.references(() => plan.id),
		kind: text({ enum: PLAN_SOURCE_KINDS }).notNull(),
		/** who gives it, e.g. 安公小区业委会 */
		name: text().notNull().default(''),
		amountFen: bigint({ mode: 'number' }).notNull(),
		/** residents' share: its payments are the receipts, so it has no status of its own */
		status: text({ enum: PLAN_SOURCE_STATUSES }).notNull().default('promised'),
		receivedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.planId),
		// one residents' share per plan: it is what the split divides
		uniqueIndex('plan_source_residents_once').on(t.planId).where(sql`${t.kind} = 'residents'`),
		check('plan_source_amount_check', sql`${t.amountFen} > 0`)
	]
);

/** each household's share of a levy, fixed when the plan is published so later register edits leave it alone */
export const planShare = pgTable(
	'plan_share',
	{
		planId: integer()
			.notNull()
			.references(() => plan.id),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		unitId: integer()
			.notNull()
			.references(() => unit.id),
		weight: bigint({ mode: 'number' }).notNull(),
		amountFen: bigint({ mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.planId, t.unitId] }), check('plan_share_amount_check', sql`${t.amountFen} >= 0`)]
);

/** 认捐: a verified resident's promise; the public sees the name only when showName */
export const planPledge = pgTable(
	'plan_pledge',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		planId: integer()
			.notNull()
			.references(() => plan.id),
		userId: integer()
			.notNull()
			.references(() => user.id),
		unitId: integer().references(() => unit.id),
		amountFen: bigint({ mode: 'number' }).notNull(),
		showName: boolean().notNull().default(false),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.planId, t.userId), check('plan_pledge_amount_check', sql`${t.amountFen} > 0`)]
);

/** money handed to the committee (no payment gateway); append-only like the ledger */
export const planPayment = pgTable(
	'plan_payment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		planId: integer()
			.notNull()
			.references(() => plan.id),
		unitId: integer().references(() => unit.id),
		pledgeId: integer().references(() => planPledge.id),
		payerName: text().notNull().default(''),
		showName: boolean().notNull().default(false),
		amountFen: bigint({ mode: 'number' }).notNull(),
		method: text({ enum: PLAN_PAYMENT_METHODS }).notNull(),
		paidOn: date({ mode: 'string' }).notNull(),
		receiptNo: text().notNull(),
		recordedById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.planId),
		// a receipt is recorded once
		uniqueIndex().on(t.planId, t.receiptNo),
		check('plan_payment_amount_check', sql`${t.amountFen} > 0`)
	]
);

/**
 * The public ledger (公示台账). Append-only: a database trigger refuses UPDATE and DELETE; a mistake
 * is corrected by a new 'correction' entry that names the entry it corrects.
 * Signed amounts: money in is positive, money out negative; the balance is their sum.
 */
export const planLedger = pgTable(
	'plan_ledger',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		planId: integer()
			.notNull()
			.references(() => plan.id),
		kind: text({ enum: PLAN_LEDGER_KINDS }).notNull(),
		amountFen: bigint({ mode: 'number' }).notNull(),
		note: text().notNull().default(''),
		/** a receipt or invoice number */
		reference: text().notNull().default(''),
		sourceId: integer().references(() => planSource.id),
		paymentId: integer().references(() => planPayment.id),
		unitId: integer().references(() => unit.id),
		correctsId: integer().references((): AnyPgColumn => planLedger.id),
		createdById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.planId, t.id),
		check('plan_ledger_correction_check', sql`(${t.kind} = 'correction') = (${t.correctsId} is not null)`)
	]
);
