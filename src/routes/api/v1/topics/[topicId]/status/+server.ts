import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** body: {toStatus, note?}: the committee moves an accepted topic on */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	topics.progress(locals.user, idParam(params.topicId), await readJson(request))
);
