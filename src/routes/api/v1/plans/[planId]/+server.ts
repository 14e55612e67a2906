import { api, idParam, readJson } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => plans.view(locals.user, idParam(params.planId)));

/** a draft's terms */
export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
	await plans.update(locals.user, idParam(params.planId), await readJson(request));
	return plans.view(locals.user, idParam(params.planId));
});
