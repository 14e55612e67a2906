import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** the signed-in user checks themselves in (once) */
export const POST: RequestHandler = api(async ({ locals, params }) => {
	const row = await sessions.checkIn(locals.user, idParam(params.sessionId));
	return new Response(JSON.stringify(row), { status: 201, headers: { 'content-type': 'application/json' } });
});
