/**
 * notify(tx, event): the people an event concerns get one inbox item each, written by one INSERT … SELECT inside
 * the transaction that made the change, so the item exists exactly when the change does. The person who caused
 * it gets none. (user_id, event_key) is unique: telling the same event again adds nothing.
 *
 * The channels a person chose (SMS, email, WeChat) get a delivery row each from these same rows, in the same
 * transaction (delivery/queue.ts); the delivery worker sends them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DB, Tx } from '../db';
import * as table from '../db/schema';
import type { InboxKind, InboxParams, TopicStatus } from '../db/schema';
import { queueDeliveries } from './delivery/queue';
import {
	attendees,
	commentAuthor,
	attendingInvitations,
	listed,
	notVoted,
	payers,
	planBills,
	planPeople,
	readersOnly,
	requestPeople,
	residents,
	resolutionPeople,
	scopeOwners,
	sessionInvitations,
	sessionPeople,
	topicPeople,
	voteRoll,
	voteRollAndFollowers,
	type RollOf,
	type SessionOf
} from './audience';
import type { ScopeOf } from '../places';

type SessionEvent = SessionOf & { title: string; startsAt: Date; place: string };
type PlanOf = ScopeOf & { id: number; communityId: number; title: string; collection: string };

interface Who {
	/** the person who caused the event (gets no item), or null when the system did (a vote closing on time) */
	actorId: number | null;
}

export type InboxEvent = Who &
	(
		| { kind: 'topic_status'; topic: { id: number; communityId: number; title: string }; status: TopicStatus; note?: string }
		| {
				kind: 'comment_reply';
				topic: { id: number; communityId: number; title: string };
				commentId: number;
				/** a reply tells the author of the comment it answers; the committee's official answer tells the topic's people */
				parentAuthorId: number | null;
				official: boolean;
				body: string;
		  }
		| {
				kind: 'comment_moderated';
				topic: { id: number; communityId: number; title: string };
				commentId: number;
				decision: 'hide' | 'keep' | 'publish';
				reason: string;
				/** the author (hidden or published) or the reporters (hidden or kept) */
				to: number[];
				/** which round of the comment's review (its last edit), so a comment hidden again after an edit is told again */
				round: number;
		  }
		| { kind: 'vote_opened'; vote: RollOf & { title: string; closesAt: Date | null } }
		| { kind: 'meeting_notice'; vote: RollOf & { title: string; noticedAt: Date | null } }
		| { kind: 'vote_result'; vote: RollOf & { title: string; result: Record<string, unknown> | null } }
		| { kind: 'vote_closing'; vote: RollOf & { title: string; closesAt: Date | null } }
		| { kind: 'vote_preliminary'; vote: RollOf & { title: string; result: Record<string, unknown> | null; objectionEndsAt: Date | null } }
		| { kind: 'session_published' | 'session_reminder'; session: SessionEvent }
		/** `version`: what makes this change another event than the last one (the session's updatedAt) */
		| { kind: 'session_changed'; session: SessionEvent; version: number }
		| { kind: 'session_cancelled'; session: SessionEvent & { reason: string } }
		| { kind: 'minutes_published'; session: SessionOf & { title: string }; version: number }
		| { kind: 'plan_published' | 'plan_bill'; plan: PlanOf }
		| { kind: 'plan_payment'; plan: PlanOf; payment: { id: number; unitId: number | null; pledgeId: number | null; amountFen: number; receiptNo: string } }
		| { kind: 'rating_opened'; round: { id: number; communityId: number; year: number; quarter: number; closesAt: Date } }
		/** `raters`: the people to remind, chosen by the ratings domain (who has rated is known only through its keys) */
		| { kind: 'rating_closing'; round: { id: number; communityId: number; year: number; quarter: number; closesAt: Date }; people: number[] }
		| {
				kind: 'resolution_late';
				resolution: { id: number; communityId: number; sessionId: number; topicId: number | null; responsibleUserId: number | null; text: string; deadline: string };
		  }
		| {
				kind: 'request_update';
				request: { id: number; communityId: number; category: string; colour: string | null };
				/** the request_update row this tells about, and its kind (accepted, dispatched, closed…) */
				updateId: number;
				step: string;
				/** the handler's note or result as the reporter reads it on the request */
				text?: string;
		  }
	);

interface Delivery {
	communityId: number;
	kind: InboxKind;
	params: InboxParams;
	link: string;
	eventKey: string;
	people: SQL;
	/** people carries a second column, extra (jsonb), merged into each person's params (a bill's amount) */
	perPerson?: boolean;
	/** invitations without an account that hear of it too, on their link's page (one column, invitation_id) */
	invitations?: SQL;
}

