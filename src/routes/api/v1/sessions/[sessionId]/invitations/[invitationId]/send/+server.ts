import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** texts the invitation letter with its unused link to the phone on the invitation; sending again sends the same link */
export const POST: RequestHandler = api(async ({ locals, params, url }) =>
	sessions.sendLetter(locals.user, idParam(params.sessionId), idParam(params.invitationId), url.origin)
);
