/** A route handler whose JSON answers are checked against the API document (see openapi-plugin.ts). */
import { document } from '$lib/server/openapi';
import { openapiChecker } from './openapi-check';

let checker: ReturnType<typeof openapiChecker> | null = null;

export function checked<E extends { params?: Record<string, string> }>(route: string, method: string, handler: (event: E) => Response | Promise<Response>) {
	return async (event: E): Promise<Response> => {
		const res = await handler(event);
		checker ??= openapiChecker(document());
		// a route with a parameter the document spells out (/requests/{requestId}/{action} → …/classify): its own path
		const path = route.replace(/\{(\w+)\}/g, (whole, name: string) => event.params?.[name] ?? whole);
		const template = checker.templateOf(path) ?? route;
		// OPENAPI_LOG=file lists every mismatch of a run in that file instead of failing at the first (to fix drift in one go)
		if (process.env.OPENAPI_LOG) {
			const fs = await import('node:fs');
			await checker.assertResponse(method, template, res).catch((e: Error) => fs.appendFileSync(process.env.OPENAPI_LOG!, e.message + '\n'));
		} else await checker.assertResponse(method, template, res);
		return res;
	};
}
