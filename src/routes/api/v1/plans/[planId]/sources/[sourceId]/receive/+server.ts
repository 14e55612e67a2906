import { api, idParam, readOptionalJson } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** the body is optional: `{reference}` is the receipt or bank slip number */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const input = await readOptionalJson(request);
	await plans.receiveSource(locals.user, idParam(params.planId), idParam(params.sourceId), input);
	return { ok: true };
});
