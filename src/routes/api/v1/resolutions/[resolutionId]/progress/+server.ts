import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as resolutions from '$lib/server/resolutions';
import type { RequestHandler } from './$types';

/** `{on?: "YYYY-MM-DD", note, done?: boolean}` by the committee or the responsible person */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await resolutions.addProgress(locals.user, idParam(params.resolutionId), await readJson(request)), { status: 201 })
);
