/** Display names for topic statuses, categories and scopes, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import type { TopicCategory, TopicScope, TopicStatus } from '$lib/server/db/schema';

export const TOPIC_STATUS_ORDER: readonly TopicStatus[] = [
	'collecting',
	'accepted',
	'deliberating',
	'voted',
	'implementing',
	'done',
	'declined',
	'merged'
];

export const TOPIC_CATEGORY_ORDER: readonly TopicCategory[] = [
	'facility',
	'environment',
	'safety',
	'traffic',
	'property',
	'elderly',
	'business',
	'other'
];

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

const SCOPE: Record<TopicScope, () => string> = {
	community: m.topic_scope_community,
	estate: m.topic_scope_estate,
	building: m.topic_scope_building
};

export const statusName = (s: TopicStatus) => STATUS[s]?.() ?? s;
export const categoryName = (c: TopicCategory) => CATEGORY[c]?.() ?? c;
export const scopeName = (s: TopicScope) => SCOPE[s]?.() ?? s;
