import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as i18n from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import * as auth from '$lib/server/auth';
import { closeDb, initDb } from '$lib/server/db';
import * as demo from '$lib/server/demo';
import * as clock from '$lib/server/notify/clock';
import { SECURITY_HEADERS } from '$lib/server/http/headers';
import { handleRouteGuard } from '$lib/server/http/route-guard';
import { FAST_LANE, fastLane } from '$lib/server/votes/fast-lane';

export const init: ServerInit = async () => {
	const conn = await initDb();
	// SIGTERM/SIGINT: adapter-node stops taking requests, lets those in flight finish, then this closes the
	// database (PGlite flushes its files, postgres.js ends its connections) so that the process exits
	process.once('sveltekit:shutdown' as 'exit', () => void closeDb());
	// the production entry (src/server.js) sends paper ballots through this lane before SvelteKit
	(globalThis as Record<symbol, unknown>)[FAST_LANE] = fastLane;
	// reminders and deadlines (a session tomorrow, a vote closing in 24 hours): every minute, NOTIFY_CLOCK=0 turns it off
	if (process.env.NOTIFY_CLOCK !== '0') clock.start();
	if (process.env.YST_DEMO === '1') {
		const seeded = await demo.seedIfEmpty();
		demo.printWelcome(conn.kind, seeded);
	}
	// SMS, email and WeChat deliveries; DELIVERY_WORKER=0 leaves them to other instances
	if (process.env.DELIVERY_WORKER !== '0') {
		const { startWorker } = await import('$lib/server/notify/delivery/worker');
		const worker = await startWorker();
		process.once('sveltekit:shutdown' as 'exit', () => void worker.stop());
	}
};

/**
 * The request's locale (the language cookie, else Chinese) for the message functions, as Paraglide's own
 * middleware sets it, but without the copy of the Request that middleware makes on every request (the body stream
 * teed and wrapped again, about 6 % of a ballot's CPU under load); only Paraglide's URL strategy needs that copy,
 * and this site's strategy is cookie, then base locale.
 */
const localeStore = new AsyncLocalStorage<{ locale: i18n.Locale; origin: string; messageCalls: Set<string> }>();
i18n.overwriteServerAsyncLocalStorage(localeStore as unknown as Parameters<typeof i18n.overwriteServerAsyncLocalStorage>[0]);

const handleI18n: Handle = ({ event, resolve }) => {
	const locale = i18n.extractLocaleFromRequest(event.request);
	return localeStore.run({ locale, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%yst.textsize%', event.locals.textSize === 'large' ? 'text-large' : '')
		})
	);
};

const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.textSize = event.cookies.get('yst_text') === 'large' ? 'large' : 'normal';
	await auth.authenticate(event);
	return resolve(event);
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	return response;
};

// the locale is set before any layer that can refuse (the route guard, the session check, loads and actions), so
// every refusal is in the user's language; the security headers wrap them all
export const handle = sequence(handleSecurityHeaders, handleI18n, handleRouteGuard, handleAuth);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error('unexpected error', event.url.pathname, error);
	return { message: status === 404 ? m.err_not_found() : m.err_server(), code: status === 404 ? 'not_found' : 'server_error' };
};
