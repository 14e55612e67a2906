import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => sessions.liveState(locals.user, idParam(params.sessionId)));
