import { error } from '@sveltejs/kit';
import { inCommunity } from '$lib/server/http/community';
import { isServiceError } from '$lib/server/errors';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		const sid = await inCommunity(params, 'session', params.sid);
		const { body } = await sessions.calendar(locals.user, sid, url.origin);
		return new Response(body, {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="session-${sid}.ics"`,
				'cache-control': 'private, no-cache'
			}
		});
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
