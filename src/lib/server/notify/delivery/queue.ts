/**
 * queueDeliveries(tx, eventKey): in the transaction that wrote an event's inbox items, one delivery row per item
 * and channel the person chose for that kind of event, by one INSERT … SELECT. The row is the idempotency key
 * (event_key, user_id, channel): telling the event again, or a worker restarted after a crash, finds it there and
 * adds nothing. The worker (worker.ts) hands queued rows to the job queue and sends them.
 *
 * The join starts from the choices (few people choose more than the inbox) and finds each one's item through the
 * inbox's unique (user_id, event_key) index, so a vote over 100,000 units with no choices costs nothing here.
 */
import { sql } from 'drizzle-orm';
import type { DB, Tx } from '../../db';

export async function queueDeliveries(tx: Tx | DB, eventKey: string): Promise<void> {
	await tx.execute(sql`
		insert into delivery (event_key, user_id, channel, community_id, kind, params, link, status)
		select i.event_key, i.user_id, c.channel, i.community_id, i.kind, i.params, i.link,
			case when s.digest then 'digest' else 'queued' end
		from channel_choice c
		join inbox_item i on i.user_id = c.user_id and i.event_key = ${eventKey} and i.kind = c.kind
		left join channel_setting s on s.user_id = c.user_id
		on conflict (event_key, user_id, channel) do nothing`);
}
