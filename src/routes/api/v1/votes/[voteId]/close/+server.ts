import { api, idParam, readOptionalJson } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

/** the body is optional: `{objectionDays}` overrides the notice period set at creation */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const input = await readOptionalJson(request);
	return votes.close(locals.user, idParam(params.voteId), input);
});
