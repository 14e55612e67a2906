import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** withdraws the invitation: its link stops working */
export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await sessions.revoke(locals.user, idParam(params.sessionId), idParam(params.invitationId));
	return { ok: true };
});
