import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const item = await sessions.addAgendaItem(locals.user, idParam(params.sessionId), await readJson(request));
	return new Response(JSON.stringify(item), { status: 201, headers: { 'content-type': 'application/json' } });
});
