import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => sessions.attendance(locals.user, idParam(params.sessionId)));

/** the committee marks someone present: `{invitationId}` or `{name, role, organisation}` */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const row = await sessions.mark(locals.user, idParam(params.sessionId), await readJson(request));
	return new Response(JSON.stringify(row), { status: 201, headers: { 'content-type': 'application/json' } });
});
