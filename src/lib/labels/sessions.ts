/** Display names for sessions' kinds, statuses, participant roles, venues and answers, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import type { ParticipantRole, RsvpAnswer, SessionKind, SessionStatus, VenueKind } from '$lib/server/db/schema';

export const KIND_NAMES: Record<SessionKind, () => string> = {
	council: m.session_kind_council,
	consultation: m.session_kind_consultation,
	joint: m.session_kind_joint,
	hearing: m.session_kind_hearing,
	bamba: m.session_kind_bamba,
	alliance: m.session_kind_alliance
};
export const STATUS_NAMES: Record<SessionStatus, () => string> = {
	draft: m.session_status_draft,
	published: m.session_status_published,
	in_progress: m.session_status_in_progress,
	ended: m.session_status_ended,
	cancelled: m.session_status_cancelled
};
export const ROLE_NAMES: Record<ParticipantRole, () => string> = {
	deputy: m.session_role_deputy,
	cppcc: m.session_role_cppcc,
	property: m.session_role_property,
	merchant: m.session_role_merchant,
	owners_committee: m.session_role_owners_committee,
	lawyer: m.session_role_lawyer,
	utility: m.session_role_utility,
	authority: m.session_role_authority,
	other: m.session_role_other,
	resident: m.session_role_resident,
	staff: m.session_role_staff
};
export const VENUE_KIND_NAMES: Record<VenueKind, () => string> = {
	pavilion: m.session_venue_pavilion,
	hall: m.session_venue_hall,
	centre: m.session_venue_centre,
	courtyard: m.session_venue_courtyard,
	shop: m.session_venue_shop,
	other: m.session_venue_other
};
export const RSVP_NAMES: Record<RsvpAnswer, () => string> = {
	attend: m.session_rsvp_attend,
	decline: m.session_rsvp_decline,
	delegate: m.session_rsvp_delegate
};

export const kindName = (k: string) => KIND_NAMES[k as SessionKind]?.() ?? k;
export const statusName = (s: string) => STATUS_NAMES[s as SessionStatus]?.() ?? s;
export const roleName = (r: string) => ROLE_NAMES[r as ParticipantRole]?.() ?? r;
export const venueKindName = (k: string) => VENUE_KIND_NAMES[k as VenueKind]?.() ?? k;
export const rsvpName = (a: string | null) => (a ? (RSVP_NAMES[a as RsvpAnswer]?.() ?? a) : m.session_rsvp_none());

export { localInput } from '$lib/time';
