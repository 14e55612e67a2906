import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => sessions.list(locals.user, idParam(params.communityId)));

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const session = await sessions.create(locals.user, idParam(params.communityId), await readJson(request));
	return new Response(JSON.stringify(session), { status: 201, headers: { 'content-type': 'application/json' } });
});
