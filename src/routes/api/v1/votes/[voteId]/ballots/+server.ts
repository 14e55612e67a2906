import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

/** committee only: who voted what (binding), who took part (polls) */
export const GET: RequestHandler = api(async ({ locals, params }) => votes.ballots(locals.user, idParam(params.voteId)));

/**
 * 201 for a new ballot, 200 when a changeable poll ballot was replaced, 409 when this owner/household has voted.
 * (The production server's fast lane, votes/fast-lane.ts, records a committee member's JSON paper ballot before
 * this route sees it; what it does not record comes here and is answered as if there were no lane.)
 */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const out = await votes.cast(locals.user, idParam(params.voteId), await readJson(request));
	return json(out, { status: out.changed ? 200 : 201 });
});
