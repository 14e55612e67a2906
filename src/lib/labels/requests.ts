/** Display names for request categories, colours, statuses, ratings and contact preferences, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import type { Colour } from '$lib/domain/request-clock';

export const REQUEST_CATEGORY_ORDER = ['facility', 'environment', 'safety', 'noise', 'neighbour', 'property', 'traffic', 'other'] as const;
export const COLOUR_ORDER: readonly Colour[] = ['green', 'yellow', 'red', 'grey'];
/** the colours on screen and on the printed board */
export const COLOUR_HEX: Record<Colour | 'none', string> = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828', grey: '#757575', none: '#90a4ae' };

const CATEGORY: Record<string, () => string> = {
	facility: m.req_cat_facility,
	environment: m.req_cat_environment,
	safety: m.req_cat_safety,
	noise: m.req_cat_noise,
	neighbour: m.req_cat_neighbour,
	property: m.req_cat_property,
	traffic: m.req_cat_traffic,
	other: m.req_cat_other
};
export const reqCategoryName = (c: string) => (CATEGORY[c] ?? m.req_cat_other)();

const COLOUR: Record<Colour, () => string> = {
	green: m.req_colour_green,
	yellow: m.req_colour_yellow,
	red: m.req_colour_red,
	grey: m.req_colour_grey
};
export const colourLabel = (c: Colour | null | undefined) => (c ? COLOUR[c]() : m.req_colour_none());

const SHORT: Record<Colour, () => string> = {
	green: m.req_colour_short_green,
	yellow: m.req_colour_short_yellow,
	red: m.req_colour_short_red,
	grey: m.req_colour_short_grey
};
export const colourShort = (c: Colour | null | undefined) => (c ? SHORT[c]() : m.req_colour_none());

const STATUS: Record<string, () => string> = {
	new: m.req_status_new,
	handling: m.req_status_handling,
	closed: m.req_status_closed,
	escalated: m.req_status_escalated
};
export const reqStatusName = (s: string) => (STATUS[s] ?? m.req_status_new)();

const RATING: Record<string, () => string> = {
	satisfied: m.req_rating_satisfied,
	basic: m.req_rating_basic,
	unsatisfied: m.req_rating_unsatisfied
};
export const ratingName = (r: string) => (RATING[r] ?? m.req_rating_basic)();

const CONTACT: Record<string, () => string> = { phone: m.req_contact_phone, online: m.req_contact_online, visit: m.req_contact_visit };
export const contactName = (c: string) => (CONTACT[c] ?? m.req_contact_phone)();

const UPDATE: Record<string, () => string> = {
	reported: m.req_kind_reported,
	accepted: m.req_kind_accepted,
	classified: m.req_kind_classified,
	respond: m.req_kind_respond,
	arrive: m.req_kind_arrive,
	plan: m.req_kind_plan,
	dispatched: m.req_kind_dispatched,
	progress: m.req_kind_progress,
	closed: m.req_kind_closed,
	followup: m.req_kind_followup,
	escalated: m.req_kind_escalated,
	evaluated: m.req_kind_evaluated
};
export const updateKindName = (k: string) => (UPDATE[k] ?? m.req_kind_progress)();
