import { api, idParam, readJson, readOptionalJson } from '$lib/server/http/api';
import { ServiceError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

const ACTIONS = {
	classify: requests.classify,
	steps: requests.recordStep,
	dispatch: requests.dispatch,
	progress: requests.progress,
	close: requests.close,
	evaluation: requests.evaluate
} as const;

/** one handling action on a request; escalate's body is optional */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const id = idParam(params.requestId);
	if (params.action === 'escalate') {
		const input = await readOptionalJson(request);
		const { request: r, topicId } = await requests.escalate(locals.user, id, input);
		return { id: r.id, status: r.status, topicId };
	}
	const run = ACTIONS[params.action as keyof typeof ACTIONS];
	if (!run) throw new ServiceError(404, 'not_found', m.err_not_found());
	await run(locals.user, id, await readJson(request));
	return requests.get(locals.user, id);
});
