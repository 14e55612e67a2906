import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** a signed-in resident answers (invited by name, or any verified resident of an open session) */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	sessions.rsvpAsUser(locals.user, idParam(params.sessionId), await readJson(request))
);
