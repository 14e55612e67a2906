import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { apiError } from './api';
import * as communities from '../communities';
import { isServiceError } from '../errors';

/** a refusal in the shape the caller reads: the API's error JSON, an enhanced form's error, or plain text */
function refuse(event: RequestEvent, status: number, code: string, message: string): Response {
	if (event.url.pathname.startsWith('/api/')) return apiError(status, code, message);
	if (event.request.headers.get('x-sveltekit-action') === 'true') return json({ type: 'error', error: { message, code } }, { status });
	if ((event.request.headers.get('accept') ?? '').includes('text/html')) return refusalPage(event, status, message);
	return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A form posted without JavaScript that cannot be taken (too large, unreadable): a short page saying why, with
 * the way back to the form (the browser keeps what was typed there when going back).
 */
function refusalPage(event: RequestEvent, status: number, message: string): Response {
	const referer = event.request.headers.get('referer');
	const back = referer && referer.startsWith(event.url.origin + '/') ? referer : event.url.pathname;
	const html = `<!doctype html>
<html lang="${getLocale()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(message)}</title>
<style>body{font:${event.cookies.get('yst_text') === 'large' ? '1.6875rem' : '1.125rem'}/1.6 system-ui,sans-serif;margin:2rem auto;max-width:32rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.35em;line-height:1.4}
a{display:inline-block;min-height:44px;line-height:44px;color:#0b5394}</style></head>
<body><main><h1>${escapeHtml(message)}</h1><p><a href="${escapeHtml(back)}">${escapeHtml(m.err_go_back())}</a></p></main></body></html>`;
	return new Response(html, {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" }
	});
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
			// read once, here: the action's own request.formData() is handed this same form (no copy of the request
			// and its body, no second parse). No route below /api takes a POST body other than a form.
			const form = await event.request.formData();
			Object.defineProperty(event.request, 'formData', { value: () => Promise.resolve(form) });
		} catch (e) {
			// a body over BODY_SIZE_LIMIT: the server stopped reading it (SvelteKitError 413)
			if ((e as { status?: number } | null)?.status === 413) return refuse(event, 413, 'too_large', m.err_too_large_upload());
			return refuse(event, 400, 'bad_form', m.err_invalid_input());
		}
	}
	const cid = event.params.cid;
	const pageView = method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html');
	if (cid !== undefined && !pageView) {
		if (!/^\d{1,9}$/.test(cid)) return refuse(event, 404, 'not_found', m.err_not_found());
		try {
			await communities.assertExists(Number(cid));
		} catch (e) {
			if (isServiceError(e)) return refuse(event, e.status, e.code, e.message);
			throw e;
		}
	}
	return resolve(event);
};
