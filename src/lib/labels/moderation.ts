/** Words for report reasons (举报理由), in the reader's language, in the order the form offers them. */
import { m } from '$lib/paraglide/messages';
import type { ReportReason } from '$lib/server/db/schema';

const REASON: Record<ReportReason, () => string> = {
	privacy: m.report_reason_privacy,
	abuse: m.report_reason_abuse,
	ad: m.report_reason_ad,
	false: m.report_reason_false,
	other: m.report_reason_other
};

export const REPORT_REASON_LIST = Object.keys(REASON) as ReportReason[];
export const reasonName = (r: string) => (REASON as Record<string, () => string>)[r]?.() ?? r;
