/** A route handler whose JSON answers are checked against the API document (see openapi-plugin.ts). */
import { document } from '$lib/server/openapi';
import { openapiChecker } from './openapi-check';

let checker: ReturnType<typeof openapiChecker> | null = null;

export function checked<E>(template: string, method: string, handler: (event: E) => Response | Promise<Response>) {
	return async (event: E): Promise<Response> => {
		const res = await handler(event);
		checker ??= openapiChecker(document());
		await checker.assertResponse(method, template, res);
		return res;
	};
}
