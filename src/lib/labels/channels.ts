/** Words for channels, kinds of event and the reasons a message was not sent. */
import { m } from '$lib/paraglide/messages';

export const channelName = (c: string) => (({ sms: m.channels_sms, email: m.channels_email, wechat: m.channels_wechat }) as Record<string, () => string>)[c]?.() ?? c;

const KINDS: Record<string, () => string> = {
	topic_status: m.channels_kind_topic_status,
	vote_opened: m.channels_kind_vote_opened,
	vote_result: m.channels_kind_vote_result,
	request_update: m.channels_kind_request_update
};

/** a kind this list does not name yet (added by a newer event) shows its inbox title */
export const kindName = (kind: string, fallback?: string) => KINDS[kind]?.() ?? fallback ?? kind;

const REASONS: Record<string, () => string> = {
	budget_spent: m.delivery_reason_budget_spent,
	no_email: m.delivery_reason_no_email,
	no_wechat: m.delivery_reason_no_wechat,
	email_off: m.delivery_reason_email_off,
	wechat_off: m.delivery_reason_wechat_off,
	sms_off: m.delivery_reason_sms_off
};

/** a skip reason in words; a provider's own answer as it came */
export const reasonName = (reason: string | null) => (reason ? (REASONS[reason]?.() ?? reason) : '');
