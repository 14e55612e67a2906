import { error } from '@sveltejs/kit';
import { isServiceError } from '$lib/server/errors';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	try {
		const { session, body } = await sessions.calendarByToken(params.token, url.origin);
		return new Response(body, {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="session-${session.id}.ics"`,
				'cache-control': 'private, no-store',
				'referrer-policy': 'no-referrer'
			}
		});
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