/** an excerpt short enough for a list; the page it links to has the whole text */
const excerpt = (s: string | undefined, max = 140) => {
	const text = (s ?? '').replace(/\s+/g, ' ').trim();
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

function delivery(e: InboxEvent): Delivery {
	switch (e.kind) {
		case 'topic_status': {
			const t = e.topic;
			return {
				communityId: t.communityId,
				kind: e.kind,
				params: { title: t.title, status: e.status, note: excerpt(e.note) },
				link: `/c/${t.communityId}/topics/${t.id}`,
				// a topic reaches each status at most once (the status table only moves forward)
				eventKey: `topic:${t.id}:status:${e.status}`,
				people: topicPeople(t.id, t.communityId)
			};
		}
		case 'comment_reply': {
			const t = e.topic;
			return {
				communityId: t.communityId,
				kind: e.kind,
				params: { title: t.title, official: e.official, text: excerpt(e.body) },
				link: `/c/${t.communityId}/topics/${t.id}#comment-${e.commentId}`,
				eventKey: `comment:${e.commentId}:reply`,
				people: e.parentAuthorId !== null ? commentAuthor(e.parentAuthorId, t.communityId) : topicPeople(t.id, t.communityId)
			};
		}
		case 'comment_moderated': {
			const t = e.topic;
			return {
				communityId: t.communityId,
				kind: e.kind,
				params: { title: t.title, decision: e.decision, text: excerpt(e.reason) },
				link: `/c/${t.communityId}/topics/${t.id}#comment-${e.commentId}`,
				eventKey: `comment:${e.commentId}:${e.decision}:${e.round}`,
				people: readersOnly(sql`select unnest(${`{${e.to.join(',')}}`}::int[]) as user_id`, t.communityId)
			};
		}
		case 'vote_opened': {
			const v = e.vote;
			return {
				communityId: v.communityId,
				kind: e.kind,
				params: { title: v.title, voteKind: v.kind, closesAt: v.closesAt?.toISOString() ?? null },
				link: `/c/${v.communityId}/votes/${v.id}`,
				eventKey: `vote:${v.id}:opened`,
				people: voteRoll(v)
			};
		}
		case 'meeting_notice': {
			const v = e.vote;
			return {
				communityId: v.communityId,
				kind: e.kind,
				params: { title: v.title, noticedAt: v.noticedAt?.toISOString() ?? null },
				link: `/c/${v.communityId}/votes/${v.id}`,
				eventKey: `vote:${v.id}:notice`,
				// the residents' committee is told too: it reads the vote in its community (the committee)
				people: scopeOwners(v)
			};
		}
		case 'vote_result': {
			const v = e.vote;
			// a meeting's matters and an election's candidates each have their own result: no single word for it
			const passed = (v.result as { passed?: boolean } | null)?.passed;
			
			return {
				communityId: v.communityId,
				kind: e.kind,
				params: { title: v.title, voteKind: v.kind, passed: v.kind === 'binding' && typeof passed === 'boolean' ? passed : null },
				link: `/c/${v.communityId}/votes/${v.id}`,
				eventKey: `vote:${v.id}:final`,
				people: voteRollAndFollowers(v)
			};
		}
		case 'vote_closing': {
			const v = e.vote;
			return {
				communityId: v.communityId,
				kind: e.kind,
				params: { title: v.title, voteKind: v.kind, closesAt: v.closesAt?.toISOString() ?? null },
				link: `/c/${v.communityId}/votes/${v.id}`,
				eventKey: `vote:${v.id}:closing`,
				people: notVoted(v)
			};
		}
		case 'vote_preliminary': {
			const v = e.vote;
			return {
				communityId: v.communityId,
				kind: e.kind,
				params: {
					title: v.title,
					passed: (v.result as { passed?: boolean } | null)?.passed === true,
					objectionEndsAt: v.objectionEndsAt?.toISOString() ?? null
				},
				link: `/c/${v.communityId}/votes/${v.id}`,
				eventKey: `vote:${v.id}:preliminary`,
				people: voteRollAndFollowers(v)
			};
		}
		case 'session_published':
		case 'session_reminder':
		case 'session_changed':
		case 'session_cancelled': {
			const s = e.session;
			const key =
				e.kind === 'session_published'
					? 'published'
					: e.kind === 'session_reminder'
						? // a session moved to another day is reminded of again
							`reminder:${s.startsAt.toISOString()}`
						: e.kind === 'session_changed'
							? `changed:${e.version}`
							: 'cancelled';
			return {
				communityId: s.communityId,
				kind: e.kind,
				params: {
					title: s.title,
					startsAt: s.startsAt.toISOString(),
					place: s.place,
					...(e.kind === 'session_cancelled' ? { reason: excerpt(e.session.reason) } : {})
				},
				link: `/c/${s.communityId}/sessions/${s.id}`,
				eventKey: `session:${s.id}:${key}`,
				people: sessionPeople(s),
				invitations: sessionInvitations(s.id)
			};
		}
		case 'minutes_published': {
			const s = e.session;
			return {
				communityId: s.communityId,
				kind: e.kind,
				params: { title: s.title, version: e.version },
				link: `/c/${s.communityId}/sessions/${s.id}/minutes`,
				eventKey: `minutes:${s.id}:v${e.version}`,
				people: attendees(s.id, s.communityId),
				invitations: attendingInvitations(s.id)
			};
		}
		case 'plan_published':
		case 'plan_bill': {
			const p = e.plan;
			const bill = e.kind === 'plan_bill';
			return {
				communityId: p.communityId,
				kind: e.kind,
				params: { title: p.title, collection: p.collection },
				link: `/c/${p.communityId}/plans/${p.id}`,
				eventKey: `plan:${p.id}:${bill ? 'bill' : 'published'}`,
				people: bill ? planBills(p.id, p.communityId) : planPeople(p),
				perPerson: bill
			};
		}
		case 'plan_payment': {
			const p = e.plan;
			return {
				communityId: p.communityId,
				kind: e.kind,
				params: { title: p.title, amountFen: e.payment.amountFen, receiptNo: e.payment.receiptNo },
				link: `/c/${p.communityId}/plans/${p.id}`,
				eventKey: `plan:${p.id}:payment:${e.payment.id}`,
				people: payers(e.payment.unitId, e.payment.pledgeId, p.communityId)
			};
		}
		case 'rating_opened':
		case 'rating_closing': {
			const r = e.round;
			return {
				communityId: r.communityId,
				kind: e.kind,
				params: { year: r.year, quarter: r.quarter, closesAt: r.closesAt.toISOString() },
				link: `/c/${r.communityId}/ratings/${r.id}`,
				eventKey: `rating:${r.id}:${e.kind === 'rating_opened' ? 'opened' : 'closing'}`,
				people: e.kind === 'rating_opened' ? residents(r.communityId) : listed(e.people)
			};
		}
		case 'resolution_late': {
			const r = e.resolution;
			return {
				communityId: r.communityId,
				kind: e.kind,
				params: { title: excerpt(r.text, 80), deadline: r.deadline },
				link: r.topicId ? `/c/${r.communityId}/topics/${r.topicId}` : `/c/${r.communityId}/sessions/${r.sessionId}/minutes`,
				eventKey: `resolution:${r.id}:late`,
				people: resolutionPeople(r)
			};
		}
		case 'request_update': {
			const r = e.request;
			return {
				communityId: r.communityId,
				kind: e.kind,
				params: { id: r.id, category: r.category, colour: r.colour, step: e.step, text: excerpt(e.text) },
				link: `/c/${r.communityId}/requests/${r.id}`,
				eventKey: `request:${r.id}:update:${e.updateId}`,
				people: requestPeople(r.id, r.communityId)
			};
		}
	}
}

/** writes the event's inbox items in the caller's transaction; one statement however many people it concerns */
export async function notify(tx: Tx | DB, event: InboxEvent): Promise<void> {
	const d = delivery(event);
	await tx.execute(statementOf(d, event.actorId));
	if (d.invitations) await tx.execute(inviteeStatement(d));
	await queueDeliveries(tx, d.eventKey);
}

/** the one INSERT … SELECT that writes an event's items */
export const statement = (event: InboxEvent): SQL => statementOf(delivery(event), event.actorId);

function statementOf(d: Delivery, actorId: number | null): SQL {
	const i = table.inboxItem;
	const params = JSON.stringify(d.params);
	const people = d.perPerson
		? sql`select distinct on (x.user_id) x.user_id, x.extra from (${d.people}) x where x.user_id is not null and x.user_id is distinct from ${actorId}::int`
		: sql`select distinct x.user_id, null::jsonb as extra from (${d.people}) x where x.user_id is not null and x.user_id is distinct from ${actorId}::int`;
	return sql`
		insert into ${i} (user_id, community_id, kind, params, link, event_key)
		select p.user_id, ${d.communityId}::int, ${d.kind}, ${params}::jsonb || coalesce(p.extra, '{}'::jsonb), ${d.link}, ${d.eventKey}
		from (${people}) p
		on conflict (user_id, event_key) do nothing`;
}

/** the items of invitees without an account; their link opens the session's invitation page, not the session */
function inviteeStatement(d: Delivery): SQL {
	const i = table.invitationInboxItem;
	return sql`
		insert into ${i} (invitation_id, community_id, kind, params, link, event_key)
		select distinct x.invitation_id, ${d.communityId}::int, ${d.kind}, ${JSON.stringify(d.params)}::jsonb, ${d.link}, ${d.eventKey}
		from (${d.invitations}) x where x.invitation_id is not null
		on conflict (invitation_id, event_key) do nothing`;
}
