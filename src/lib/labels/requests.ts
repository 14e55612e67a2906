/**
 * Display names for request categories, colours, statuses, ratings and contact preferences, in the reader's
 * language (or, with `options`, in a given one: the public record is written in the base language).
 * Each map is keyed by the schema's own enum type, so the lists below are the schema's lists, in display order.
 */
import { m } from '$lib/paraglide/messages';
import type { Colour } from '$lib/domain/request-clock';
import type { CONTACT_PREFERENCES, EVALUATION_RATINGS, RequestCategory, RequestStatus } from '$lib/server/db/schema';

type Word = (inputs?: object, options?: { locale?: 'zh-CN' | 'en' }) => string;
type Locale = { locale?: 'zh-CN' | 'en' };

/** the colours on screen and on the printed board */
export const COLOUR_HEX: Record<Colour | 'none', string> = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828', grey: '#757575', none: '#90a4ae' };

const CATEGORY: Record<RequestCategory, Word> = {
	facility: m.req_cat_facility,
	environment: m.req_cat_environment,
	safety: m.req_cat_safety,
	noise: m.req_cat_noise,
	neighbour: m.req_cat_neighbour,
	property: m.req_cat_property,
	traffic: m.req_cat_traffic,
	other: m.req_cat_other
};
export const REQUEST_CATEGORY_ORDER = Object.keys(CATEGORY) as RequestCategory[];
export const reqCategoryName = (c: string, options?: Locale) => (CATEGORY[c as RequestCategory] ?? m.req_cat_other)({}, options);

const COLOUR: Record<Colour, () => string> = {
	green: m.req_colour_green,
	yellow: m.req_colour_yellow,
	red: m.req_colour_red,
	grey: m.req_colour_grey
};
export const colourLabel = (c: Colour | null | undefined) => (c ? COLOUR[c]() : m.req_colour_none());
export const COLOUR_ORDER = Object.keys(COLOUR) as Colour[];

const SHORT: Record<Colour, Word> = {
	green: m.req_colour_short_green,
	yellow: m.req_colour_short_yellow,
	red: m.req_colour_short_red,
	grey: m.req_colour_short_grey
};
export const colourShort = (c: Colour | null | undefined, options?: Locale) => (c ? SHORT[c]({}, options) : m.req_colour_none({}, options));

const STATUS: Record<RequestStatus, () => string> = {
	new: m.req_status_new,
	handling: m.req_status_handling,
	closed: m.req_status_closed,
	escalated: m.req_status_escalated
};
export const reqStatusName = (s: string) => (STATUS[s as RequestStatus] ?? m.req_status_new)();

const RATING: Record<(typeof EVALUATION_RATINGS)[number], () => string> = {
	satisfied: m.req_rating_satisfied,
	basic: m.req_rating_basic,
	unsatisfied: m.req_rating_unsatisfied
};
export const ratingName = (r: string) => (RATING[r as keyof typeof RATING] ?? m.req_rating_basic)();

const CONTACT: Record<(typeof CONTACT_PREFERENCES)[number], () => string> = { phone: m.req_contact_phone, online: m.req_contact_online, visit: m.req_contact_visit };
export const contactName = (c: string) => (CONTACT[c as keyof typeof CONTACT] ?? m.req_contact_phone)();

const UPDATE: Record<string, (inputs?: object, options?: Locale) => string> = {
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
export const updateKindName = (k: string, options?: Locale) => (UPDATE[k] ?? m.req_kind_progress)({}, options);
