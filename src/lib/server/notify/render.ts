/**
 * An inbox item's words, made when it is read from its kind and params, in the reader's language (the request's
 * locale; outside a request, such as a delivery job later, the base language, Chinese). Codes in the params (a
 * topic status, a request step and colour) are named here too, so they follow the language as well.
 */
import { m } from '$lib/paraglide/messages';
import type { Colour } from '$lib/domain/request-clock';
import { statusName } from '$lib/labels/topics';
import { colourShort, reqCategoryName, updateKindName } from '$lib/labels/requests';
import { yuan } from '$lib/labels/money';
import { shanghaiDate, shanghaiTime } from '$lib/time';
import type { InboxParams, TopicStatus } from '../db/schema';

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

/** an amount in fen as 元, or a dash where the item does not carry one (the channel page shows each kind's title) */
const money = (v: unknown) => {
	const fen = Number(v);
	return Number.isSafeInteger(fen) ? yuan(fen) : '—';
};

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
		case 'vote_closing':
			return { title: m.inbox_vote_closing_title(), body: m.inbox_vote_closing_body({ title, time: shanghaiTime(text(p.closesAt)) }) };
		case 'vote_preliminary':
			return {
				title: m.inbox_vote_preliminary_title(),
				body: join(
					p.passed ? m.inbox_vote_preliminary_passed({ title }) : m.inbox_vote_preliminary_failed({ title }),
					p.objectionEndsAt ? m.inbox_vote_preliminary_window({ time: shanghaiTime(text(p.objectionEndsAt)) }) : ''
				)
			};
		case 'session_published':
		case 'session_changed':
		case 'session_cancelled':
		case 'session_reminder': {
			const words = { title, time: shanghaiTime(text(p.startsAt)), place: text(p.place) || m.inbox_place_unknown() };
			if (kind === 'session_published') return { title: m.inbox_session_published_title(), body: m.inbox_session_published_body(words) };
			if (kind === 'session_changed') return { title: m.inbox_session_changed_title(), body: m.inbox_session_changed_body(words) };
			if (kind === 'session_reminder') return { title: m.inbox_session_reminder_title(), body: m.inbox_session_reminder_body(words) };
			return {
				title: m.inbox_session_cancelled_title(),
				body: join(m.inbox_session_cancelled_body(words), p.reason ? m.inbox_note({ note: text(p.reason) }) : '')
			};
		}
		case 'minutes_published':
			return {
				title: m.inbox_minutes_title(),
				body: join(m.inbox_minutes_body({ title }), Number(p.version) > 1 ? m.inbox_minutes_corrected({ version: text(p.version) }) : '')
			};
		case 'plan_published':
			return { title: m.inbox_plan_published_title(), body: m.inbox_plan_published_body({ title }) };
		case 'plan_bill':
			return { title: m.inbox_plan_bill_title(), body: m.inbox_plan_bill_body({ title, amount: money(p.amountFen) }) };
		case 'plan_payment':
			return {
				title: m.inbox_plan_payment_title(),
				body: m.inbox_plan_payment_body({ title, amount: money(p.amountFen), receipt: text(p.receiptNo) || '—' })
			};
		case 'rating_opened':
		case 'rating_closing': {
			const words = { year: text(p.year), quarter: text(p.quarter), time: shanghaiTime(text(p.closesAt)) };
			return kind === 'rating_opened'
				? { title: m.inbox_rating_opened_title(), body: m.inbox_rating_opened_body(words) }
				: { title: m.inbox_rating_closing_title(), body: m.inbox_rating_closing_body(words) };
		}
		case 'resolution_late':
			return { title: m.inbox_resolution_late_title(), body: m.inbox_resolution_late_body({ title, deadline: text(p.deadline) }) };
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
