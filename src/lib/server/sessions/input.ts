/**
 * What the sessions service accepts: the valibot schemas every route and the JSON API pass their input through,
 * and from which the API documentation is generated.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as table from '../db/schema';
import { flag, id, moment, optionalText, smallInt, text } from '../http/validate';

/** a list of ids, or one id (a form with one ticked box) */
export const idList = v.optional(
	v.pipe(
		v.union([v.array(v.unknown()), v.pipe(v.union([v.string(), v.number()]), v.transform((x) => [x]))], m.err_invalid_input),
		v.array(id, m.err_invalid_input)
	),
	[]
);

export const sessionFields = {
	kind: v.picklist(table.SESSION_KINDS, m.session_err_kind),
	title: text(100, m.session_err_title),
	description: optionalText(2000),
	venueId: v.optional(v.nullable(id)),
	venueText: optionalText(100),
	startsAt: moment(m.session_err_starts),
	endsAt: moment(m.session_err_ends),
	quorumMin: v.optional(v.nullable(smallInt(1, 10000, m.session_err_quorum))),
	openToResidents: flag
};

export const createSchema = v.pipe(
	v.object({ ...sessionFields, topicIds: idList }),
	v.forward(
		v.check((s) => s.endsAt.getTime() > s.startsAt.getTime(), m.session_err_time),
		['endsAt']
	),
	v.forward(
		v.check((s) => s.venueId != null || s.venueText !== '', m.session_err_venue),
		['venueId']
	)
);

export const updateSchema = v.pipe(
	v.object(sessionFields),
	v.forward(
		v.check((s) => s.endsAt.getTime() > s.startsAt.getTime(), m.session_err_time),
		['endsAt']
	),
	v.forward(
		v.check((s) => s.venueId != null || s.venueText !== '', m.session_err_venue),
		['venueId']
	)
);

export const agendaSchema = v.pipe(
	v.object({
		topicId: v.optional(v.nullable(id)),
		title: optionalText(100),
		presenter: optionalText(40),
		minutes: v.optional(v.nullable(smallInt(1, 600, m.session_err_minutes)))
	}),
	v.forward(
		v.check((s) => s.topicId != null || s.title !== '', m.session_err_agenda_item),
		['title']
	)
);

export const venueSchema = v.object({
	name: text(40, m.session_err_venue_name),
	kind: v.optional(v.picklist(table.VENUE_KINDS, m.err_invalid_input), 'other'),
	address: optionalText(100)
});

export const inviteSchema = v.pipe(
	v.object({
		kind: v.optional(v.picklist(table.INVITATION_KINDS, m.err_invalid_input), 'party'),
		role: v.optional(v.picklist(table.PARTICIPANT_ROLES, m.session_err_role)),
		organisation: optionalText(60),
		name: text(20, m.err_name),
		phone: v.optional(v.pipe(v.string(m.err_phone), v.trim(), v.check((p) => p === '' || /^1[3-9]\d{9}$/.test(p), m.err_phone)), '')
	}),
	v.forward(
		v.check((s) => s.kind === 'resident' || (s.role !== undefined && s.role !== 'resident' && s.role !== 'staff'), m.session_err_role),
		['role']
	)
);

export const rsvpSchema = v.pipe(
	v.object({
		answer: v.picklist(table.RSVP_ANSWERS, m.session_err_rsvp),
		delegateName: optionalText(20)
	}),
	v.forward(
		v.check((s) => s.answer !== 'delegate' || s.delegateName !== '', m.session_err_delegate_name),
		['delegateName']
	)
);

export const markSchema = v.pipe(
	v.object({
		invitationId: v.optional(v.nullable(id)),
		name: optionalText(20),
		role: v.optional(v.picklist(table.PARTICIPANT_ROLES, m.session_err_role), 'resident'),
		organisation: optionalText(60)
	}),
	v.forward(
		v.check((s) => s.invitationId != null || s.name !== '', m.err_name),
		['name']
	)
);

/** 开始会议: on another day than announced (Shanghai calendar) it starts only with `confirm` */
export const startSchema = v.object({ confirm: flag });

export const cancelSchema = v.object({ reason: text(200, m.session_err_cancel_reason) });
export const moveSchema = v.object({ direction: v.picklist(['up', 'down'], m.err_invalid_input) });
/** the agenda item under discussion now; null clears it */
export const currentItemSchema = v.object({ itemId: v.nullable(id) });

/** form fields arrive as '' when left empty: those named here become null (a cleared venue or quorum) */
export function blankToNull(input: unknown, keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
	for (const k of keys) if (out[k] === '') out[k] = null;
	return out;
}
