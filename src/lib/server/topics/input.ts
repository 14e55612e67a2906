/**
 * What a topic's forms and JSON bodies may carry: the routes' contract and the source of the API docs.
 * Messages are the field's own, in the reader's language.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { REPORT_REASONS, TOPIC_CATEGORIES, TOPIC_SCOPES, TOPIC_STATUSES, type TopicStatus } from '../db/schema';
import { ServiceError } from '../errors';
import { flag, id, text } from '../http/validate';

export const THRESHOLD_MAX = 1000;

const optionalId = v.optional(id);

export const ProposeInput = v.object({
	title: text(60, m.topic_err_title),
	description: text(2000, m.topic_err_description),
	scope: v.optional(v.picklist(TOPIC_SCOPES, m.topic_err_scope), 'community'),
	category: v.picklist(TOPIC_CATEGORIES, m.topic_err_category),
	estateId: optionalId,
	buildingId: optionalId
});

const note = v.optional(v.pipe(v.string(m.topic_err_note), v.trim(), v.maxLength(500, m.topic_err_note)), '');

export const CommentInput = v.object({
	body: text(1000, m.topic_err_comment),
	/** a reply: the comment it answers */
	parentId: v.optional(id),
	/** the committee's official answer to the topic (committee only) */
	official: flag,
	/** the author confirms that a number found in the text is not someone's personal information (a public hotline) */
	confirmPersonal: flag
});

export const EditInput = v.object({ body: text(1000, m.topic_err_comment), confirmPersonal: flag });

export const ReportInput = v.object({
	reason: v.picklist(REPORT_REASONS, m.report_err_reason),
	note: v.optional(v.pipe(v.string(m.report_err_note), v.trim(), v.maxLength(500, m.report_err_note)), '')
});

export const ReviewInput = v.object({ reviewFirstPosts: flag });

export const ModerateInput = v.object({
	decision: v.picklist(['hide', 'keep', 'publish'], m.moderate_err_decision),
	/** hide: the public reason; keep: the answer to the reporters; publish: optional */
	reason: note
});

export const ScreenInput = v.object({
	decision: v.picklist(['accept', 'decline', 'merge'], m.topic_err_decision),
	reason: note,
	mergeIntoId: v.optional(v.unknown())
});

export const ProgressInput = v.object({
	toStatus: v.picklist(TOPIC_STATUSES, m.topic_err_status),
	note
});

export const ListInput = v.object({
	status: v.optional(v.picklist(TOPIC_STATUSES, m.topic_err_status)),
	estateId: optionalId,
	category: v.optional(v.picklist(TOPIC_CATEGORIES, m.topic_err_category)),
	q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, m.err_invalid_input)), ''),
	page: v.optional(
		v.pipe(
			v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number))], m.err_invalid_input),
			v.integer(m.err_invalid_input),
			v.minValue(1, m.err_invalid_input)
		),
		1
	)
});

export const ThresholdInput = v.object({
	secondThreshold: v.pipe(
		v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,6}$/), v.transform(Number))], m.topic_err_threshold),
		v.integer(m.topic_err_threshold),
		v.minValue(1, m.topic_err_threshold),
		v.maxValue(THRESHOLD_MAX, m.topic_err_threshold)
	)
});

export interface ListFilter {
	status?: TopicStatus;
	estateId?: number;
	category?: (typeof TOPIC_CATEGORIES)[number];
	q?: string;
	page?: number;
}

export const invalid = (fields: Record<string, string>) => new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);
