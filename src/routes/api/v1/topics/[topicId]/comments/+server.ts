import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** body: {body} */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await topics.comment(locals.user, idParam(params.topicId), await readJson(request)), { status: 201 })
);
