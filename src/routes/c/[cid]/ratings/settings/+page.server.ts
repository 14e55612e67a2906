import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import { requireCommittee } from '$lib/server/access';
import * as ratings from '$lib/server/ratings';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		requireCommittee(locals.user, cid);
		return { settings: await ratings.settings(locals.user, cid) };
	});

export const actions: Actions = {
	default: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await ratings.updateSettings(locals.user, idParam(params.cid), values);
			return { done: m.rating_done_settings() };
		})
};
