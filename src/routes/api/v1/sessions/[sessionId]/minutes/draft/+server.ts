import { api, idParam, readJson } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

/** the committee's draft: the document as it would be published now and what changed since the last version */
export const GET: RequestHandler = api(async ({ locals, params }) => minutes.draft(locals.user, idParam(params.sessionId)));

/** saves the consultation opinion (协商意见) `{opinion}` */
export const PUT: RequestHandler = api(async ({ locals, params, request }) => {
	await minutes.saveOpinion(locals.user, idParam(params.sessionId), await readJson(request));
	return minutes.draft(locals.user, idParam(params.sessionId));
});
