/**
 * An inbox item's words, made when it is read from its kind and params, in the reader's language (the request's
 * locale; outside a request, such as a delivery job later, the base language, Chinese). Codes in the params (a
 * topic status, a request step and colour) are named here too, so they follow the language as well.
 */
import { m } from '$lib/paraglide/messages';
import type { Colour } from '$lib/domain/request-clock';
import { statusName } from '$lib/labels/topics';
import { colourShort, reqCategoryName, updateKindName } from '$lib/labels/requests';
import { shanghaiDate, shanghaiTime } from '$lib/time';
import type { InboxParams, TopicStatus } from '../db/schema';

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

export function render(kind: string, p: InboxParams): { title: string; body: string } {
	const title = text(p.title);
	switch (kind) {
		case 'topic_status': {
			const status = statusName(text(p.status) as TopicStatus);
			return {
				title: m.inbox_topic_status_title(),
				body: join(m.inbox_topic_status_body({ title, status }), p.note ? m.inbox_note({ note: text(p.note) }) : '')
			};
		}
		case 'comment_reply':
			return {
				title: p.official ? m.inbox_topic_answer_title() : m.inbox_comment_reply_title(),
				body: join(m.inbox_comment_reply_body({ title }), text(p.text))
			};
		case 'comment_moderated':
			return {
				title: p.decision === 'hide' ? m.inbox_comment_hidden_title() : p.decision === 'publish' ? m.inbox_comment_published_title() : m.inbox_comment_kept_title(),
				body: join(m.inbox_comment_reply_body({ title }), text(p.text))
			};
		case 'vote_opened':
			return {
				title: p.voteKind === 'binding' ? m.inbox_vote_opened_binding_title() : m.inbox_vote_opened_poll_title(),
				body: join(m.inbox_vote_opened_body({ title }), p.closesAt ? m.inbox_vote_opened_until({ time: shanghaiTime(text(p.closesAt)) }) : '')
			};
		case 'meeting_notice':
			return {
				title: m.inbox_meeting_notice_title(),
				body: m.inbox_meeting_notice_body({ title, days: 15, date: p.noticedAt ? shanghaiDate(text(p.noticedAt)) : '' })
			};
		case 'vote_result':
			return {
				title: m.inbox_vote_result_title(),
				body:
					p.passed === true
						? m.inbox_vote_result_passed({ title })
						: p.passed === false
							? m.inbox_vote_result_failed({ title })
							: m.inbox_vote_result_poll({ title })
			};
		case 'request_update': {
			const stepName = updateKindName(text(p.step));
			const step =
				(p.step === 'accepted' || p.step === 'classified') && p.colour
					? m.inbox_request_colour({ step: stepName, colour: colourShort(text(p.colour) as Colour) })
					: stepName;
			return {
				title: m.inbox_request_title({ id: text(p.id) }),
				body: join(m.inbox_request_body({ category: reqCategoryName(text(p.category)), step }), text(p.text))
			};
		}
		default:
			// a kind this version does not know (written by a newer one during a rolling update)
			return { title: m.inbox_other_title(), body: title };
	}
}
