import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** body: {reason, note?} */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await topics.report(locals.user, idParam(params.commentId), await readJson(request)), { status: 201 })
);
