import { error } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import { isServiceError } from '$lib/server/errors';
import { waitingIn } from '$lib/server/registration-status';
import * as topics from '$lib/server/topics';
import type { LayoutServerLoad } from './$types';

// the community's name and the actor's standing there, for the community navigation;
// every page below still checks access itself through its own service call
export const load: LayoutServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		try {
			return await topics.enter(locals.user, cid);
		} catch (e) {
			// a registration still waiting (or refused): every page here says so, who verifies it and what to do meanwhile
			const waiting = isServiceError(e) && e.status === 403 ? await waitingIn(locals.user, cid) : null;
			if (isServiceError(e) && waiting) error(403, { message: e.message, code: waiting.status === 'pending' ? 'not_verified' : 'rejected', waiting });
			throw e;
		}
	});
