import { api, idParam, readJson } from '$lib/server/http/api';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

/** a verified resident's ratings; a cadre rated again replaces the earlier rating. With `phone`, a committee member enters a paper form. */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const body = await readJson(request);
	const roundId = idParam(params.roundId);
	const isPaper = !!body && typeof body === 'object' && 'phone' in body;
	return isPaper ? ratings.enterPaper(locals.user, roundId, body) : ratings.rate(locals.user, roundId, body);
});
