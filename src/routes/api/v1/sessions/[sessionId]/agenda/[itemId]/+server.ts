import { api, idParam, readJson } from '$lib/server/http/api';
import { parseInput } from '$lib/server/http/validate';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** moves the item one place up or down */
export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
	const { direction } = parseInput(sessions.moveSchema, await readJson(request));
	await sessions.moveAgendaItem(locals.user, idParam(params.sessionId), idParam(params.itemId), direction);
	return { ok: true };
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await sessions.removeAgendaItem(locals.user, idParam(params.sessionId), idParam(params.itemId));
	return { ok: true };
});
