/** Words for cost-sharing plans on pages (client-safe). Money is integer 分 shown as 元 with two decimals. */
import { m } from '$lib/paraglide/messages';
import { formatYuan } from '$lib/domain/cost-split';

export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `${formatYuan(fen)} ${m.plan_yuan()}`);

const STATUS: Record<string, () => string> = { draft: m.plan_status_draft, published: m.plan_status_published, closed: m.plan_status_closed };
export const planStatusName = (s: string) => (STATUS[s] ?? (() => s))();

const RULE: Record<string, () => string> = { equal: m.plan_rule_equal, area: m.plan_rule_area, floor: m.plan_rule_floor, voluntary: m.plan_rule_voluntary };
export const ruleName = (r: string) => (RULE[r] ?? (() => r))();

const SOURCE: Record<string, () => string> = {
	hoa_income: m.plan_source_hoa_income,
	community_fund: m.plan_source_community_fund,
	property_firm: m.plan_source_property_firm,
	project_fund: m.plan_source_project_fund,
	maintenance_fund: m.plan_source_maintenance_fund,
	merchant: m.plan_source_merchant,
	residents: m.plan_source_residents
};
export const SOURCE_KINDS = Object.keys(SOURCE);
export const sourceKindName = (k: string) => (SOURCE[k] ?? (() => k))();

const LEDGER: Record<string, () => string> = {
	source: m.plan_ledger_kind_source,
	payment: m.plan_ledger_kind_payment,
	expense: m.plan_ledger_kind_expense,
	refund: m.plan_ledger_kind_refund,
	to_estate_fund: m.plan_ledger_kind_to_estate_fund,
	correction: m.plan_ledger_kind_correction
};
export const ledgerKindName = (k: string) => (LEDGER[k] ?? (() => k))();

const METHOD: Record<string, () => string> = { cash: m.plan_method_cash, transfer: m.plan_method_transfer, via_hoa: m.plan_method_via_hoa };
export const PAYMENT_METHODS = Object.keys(METHOD);
export const paymentMethodName = (k: string) => (METHOD[k] ?? (() => k))();

export const surplusName = (p: string) => (p === 'refund' ? m.plan_surplus_refund() : m.plan_surplus_estate_fund());
