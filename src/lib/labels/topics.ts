/**
 * Display names for topic statuses, categories and scopes, in the reader's language. Each map is keyed by the
 * schema's own enum type, so the lists below are the schema's lists, in display order.
 */
import { m } from '$lib/paraglide/messages';
import type { TopicCategory, TopicScope, TopicStatus } from '$lib/server/db/schema';

const STATUS: Record<TopicStatus, () => string> = {
	collecting: m.topic_status_collecting,
	accepted: m.topic_status_accepted,
	deliberating: m.topic_status_deliberating,
	voted: m.topic_status_voted,
	implementing: m.topic_status_implementing,
	done: m.topic_status_done,
	declined: m.topic_status_declined,
	merged: m.topic_status_merged
};

const CATEGORY: Record<TopicCategory, () => string> = {
	facility: m.topic_cat_facility,
	environment: m.topic_cat_environment,
	safety: m.topic_cat_safety,
	traffic: m.topic_cat_traffic,
	property: m.topic_cat_property,
	elderly: m.topic_cat_elderly,
	business: m.topic_cat_business,
	other: m.topic_cat_other
};

export const TOPIC_STATUS_ORDER = Object.keys(STATUS) as TopicStatus[];
export const TOPIC_CATEGORY_ORDER = Object.keys(CATEGORY) as TopicCategory[];

const SCOPE: Record<TopicScope, () => string> = {
	community: m.topic_scope_community,
	estate: m.topic_scope_estate,
	building: m.topic_scope_building
};

export const statusName = (s: TopicStatus) => STATUS[s]?.() ?? s;
export const categoryName = (c: TopicCategory) => CATEGORY[c]?.() ?? c;
export const scopeName = (s: TopicScope) => SCOPE[s]?.() ?? s;
