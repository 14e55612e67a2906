/** Display names for minutes and resolutions, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import type { ResolutionStatus, Evaluation } from '$lib/domain/resolution';
import type { Change, Section } from '$lib/domain/minutes';
import { shanghaiTime } from '$lib/time';
import { kindName, roleName } from '$lib/labels/sessions';

export const RESOLUTION_STATUS_NAMES: Record<ResolutionStatus, () => string> = {
	not_started: m.res_status_not_started,
	in_progress: m.res_status_in_progress,
	done: m.res_status_done,
	overdue: m.res_status_overdue
};
export const resolutionStatusName = (s: string) => RESOLUTION_STATUS_NAMES[s as ResolutionStatus]?.() ?? s;

export const EVALUATION_NAMES: Record<Evaluation, () => string> = {
	satisfied: m.res_eval_satisfied,
	basically: m.res_eval_basically,
	dissatisfied: m.res_eval_dissatisfied
};
export const evaluationName = (e: string) => EVALUATION_NAMES[e as Evaluation]?.() ?? e;

const SECTION_NAMES: Record<Section, () => string> = {
	session: m.mins_section_session,
	attendees: m.mins_section_attendees,
	agenda: m.mins_section_agenda,
	discussion: m.mins_section_discussion,
	votes: m.mins_section_votes,
	resolutions: m.mins_section_resolutions,
	opinion: m.mins_section_opinion
};

const FIELD_NAMES: Record<string, () => string> = {
	title: m.mins_field_title,
	kind: m.mins_field_kind,
	venue: m.mins_field_venue,
	startsAt: m.mins_field_starts_at,
	endsAt: m.mins_field_ends_at,
	presenter: m.mins_field_presenter,
	deadline: m.mins_field_deadline,
	responsible: m.mins_field_responsible
};

/** where a change is, in words: 决议 2 · 完成期限 */
export function changePlace(c: Change): string {
	const section = SECTION_NAMES[c.section]();
	const ref =
		c.section === 'attendees'
			? roleName(c.ref)
			: c.section === 'agenda' || c.section === 'discussion'
				? m.mins_ref_agenda({ n: c.ref })
				: c.section === 'resolutions'
					? m.mins_ref_resolution({ n: c.ref })
					: c.ref;
	const field = FIELD_NAMES[c.field]?.() ?? '';
	return [c.section === 'resolutions' || c.section === 'agenda' ? '' : section, ref, field].filter(Boolean).join(' · ');
}

/** a changed value as a reader sees it: times in Beijing time, kinds by name */
export function changeText(c: Change, text: string | null): string {
	if (text === null || text === '') return '—';
	if (c.field === 'startsAt' || c.field === 'endsAt') return shanghaiTime(text);
	if (c.section === 'session' && c.field === 'kind') return kindName(text);
	return text;
}

export const CHANGE_KIND_NAMES: Record<Change['kind'], () => string> = {
	added: m.mins_change_added,
	removed: m.mins_change_removed,
	changed: m.mins_change_changed
};
