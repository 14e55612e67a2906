/**
 * Words for cost-sharing plans on pages, notices and the workbook (client-safe). Money is integer 分 shown as 元
 * with two decimals and thousands separators (./money). Each map covers its schema list exactly (a new kind in the
 * schema fails the type check); the lists themselves come from the schema, through the server.
 */
import { m } from '$lib/paraglide/messages';
import type { PlanLedgerKind, PlanPaymentMethod, PlanSourceKind, PlanSplitRule, PlanStatus, PlanSurplusPolicy } from '$lib/server/db/schema';

export { yuan } from './money';

const word = <K extends string>(map: Record<K, () => string>) => (k: string) => (map[k as K] ?? (() => k))();

export const planStatusName = word<PlanStatus>({ draft: m.plan_status_draft, published: m.plan_status_published, closed: m.plan_status_closed });

export const ruleName = word<PlanSplitRule>({ equal: m.plan_rule_equal, area: m.plan_rule_area, floor: m.plan_rule_floor, voluntary: m.plan_rule_voluntary });

export const sourceKindName = word<PlanSourceKind>({
	hoa_income: m.plan_source_hoa_income,
	community_fund: m.plan_source_community_fund,
	property_firm: m.plan_source_property_firm,
	project_fund: m.plan_source_project_fund,
	maintenance_fund: m.plan_source_maintenance_fund,
	merchant: m.plan_source_merchant,
	residents: m.plan_source_residents
});

export const ledgerKindName = word<PlanLedgerKind>({
	source: m.plan_ledger_kind_source,
	payment: m.plan_ledger_kind_payment,
	expense: m.plan_ledger_kind_expense,
	refund: m.plan_ledger_kind_refund,
	to_estate_fund: m.plan_ledger_kind_to_estate_fund,
	correction: m.plan_ledger_kind_correction
});

export const paymentMethodName = word<PlanPaymentMethod>({ cash: m.plan_method_cash, transfer: m.plan_method_transfer, via_hoa: m.plan_method_via_hoa });

export const surplusName = word<PlanSurplusPolicy>({ refund: m.plan_surplus_refund, estate_fund: m.plan_surplus_estate_fund });
