import { api, idParam, readOptionalJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	sessions.start(locals.user, idParam(params.sessionId), await readOptionalJson(request))
);
