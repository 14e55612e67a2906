import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { apiError } from '$lib/server/http/api';
import { connection, ping } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * For load balancers and monitoring: 200 when this instance can reach its database, 503 otherwise (it keeps
 * running and answers 200 again as soon as the database is back; postgres.js reconnects by itself).
 */
export const GET: RequestHandler = async () => {
	try {
		await ping();
		return json({ status: 'ok', database: (await connection()).kind }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return apiError(503, 'database_unavailable', m.err_server());
	}
};
