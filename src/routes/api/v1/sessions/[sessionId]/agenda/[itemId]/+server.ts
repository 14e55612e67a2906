import * as v from 'valibot';
import { api, idParam, readJson } from '$lib/server/http/api';
import { parseInput } from '$lib/server/http/validate';
import * as sessions from '$lib/server/sessions';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

const moveSchema = v.object({ direction: v.picklist(['up', 'down'], m.err_invalid_input) });

/** moves the item one place up or down */
export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
	const { direction } = parseInput(moveSchema, await readJson(request));
	await sessions.moveAgendaItem(locals.user, idParam(params.sessionId), idParam(params.itemId), direction);
	return { ok: true };
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await sessions.removeAgendaItem(locals.user, idParam(params.sessionId), idParam(params.itemId));
	return { ok: true };
});
