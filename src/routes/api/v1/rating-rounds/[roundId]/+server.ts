import { api, idParam } from '$lib/server/http/api';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

/** the round, its cadres, the caller's own current ratings (only they can see them) and, once visible, the aggregates */
export const GET: RequestHandler = api(async ({ locals, params }) => ratings.view(locals.user, idParam(params.roundId)));
