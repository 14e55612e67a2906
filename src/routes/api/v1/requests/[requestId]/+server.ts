import { api, idParam } from '$lib/server/http/api';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => requests.get(locals.user, idParam(params.requestId)));
