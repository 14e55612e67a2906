import { getRequestEvent } from '$app/server';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { isServiceError } from '../errors';
import { formObject } from './validate';

/** the cookie carrying a sent form's "done" message across the redirect that follows it */
export const FLASH_COOKIE = 'yst_flash';

/**
 * Runs a form action's service call. A refusal returns fail(status, { values, errors, message })
 * so the form shows the message beside each field and keeps what was typed (passwords excepted).
 * A success that only says what was done ({ done }, with the form's name) sent by a plain form post
 * (no scripts, or a form without use:enhance) is answered with a 303 back to the page: the address bar
 * loses `?/action`, reloading does not send the form again, and the message shows once on the page (flash).
 */
export async function act<T>(data: FormData, run: (values: Record<string, string>) => Promise<T>) {
	const values = formObject(data);
	let result: T;
	try {
		result = await run(values);
	} catch (e) {
		if (isServiceError(e)) {
			const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
			return fail(e.status, { values: kept, errors: e.fields, message: e.message, code: e.code });
		}
		throw e;
	}
	const event = plainFormPost();
	if (event && onlySaysDone(result)) {
		event.cookies.set(FLASH_COOKIE, result.done, { path: '/', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 60 });
		redirect(303, withoutAction(event.url));
	}
	return result;
}

/** the request being handled, when it is a form posted the browser's own way (an enhanced form asks for JSON) */
function plainFormPost(): RequestEvent | null {
	let event: RequestEvent;
	try {
		event = getRequestEvent();
	} catch {
		return null; // called outside a request (tests calling an action directly)
	}
	return event.request.method === 'POST' && event.request.headers.get('x-sveltekit-action') !== 'true' ? event : null;
}

function onlySaysDone(result: unknown): result is { done: string } {
	if (!result || typeof result !== 'object' || Array.isArray(result)) return false;
	const r = result as Record<string, unknown>;
	return typeof r.done === 'string' && r.done !== '' && Object.keys(r).every((k) => k === 'done' || k === 'form');
}

/** the page's own address: `/c/1/votes/7?/cast` → `/c/1/votes/7`, other query parameters kept */
export function withoutAction(url: URL): string {
	const kept = url.search
		.slice(1)
		.split('&')
		.filter((part) => part !== '' && !part.startsWith('/') && !part.startsWith('%2F'));
	return url.pathname + (kept.length ? `?${kept.join('&')}` : '');
}

/** the message a redirected form left for the page it came back to, read once */
export function takeFlash(event: Pick<RequestEvent, 'cookies' | 'url'>): string | null {
	const done = event.cookies.get(FLASH_COOKIE) ?? null;
	if (done !== null) event.cookies.delete(FLASH_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:' });
	return done;
}
