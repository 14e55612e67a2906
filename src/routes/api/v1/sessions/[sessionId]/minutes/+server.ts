import { json } from '@sveltejs/kit';
import { api, idParam, readJson } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

/** every published version, newest first, with hash, reason, what changed and confirmations */
export const GET: RequestHandler = api(async ({ locals, params }) => minutes.published(locals.user, idParam(params.sessionId)));

/** publish the minutes as they stand (first version), or a correction `{reason}` as a new version */
export const POST: RequestHandler = api(async ({ locals, params, request }) =>
	json(await minutes.publish(locals.user, idParam(params.sessionId), await readJson(request)), { status: 201 })
);
