import { api, idParam } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** a new link (the old one stops working); the token is in this answer only */
export const POST: RequestHandler = api(async ({ locals, params, url }) => {
	const { invitation, token } = await sessions.reissue(locals.user, idParam(params.sessionId), idParam(params.invitationId));
	const { tokenHash: _hash, ...shown } = invitation;
	return { invitation: shown, token, url: sessions.invitationUrl(url.origin, token) };
});
