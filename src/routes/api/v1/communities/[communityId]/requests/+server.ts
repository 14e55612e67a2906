import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

/** handlers get the desk, anyone else their own requests */
export const GET: RequestHandler = api(async ({ locals, params, url }) =>
	requests.desk(locals.user, idParam(params.communityId), { status: url.searchParams.get('status') ?? undefined })
);

/** reporting needs no account: without one, reporterPhone is required */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const input = await readJson(request);
	return json(await requests.report(locals.user, idParam(params.communityId), input, requests.photosFromJson(input)), { status: 201 });
});
