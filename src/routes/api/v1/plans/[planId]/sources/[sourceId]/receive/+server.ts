import { api, idParam, readText } from '$lib/server/api';
import { ServiceError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** the body is optional: `{reference}` is the receipt or bank slip number */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
	const body = (await readText(request)).trim();
	let input: unknown = {};
	if (body) {
		try {
			input = JSON.parse(body);
		} catch {
			throw new ServiceError(400, 'bad_json', m.err_bad_json());
		}
	}
	await plans.receiveSource(locals.user, idParam(params.planId), idParam(params.sourceId), input);
	return { ok: true };
});
