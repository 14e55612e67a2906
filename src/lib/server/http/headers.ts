/**
 * The security headers on every answer of the site: set by hooks.server.ts on SvelteKit's answers and written by
 * the paper-ballot fast lane (votes/fast-lane.ts) on the answers it gives before SvelteKit sees the request.
 * (The Content-Security-Policy of pages is SvelteKit's, from svelte.config.js.)
 */
export const SECURITY_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY'
} as const;
