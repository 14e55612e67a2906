import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => ({ venues: await sessions.venues(locals.user, idParam(params.communityId)) }));

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const venue = await sessions.createVenue(locals.user, idParam(params.communityId), await readJson(request));
	return new Response(JSON.stringify(venue), { status: 201, headers: { 'content-type': 'application/json' } });
});
