import { api, idParam } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** the committee's queue: reported comments and comments waiting for review */
export const GET: RequestHandler = api(async ({ locals, params }) => topics.queue(locals.user, idParam(params.communityId)));
