import { api, idParam } from '$lib/server/http/api';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => ratings.own(locals.user, idParam(params.communityId)));
