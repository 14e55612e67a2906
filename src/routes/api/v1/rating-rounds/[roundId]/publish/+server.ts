import { api, idParam } from '$lib/server/http/api';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params }) => {
	await ratings.publish(locals.user, idParam(params.roundId));
	return ratings.results(locals.user, idParam(params.roundId));
});
