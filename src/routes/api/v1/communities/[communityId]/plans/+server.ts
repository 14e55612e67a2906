import { api, idParam, readJson } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	const topic = url.searchParams.get('topicId');
	return plans.list(locals.user, idParam(params.communityId), topic ? idParam(topic) : undefined);
});

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const out = await plans.create(locals.user, idParam(params.communityId), await readJson(request));
	return new Response(JSON.stringify(out), { status: 201, headers: { 'content-type': 'application/json' } });
});
