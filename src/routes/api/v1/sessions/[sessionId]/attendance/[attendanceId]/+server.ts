import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await sessions.unmark(locals.user, idParam(params.sessionId), idParam(params.attendanceId));
	return { ok: true };
});
