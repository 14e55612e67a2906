/**
 * The ceiling the ballot API is compared with: a bare Node HTTP server that does nothing but read the JSON
 * body and run the same single ballot insert with postgres.js (the head key looked up from the frozen roll in
 * the same statement, the same way as the app: by the roll's primary key from the unit's owner, checked to hold the unit), with the app's pool size. No sign-in, no checks, no audit: what the hardware and
 * PostgreSQL allow.   env: DATABASE_URL, PORT, VOTE_ID, COMMUNITY_ID, USER_ID, DATABASE_POOL (default 10)
 */
import http from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, { max: Number(process.env.DATABASE_POOL ?? 10), onnotice: () => {} });
const voteId = Number(process.env.VOTE_ID);
const communityId = Number(process.env.COMMUNITY_ID);
const userId = Number(process.env.USER_ID);

const server = http.createServer((req, res) => {
	if (req.method !== 'POST') {
		res.writeHead(200).end('ok');
		return;
	}
	let body = '';
	req.setEncoding('utf8');
	req.on('data', (d) => (body += d));
	req.on('end', async () => {
		try {
			const { unitId, choice, method } = JSON.parse(body);
			const [row] = await sql`
				insert into vote_ballot (community_id, vote_id, head_key, unit_id, choice, method, recorded_by_id)
				select ${communityId}, ${voteId}, r.head_key, ${unitId}, ${choice}, ${method}, ${userId}
				from unit u join vote_roll r on r.vote_id = ${voteId}
					and r.head_key = case when u.developer then 'developer' else 'o:' || u.owner_key end
					and r.unit_ids @> array[${unitId}::int]
				where u.id = ${unitId}
				returning id`;
			res.writeHead(row ? 201 : 400, { 'content-type': 'application/json' }).end(JSON.stringify(row ? { id: row.id, changed: false } : {}));
		} catch (e) {
			res.writeHead(e?.code === '23505' ? 409 : 500).end(String(e?.message ?? e));
		}
	});
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => sql.end({ timeout: 2 }).then(() => process.exit(0))));
