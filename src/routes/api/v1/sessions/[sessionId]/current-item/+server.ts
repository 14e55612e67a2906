import { api, idParam, readJson } from '$lib/server/http/api';
import { parseInput } from '$lib/server/http/validate';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** the agenda item under discussion now (null: none), shown on the live board */
export const PUT: RequestHandler = api(async ({ locals, params, request }) => {
	const { itemId } = parseInput(sessions.currentItemSchema, await readJson(request));
	await sessions.setCurrentItem(locals.user, idParam(params.sessionId), itemId);
	return { ok: true };
});
