import { api, idParam, readJson } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** corrects it while the plan is a draft */
export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
	await plans.updateItem(locals.user, idParam(params.planId), idParam(params.itemId), await readJson(request));
	return { ok: true };
});

/** removes it while the plan is a draft */
export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await plans.removeItem(locals.user, idParam(params.planId), idParam(params.itemId));
	return { ok: true };
});
