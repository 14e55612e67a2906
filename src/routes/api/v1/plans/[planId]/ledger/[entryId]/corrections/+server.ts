import { api, idParam, readJson } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** a correction: a new entry naming the one it corrects (entries are never edited) */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	plans.correct(locals.user, idParam(params.planId), idParam(params.entryId), await readJson(request))
);
