/**
 * What the vote routes accept: every valibot schema of the domain, exported under the names the services use
 * (the API documentation is generated from these).
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import * as table from '../db/schema';
import { flag, id, moment, optionalText, smallInt, text } from '../http/validate';

const matterSchema = v.picklist([...art278.MATTER_CODES, 'ordinary', 'special'] as const, m.vote_err_matter);

export const createSchema = v.object({
	title: text(100),
	description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, m.err_invalid_input)), ''),
	/** binding, poll; or an owners' meeting with several matters, or an election of the owners' committee */
	kind: v.picklist([...table.VOTE_KINDS, 'meeting', 'election'] as const, m.vote_err_kind),
	/** an Art. 278 matter code, or just its class */
	matter: v.optional(matterSchema),
	/** a meeting's matters, each with its own Art. 278 matter or class */
	items: v.optional(
		v.pipe(
			v.array(v.object({ title: text(100, m.meeting_err_item_title), matter: matterSchema }), m.meeting_err_items),
			v.minLength(1, m.meeting_err_items),
			v.maxLength(20, m.meeting_err_items)
		)
	),
	/** an election's number of seats on the owners' committee */
	seats: v.optional(smallInt(1, 21, m.election_err_seats)),
	candidates: v.optional(
		v.pipe(
			v.array(
				v.object({
					name: text(40, m.election_err_candidate_name),
					unitId: v.optional(v.nullable(id)),
					statement: optionalText(500),
					nominators: optionalText(200)
				}),
				m.election_err_candidates
			),
			v.minLength(1, m.election_err_candidates),
			v.maxLength(40, m.election_err_candidates)
		)
	),
	topicId: v.optional(v.nullable(id)),
	/** opened from a session's agenda item: the vote belongs to that session and the item's topic */
	agendaItemId: v.optional(v.nullable(id)),
	scope: v.optional(v.picklist(table.VOTE_SCOPES, m.vote_err_scope), 'community'),
	/** a list, or one id (the form's single entrance) */
	scopeIds: v.optional(
		v.pipe(
			v.union([v.array(v.unknown()), v.pipe(v.union([v.string(), v.number()]), v.transform((x) => [x]))], m.vote_err_scope),
			v.array(id, m.vote_err_scope)
		),
		[]
	),
	eligibility: v.optional(v.picklist(['residents', 'households', 'attendees'] as const, m.err_invalid_input), 'residents'),
	/** a list, or one option per line as typed in the form */
	options: v.optional(
		v.pipe(
			v.union([
				v.array(v.string(m.vote_err_options), m.vote_err_options),
				v.pipe(
					v.string(),
					v.transform((s) => s.split(/\r?\n/).map((o) => o.trim()).filter(Boolean))
				)
			], m.vote_err_options),
			v.array(text(100, m.vote_err_options), m.vote_err_options),
			v.minLength(2, m.vote_err_options),
			v.maxLength(20, m.vote_err_options),
			v.check((opts) => new Set(opts).size === opts.length, m.vote_err_options_duplicate)
		)
	),
	multiple: flag,
	maxChoices: v.optional(smallInt(1, 20, m.vote_err_max_choices)),
	anonymous: flag,
	changeable: flag,
	closesAt: v.optional(v.nullable(moment(m.vote_err_closes_at))),
	objectionDays: v.optional(smallInt(0, 60, m.vote_err_objection_days), 7)
});

export const castSchema = v.object({
	/** the unit a recorded ballot is for, or which of the owner's own units they vote from */
	unitId: v.optional(id),
	choice: v.optional(v.picklist(table.BALLOT_CHOICES, m.vote_err_choice)),
	optionIds: v.optional(v.pipe(v.array(id, m.vote_err_option), v.minLength(1, m.vote_err_poll_choice))),
	/** an owners' meeting's ballot: item id → choice; a matter left out counts as 弃权 */
	choices: v.optional(v.record(v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, m.meeting_err_item)), v.picklist(table.BALLOT_CHOICES, m.vote_err_choice), m.meeting_err_choices)),
	/** an election's ballot: the candidates marked 同意, at most as many as there are seats (may be none) */
	candidateIds: v.optional(v.pipe(v.array(id, m.election_err_candidate), v.maxLength(40, m.election_err_candidate))),
	method: v.optional(v.picklist(table.BALLOT_METHODS, m.vote_err_method), 'online')
});

export const closeSchema = v.object({
	objectionDays: v.optional(smallInt(0, 60, m.vote_err_objection_days))
});

export const objectionSchema = v.object({ body: text(1000) });
export const answerSchema = v.object({ answer: text(1000) });

export type CastInput = v.InferOutput<typeof castSchema>;
export type CreateInput = v.InferOutput<typeof createSchema>;

/** the community's rules of procedure for owners' votes (业主大会议事规则) */
export const ownersRulesSchema = v.object({
	/** required, so that an empty or garbled form never resets the rules */
	electionOrder: v.picklist(table.ELECTION_ORDERS, m.owners_rules_err_order),
	changeableBallots: flag
});
