import { api, idParam } from '$lib/server/http/api';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params, url }) =>
	requests.board(locals.user, idParam(params.communityId), url.searchParams.get('month') || requests.currentMonth())
);
