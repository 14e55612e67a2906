import { api, idParam, readJson } from '$lib/server/http/api';
import * as resolutions from '$lib/server/resolutions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => resolutions.get(locals.user, idParam(params.resolutionId)));

/** corrects `{text, responsibleName, responsibleUserId?, deadline}` (committee) */
export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
	await resolutions.update(locals.user, idParam(params.resolutionId), await readJson(request));
	return resolutions.get(locals.user, idParam(params.resolutionId));
});
