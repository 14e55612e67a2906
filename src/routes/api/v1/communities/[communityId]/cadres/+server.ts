import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => (await ratings.cadres(locals.user, idParam(params.communityId))).cadres);

export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await ratings.createCadre(locals.user, idParam(params.communityId), await readJson(request)), { status: 201 })
);
