/** The JSON API's plan steps: POST /plans/{planId}/<step> with an optional JSON body, one service call each. */
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Actor } from './access';
import { api, idParam, readText } from './api';
import { ServiceError } from './errors';

export function planStep(run: (actor: Actor, planId: number, input: unknown) => Promise<unknown>): RequestHandler {
	return api(async ({ locals, params, request }: RequestEvent) => {
		const body = (await readText(request)).trim();
		let input: unknown = {};
		if (body) {
			try {
				input = JSON.parse(body);
			} catch {
				throw new ServiceError(400, 'bad_json', m.err_bad_json());
			}
		}
		const out = await run(locals.user, idParam((params as { planId?: string }).planId), input);
		return out ?? { ok: true };
	});
}
