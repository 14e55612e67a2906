import { api, idParam, readJson } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

/** the author edits their comment (within 15 minutes, or while hidden: then it goes back to the committee); body: {body, confirmPersonal?} */
export const PATCH: RequestHandler = api(async ({ locals, params, request }) =>
	topics.editComment(locals.user, idParam(params.commentId), await readJson(request))
);

/** the author deletes their comment (a placeholder stays) */
export const DELETE: RequestHandler = api(async ({ locals, params }) => topics.removeComment(locals.user, idParam(params.commentId)));
