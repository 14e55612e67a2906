import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params }) => sessions.end(locals.user, idParam(params.sessionId)));
