import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { m } from '$lib/paraglide/messages';
import * as auth from '$lib/server/auth';
import { closeDb, initDb } from '$lib/server/db';
import * as demo from '$lib/server/demo';
import { handleRouteGuard } from '$lib/server/route-guard';

export const init: ServerInit = async () => {
	const conn = await initDb();
	// SIGTERM/SIGINT: adapter-node stops taking requests, lets those in flight finish, then this closes the
	// database (PGlite flushes its files, postgres.js ends its connections) so that the process exits
	process.once('sveltekit:shutdown' as 'exit', () => void closeDb());
	if (process.env.YST_DEMO === '1') {
		const seeded = await demo.seedIfEmpty();
		demo.printWelcome(conn.kind, seeded);
	}
};

const handleI18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%yst.textsize%', event.locals.textSize === 'large' ? 'text-large' : '')
		});
	});

const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.textSize = event.cookies.get('yst_text') === 'large' ? 'large' : 'normal';
	const token = auth.tokenOf(event);
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return resolve(event);
	}
	const { session, user } = await auth.validateSessionToken(token);
	const fromCookie = event.cookies.get(auth.SESSION_COOKIE) === token;
	if (session && fromCookie) auth.setSessionTokenCookie(event, token, session.expiresAt);
	else if (!session && fromCookie) auth.deleteSessionTokenCookie(event);
	event.locals.user = user;
	event.locals.session = session;
	return resolve(event);
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handle = sequence(handleSecurityHeaders, handleRouteGuard, handleAuth, handleI18n);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error('unexpected error', event.url.pathname, error);
	return { message: status === 404 ? m.err_not_found() : m.err_server(), code: status === 404 ? 'not_found' : 'server_error' };
};
