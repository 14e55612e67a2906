import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** the committee's decision: body {decision: hide|keep|publish, reason} */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	topics.moderate(locals.user, idParam(params.commentId), await readJson(request))
);
