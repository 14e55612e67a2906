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
import { requestPeople, topicPeople, voteRoll, voteRollAndFollowers, type RollOf } from './audience';

interface Who {
	/** the person who caused the event (gets no item), or null when the system did (a vote closing on time) */
	actorId: number | null;
}

export type InboxEvent = Who &
	(
		| { kind: 'topic_status'; topic: { id: number; communityId: number; title: string }; status: TopicStatus; note?: string }
		| { kind: 'vote_opened'; vote: RollOf & { title: string; closesAt: Date | null } }
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
		case 'vote_result': {
			const v = e.vote;
			const passed = v.kind === 'binding' ? (v.result as { passed?: boolean } | null)?.passed === true : null;
			return {
				communityId: v.communityId,
				kind: e.kind,
				params: { title: v.title, voteKind: v.kind, passed },
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
