import { api, idParam, readText } from '$lib/server/api';
import { ServiceError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';
import * as plans from '$lib/server/plans';
import type { Actor } from '$lib/server/access';
import type { RequestHandler } from './$types';

/** POST /plans/{planId}/{action}: each step of a plan, one service call each (see plans.paths.ts) */
const ACTIONS: Record<string, (actor: Actor, planId: number, input: unknown) => Promise<unknown>> = {
	items: plans.addItem,
	quotes: plans.addQuote,
	choice: plans.chooseQuote,
	sources: plans.addSource,
	vote: plans.linkVote,
	publish: (actor, planId) => plans.publish(actor, planId),
	pledges: plans.pledge,
	payments: plans.recordPayment,
	expenses: plans.recordExpense,
	close: plans.close
};

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const run = Object.hasOwn(ACTIONS, params.action) ? ACTIONS[params.action] : undefined;
	if (!run) throw new ServiceError(404, 'not_found', m.err_not_found());
	const body = (await readText(request)).trim();
	let input: unknown = {};
	if (body) {
		try {
			input = JSON.parse(body);
		} catch {
			throw new ServiceError(400, 'bad_json', m.err_bad_json());
		}
	}
	const out = await run(locals.user, idParam(params.planId), input);
	return out ?? { ok: true };
});
