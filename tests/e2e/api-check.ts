/**
 * `test` for specs that call the JSON API: every answer from /api/v1 that a spec receives — through the `request`
 * fixture, a context's or page's `request`, a new request context, or plain `fetch` — is checked against the
 * document the server under test publishes at /api/v1/openapi.json (tests/support/openapi-check.ts). An answer the
 * document does not describe fails the test that received it, as in the integration suite; E2E_API_CHECK=report
 * lists such answers instead (while documenting a change).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { test as base, type APIRequestContext, type APIResponse } from '@playwright/test';
import { openapiChecker, type Checker } from '../support/openapi-check';

const API = '/api/v1';
const VERBS = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', head: 'HEAD', fetch: '' } as const;
type Verb = keyof typeof VERBS;

/** throws when a JSON answer from the API is not as documented; anything else passes untouched */
function verify(checker: Checker, method: string, url: string, status: number, contentType: string, text: string) {
	const path = new URL(url).pathname;
	if (!path.startsWith(`${API}/`) || path === `${API}/openapi.json` || !contentType.includes('application/json')) return;
	const rel = path.slice(API.length);
	const found = checker.problems(method, checker.templateOf(rel) ?? rel, status, text ? JSON.parse(text) : null);
	if (!found.length) return;
	const message = `the answer to ${method} ${path} does not match the API document:\n${found.slice(0, 10).join('\n')}`;
	if (!REPORT) throw new Error(message);
	// report mode: each drifted answer is listed once in the run's output and in tests/.artifacts/api-drift.txt
	const key = `${method} ${checker.templateOf(rel) ?? rel} ${status}`;
	if (reported.has(key)) return;
	reported.add(key);
	console.warn(`API DRIFT ${message}`);
	mkdirSync('tests/.artifacts', { recursive: true });
	appendFileSync('tests/.artifacts/api-drift.txt', `${message}\n\n`);
}

/**
 * An undocumented answer fails the test that received it. E2E_API_CHECK=report, for development only, lets the run
 * go on and lists each such answer once instead, so that a change to many answers can be documented in one go.
 */
const REPORT = process.env.E2E_API_CHECK === 'report';
const reported = new Set<string>();

const watched = new WeakSet<object>();

function watch(ctx: APIRequestContext, checker: Checker) {
	if (watched.has(ctx)) return;
	watched.add(ctx);
	const methods = ctx as unknown as Record<Verb, (url: unknown, options?: { method?: string }) => Promise<APIResponse>>;
	for (const verb of Object.keys(VERBS) as Verb[]) {
		const original = methods[verb].bind(ctx);
		methods[verb] = async (url, options) => {
			const res = await original(url, options);
			const method = VERBS[verb] || options?.method?.toUpperCase() || 'GET';
			verify(checker, method, res.url(), res.status(), res.headers()['content-type'] ?? '', method === 'HEAD' ? '' : await res.text());
			return res;
		};
	}
}

export const test = base.extend<{ apiCheck: void }, { apiChecker: Checker }>({
	apiChecker: [
		async ({ playwright }, use, workerInfo) => {
			const ctx = await playwright.request.newContext({ baseURL: workerInfo.project.use.baseURL });
			const doc = await (await ctx.get(`${API}/openapi.json`)).json();
			await ctx.dispose();
			await use(openapiChecker(doc));
		},
		{ scope: 'worker' }
	],
	context: async ({ context, apiChecker }, use) => {
		watch(context.request, apiChecker);
		await use(context);
	},
	apiCheck: [
		async ({ request, browser, playwright, apiChecker }, use) => {
			watch(request, apiChecker);
			const newContext = browser.newContext;
			browser.newContext = async (...args) => {
				const context = await newContext.apply(browser, args);
				watch(context.request, apiChecker);
				return context;
			};
			const newRequestContext = playwright.request.newContext;
			playwright.request.newContext = async (...args) => {
				const ctx = await newRequestContext.apply(playwright.request, args);
				watch(ctx, apiChecker);
				return ctx;
			};
			const plainFetch = globalThis.fetch;
			globalThis.fetch = async (input, init) => {
				const res = await plainFetch(input, init);
				const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
				verify(apiChecker, method, res.url, res.status, res.headers.get('content-type') ?? '', method === 'HEAD' ? '' : await res.clone().text());
				return res;
			};
			try {
				await use();
			} finally {
				browser.newContext = newContext;
				playwright.request.newContext = newRequestContext;
				globalThis.fetch = plainFetch;
			}
		},
		{ auto: true }
	]
});
