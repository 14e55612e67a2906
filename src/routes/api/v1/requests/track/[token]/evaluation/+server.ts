import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http/api';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }) =>
	json(await requests.evaluateByToken(params.token, await readJson(request)), { status: 201 })
);
