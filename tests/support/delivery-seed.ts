/**
 * A community of `people` residents who each chose SMS for vote openings, and one event's inbox items and
 * deliveries written as notify() writes them (the same INSERT … SELECT), for the crash test and the bench.
 */
import postgres from 'postgres';

export async function seedDeliveries(sql: postgres.Sql, people: number, tag = 'bench'): Promise<{ eventKey: string; communityId: number }> {
	const [street] = await sql`insert into street (name) values (${`${tag}街道`}) returning id`;
	const [community] = await sql`insert into community (street_id, name) values (${street.id}, ${`${tag}社区`}) returning id`;
	const base = 15_000_000_000 + Math.floor(Math.random() * 900_000_000);
	const users = await sql<{ id: number }[]>`
		insert into "user" (phone, name, password_hash)
		select (${base}::bigint + g)::text, '居民' || g, 'x' from generate_series(1, ${people}) g returning id`;
	const ids = users.map((u) => u.id);
	await sql`insert into channel_choice (user_id, kind, channel) select unnest(${ids}::int[]), 'vote_opened', 'sms'`;
	const eventKey = `${tag}:vote:${Date.now()}:opened`;
	await sql.begin(async (tx) => {
		await tx`insert into inbox_item (user_id, community_id, kind, params, link, event_key)
			select unnest(${ids}::int[]), ${community.id}, 'vote_opened', ${sql.json({ title: '加装电梯', voteKind: 'poll', closesAt: null })}, '/c/1/votes/1', ${eventKey}`;
		await tx`insert into delivery (event_key, user_id, channel, community_id, kind, params, link, status)
			select i.event_key, i.user_id, c.channel, i.community_id, i.kind, i.params, i.link, 'queued'
			from channel_choice c join inbox_item i on i.user_id = c.user_id and i.event_key = ${eventKey} and i.kind = c.kind
			on conflict do nothing`;
	});
	return { eventKey, communityId: community.id };
}
