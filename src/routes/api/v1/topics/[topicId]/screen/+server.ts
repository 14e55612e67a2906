import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** body: {decision: 'accept'|'decline'|'merge', reason?, mergeIntoId?} */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	topics.screen(locals.user, idParam(params.topicId), await readJson(request))
);
