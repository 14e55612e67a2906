import { api, idParam, readText } from '$lib/server/api';
import { ServiceError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

/** the body is optional: `{objectionDays}` overrides the notice period set at creation */
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
	return votes.close(locals.user, idParam(params.voteId), input);
});
