import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => minutes.records(locals.user, idParam(params.sessionId)));

/** the secretary records `{agendaItemId, speaker, speakerRole?, point}` */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await minutes.addRecord(locals.user, idParam(params.sessionId), await readJson(request)), { status: 201 })
);
