import { api, idParam } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) =>
	minutes.version(locals.user, idParam(params.sessionId), idParam(params.version))
);
