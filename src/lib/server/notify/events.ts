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
import { commentAuthor, readersOnly, requestPeople, scopeOwners, topicPeople, voteRoll, voteRollAndFollowers, type RollOf } from './audience';

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
	await tx.execute(statement(event));
	await queueDeliveries(tx, delivery(event).eventKey);
}

/** the one INSERT … SELECT that writes an event's items */
export function statement(event: InboxEvent): SQL {
	const d = delivery(event);
	const i = table.inboxItem;
	return sql`
		insert into ${i} (user_id, community_id, kind, params, link, event_key)
		select p.user_id, ${d.communityId}::int, ${d.kind}, ${JSON.stringify(d.params)}::jsonb, ${d.link}, ${d.eventKey}
		from (select distinct x.user_id from (${d.people}) x where x.user_id is not null and x.user_id is distinct from ${event.actorId}::int) p
		on conflict (user_id, event_key) do nothing`;
}
