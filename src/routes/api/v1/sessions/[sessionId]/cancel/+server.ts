import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	sessions.cancel(locals.user, idParam(params.sessionId), await readJson(request))
);
