import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { apiError } from './api';
import * as communities from './communities';
import { isServiceError } from './errors';

/** a refusal in the shape the caller reads: the API's error JSON, an enhanced form's error, or plain text */
function refuse(event: RequestEvent, status: number, code: string, message: string): Response {
	if (event.url.pathname.startsWith('/api/')) return apiError(status, code, message);
	if (event.request.headers.get('x-sveltekit-action') === 'true') return json({ type: 'error', error: { message, code } }, { status });
	return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Checks that hold for every route before its own code runs:
 * - a form post (any POST outside /api — only pages take POSTs there) must carry a readable form body; text,
 *   JSON or a broken multipart body is a 400 with a message, not a 500 from `request.formData()`;
 * - /c/[cid]/… names a community that exists. Page loads check it in the community layout (and show the error
 *   page); form actions and files below /c/[cid] don't load the layout, so they are answered 404 here instead of
 *   acting on a record through a made-up community address.
 */
export const handleRouteGuard: Handle = async ({ event, resolve }) => {
	const { method } = event.request;
	if (method === 'POST' && !event.url.pathname.startsWith('/api/')) {
		try {
			await event.request.clone().formData();
		} catch {
			return refuse(event, 400, 'bad_form', m.err_invalid_input());
		}
	}
	const cid = event.params.cid;
	const pageView = method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html');
	if (cid !== undefined && !pageView) {
		if (!/^\d{1,9}$/.test(cid)) return refuse(event, 404, 'not_found', m.err_not_found());
		try {
			await communities.get(Number(cid));
		} catch (e) {
			if (isServiceError(e)) return refuse(event, e.status, e.code, e.message);
			throw e;
		}
	}
	return resolve(event);
};
