import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as resolutions from '$lib/server/resolutions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => resolutions.ofSession(locals.user, idParam(params.sessionId)));

/** `{text, responsibleName, responsibleUserId?, deadline: "YYYY-MM-DD", agendaItemId?}` */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await resolutions.create(locals.user, idParam(params.sessionId), await readJson(request)), { status: 201 })
);
