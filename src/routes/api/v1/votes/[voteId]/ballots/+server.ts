import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as auth from '$lib/server/auth';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

/** committee only: who voted what (binding), who took part (polls) */
export const GET: RequestHandler = api(async ({ locals, params }) => votes.ballots(locals.user, idParam(params.voteId)));

/**
 * 201 for a new ballot, 200 when a changeable poll ballot was replaced, 409 when this owner/household has voted.
 * A committee member's paper ballot goes in with its session check in one statement (the hooks leave the session
 * to this route); anything else, or a paper ballot that did not go in, is authenticated as on every other route
 * and answered by votes.cast().
 */
export const POST: RequestHandler = api(async (event) => {
	const voteId = idParam(event.params.voteId);
	const input = await readJson(event.request);
	let tried = false;
	if (!event.locals.user) {
		const token = auth.tokenOf(event);
		const recorded = token ? await votes.recordPaperBallot(auth.sessionIdOf(token), voteId, input, auth.noRenewalBefore()) : null;
		if (recorded) return json(recorded, { status: 201 });
		tried = !!token;
		if (token) await auth.authenticate(event);
	}
	const out = await votes.cast(event.locals.user, voteId, input, { atOnce: !tried });
	return json(out, { status: out.changed ? 200 : 201 });
});
