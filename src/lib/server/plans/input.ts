/**
 * What the plan pages and the JSON API send: the valibot schemas are the routes' contract and the source of the
 * API documentation. Money is 元 with at most two decimals, read into integer 分.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { parseYuan } from '$lib/domain/cost-split';
import { isCalendarDay } from '$lib/time';
import * as table from '../db/schema';
import { dropBlank, flag, id, optionalText, text } from '../http/validate';

/** 元 with at most two decimals, typed or sent as a string (a JSON number is read through its decimal text) */
export const yuan = (message: () => string, allowNegative = false) =>
	v.pipe(
		v.union([v.string(), v.number()], message),
		v.transform((x) => parseYuan(String(x))),
		v.check((n) => n !== null && (allowNegative ? n !== 0 : n > 0) && Math.abs(n) <= 100_000_000_000, message),
		v.transform((n) => n as number)
	);

/** "1:0, 2:1000, 3:1200" (floor: weight in ‰), or the same as an object */
export const coefficients = v.pipe(
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

export const planSchema = v.object({
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

export const voteLinkSchema = v.object({ voteId: id });
export const itemSchema = v.object({ name: text(100), note: optionalText(500) });
export const quoteSchema = v.object({ itemId: id, supplier: text(100), amount: yuan(m.plan_err_amount), note: optionalText(500) });
/** a typed quote corrected in a draft: the same fields but the item, which stays */
export const quoteEditSchema = v.pick(quoteSchema, ['supplier', 'amount', 'note']);
export const chooseSchema = v.object({ quoteId: id, reason: text(500, m.plan_err_reason) });
export const sourceSchema = v.object({
	kind: v.picklist(table.PLAN_SOURCE_KINDS, m.plan_err_source_kind),
	name: optionalText(100),
	amount: yuan(m.plan_err_amount),
	status: v.optional(v.picklist(table.PLAN_SOURCE_STATUSES, m.plan_err_source_status), 'promised'),
	reference: optionalText(100)
});
/** a draft's funding source corrected: all of a draft's sources are promised, so no status or reference */
export const sourceEditSchema = v.pick(sourceSchema, ['kind', 'name', 'amount']);
export const receiveSchema = v.object({ reference: optionalText(100) });
export const pledgeSchema = v.object({ amount: yuan(m.plan_err_amount), showName: flag });
export const paymentSchema = v.object({
	unitId: v.optional(id),
	pledgeId: v.optional(id),
	payerName: optionalText(40),
	showName: flag,
	amount: yuan(m.plan_err_amount),
	method: v.picklist(table.PLAN_PAYMENT_METHODS, m.plan_err_method),
	paidOn: v.optional(v.pipe(v.string(), v.trim(), v.check(isCalendarDay, m.plan_err_date))),
	receiptNo: text(40, m.plan_err_receipt)
});
export const expenseSchema = v.object({ amount: yuan(m.plan_err_amount), note: text(200, m.plan_err_note), reference: text(60, m.plan_err_receipt) });
export const correctionSchema = v.object({ amount: yuan(m.plan_err_correction_amount, true), note: text(200, m.plan_err_note) });
export const closeSchema = v.object({ actualCost: yuan(m.plan_err_amount), note: optionalText(500) });

/** a form's or a JSON body's fields, blank ones left out; a JSON list is no set of fields (valibot's object would take [] as one with none) */
export const fields = (input: unknown): unknown => (Array.isArray(input) ? null : dropBlank(input));
