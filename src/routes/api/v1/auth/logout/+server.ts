import { api } from '$lib/server/http/api';
import { requireUser } from '$lib/server/access';
import * as people from '$lib/server/people';
import type { RequestHandler } from './$types';

/** ends the session whose token came with the request */
export const POST: RequestHandler = api(async ({ locals }) => {
	requireUser(locals.user);
	await people.logout(locals.session?.id);
	return { ok: true };
});
