import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => votes.list(locals.user, idParam(params.communityId)));

export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await votes.create(locals.user, idParam(params.communityId), await readJson(request)), { status: 201 })
);
