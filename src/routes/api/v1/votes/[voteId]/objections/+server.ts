import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => votes.objections(locals.user, idParam(params.voteId)));

export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await votes.object(locals.user, idParam(params.voteId), await readJson(request)), { status: 201 })
);
