import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as resolutions from '$lib/server/resolutions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => resolutions.evaluations(locals.user, idParam(params.topicId)));

/** a verified resident evaluates a done topic once: `{choice: "satisfied"|"basically"|"dissatisfied", comment?}` */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await resolutions.evaluate(locals.user, idParam(params.topicId), await readJson(request)), { status: 201 })
);
