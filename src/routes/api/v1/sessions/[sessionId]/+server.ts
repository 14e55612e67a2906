import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => sessions.get(locals.user, idParam(params.sessionId)));

export const PATCH: RequestHandler = api(async ({ locals, params, request }) =>
	sessions.update(locals.user, idParam(params.sessionId), await readJson(request))
);
