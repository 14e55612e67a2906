/**
 * The floor's one form action: what an owner's online binding ballot needs at the least. The session cookie is read
 * with one query (the session, unexpired, and its owner's verified unit), then the same insert as the app's (the
 * head key from the frozen roll by its primary key, checked to hold the unit). No locale, no audit, no page data.
 * env: DATABASE_URL, FLOOR_VOTE_ID, FLOOR_COMMUNITY_ID, DATABASE_POOL (default 10, as the app)
 */
import { createHash } from 'node:crypto';
import { fail } from '@sveltejs/kit';
import postgres from 'postgres';

/** @type {import('postgres').Sql | undefined} */
let client;
const sql = () => (client ??= postgres(process.env.DATABASE_URL ?? '', { max: Number(process.env.DATABASE_POOL ?? 10), onnotice: () => {} }));

/** @type {Record<string, (event: import('@sveltejs/kit').RequestEvent) => Promise<unknown>>} */
export const actions = {
	cast: async ({ cookies, request }) => {
		const data = await request.formData();
		const choice = String(data.get('choice') ?? '');
		const token = cookies.get('yst_session');
		if (!token) return fail(401, { message: 'signed out' });
		const voteId = Number(process.env.FLOOR_VOTE_ID);
		const communityId = Number(process.env.FLOOR_COMMUNITY_ID);
		const [me] = await sql()`
			select s.user_id, m.unit_id from session s
				join membership m on m.user_id = s.user_id and m.community_id = ${communityId} and m.role = 'owner' and m.status = 'verified'
			where s.id = ${createHash('sha256').update(token).digest('hex')} and s.expires_at > now()`;
		if (!me) return fail(401, { message: 'signed out' });
		const [row] = await sql()`
			insert into vote_ballot (community_id, vote_id, head_key, unit_id, choice, method, voter_id)
			select ${communityId}, ${voteId}, r.head_key, u.id, ${choice}, 'online', ${me.user_id}
			from unit u join vote_roll r on r.vote_id = ${voteId}
				and r.head_key = case when u.developer then 'developer' else 'o:' || u.owner_key end
				and r.unit_ids @> array[u.id]
			where u.id = ${me.unit_id}
			returning id`;
		if (!row) return fail(403, { message: 'not on the roll' });
		return { id: row.id };
	}
};
