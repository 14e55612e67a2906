import { json } from '@sveltejs/kit';
import { api, idParam } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** 201 on the first second; 409 on a repeat */
export const POST: RequestHandler = api(async ({ locals, params }) =>
	json(await topics.second(locals.user, idParam(params.topicId)), { status: 201 })
);
