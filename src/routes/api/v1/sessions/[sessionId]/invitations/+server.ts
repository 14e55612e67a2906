import { api, idParam, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => sessions.invitations(locals.user, idParam(params.sessionId)));

/** the link's token is in this answer only: the server keeps its hash */
export const POST: RequestHandler = api(async ({ locals, params, request, url }) => {
	const { invitation, token } = await sessions.invite(locals.user, idParam(params.sessionId), await readJson(request));
	const { tokenHash: _hash, ...shown } = invitation;
	const body = { invitation: shown, token, url: sessions.invitationUrl(url.origin, token) };
	return new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': 'application/json' } });
});
