import { json } from '@sveltejs/kit';
import { api, idParam } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => minutes.confirmations(locals.user, idParam(params.sessionId)));

/** a signed-in participant who checked in confirms the latest version */
export const POST: RequestHandler = api(async ({ locals, params }) =>
	json(await minutes.confirm(locals.user, idParam(params.sessionId)), { status: 201 })
);
