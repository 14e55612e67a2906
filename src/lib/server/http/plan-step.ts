/** The JSON API's plan steps: POST /plans/{planId}/<step> with an optional JSON body, one service call each. */
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import type { Actor } from '../access';
import { api, idParam, readOptionalJson } from './api';

export function planStep(run: (actor: Actor, planId: number, input: unknown) => Promise<unknown>): RequestHandler {
	return api(async ({ locals, params, request }: RequestEvent) => {
		const input = await readOptionalJson(request);
		const out = await run(locals.user, idParam((params as { planId?: string }).planId), input);
		return out ?? { ok: true };
	});
}
