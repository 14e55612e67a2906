import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** ?status=&estateId=&category=&q=&page= */
export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	const { community, ...page } = await topics.list(locals.user, idParam(params.communityId), Object.fromEntries(url.searchParams));
	return { community: { id: community.id, name: community.name, secondThreshold: community.secondThreshold }, ...page };
});

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const created = await topics.propose(locals.user, idParam(params.communityId), await readJson(request));
	return json(created, { status: 201, headers: { location: `/api/v1/topics/${created.id}` } });
});
