import { api, idParam, readJson } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	await votes.answerObjection(locals.user, idParam(params.voteId), idParam(params.objectionId), await readJson(request));
	return { ok: true };
});
