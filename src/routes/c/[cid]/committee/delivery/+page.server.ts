import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as desk from '$lib/server/notify/desk';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		return { budget: await desk.budget(locals.user, cid), problems: await desk.problems(locals.user, cid) };
	});

export const actions: Actions = {
	budget: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await desk.setBudget(locals.user, idParam(params.cid), values);
			return { done: m.delivery_saved() };
		})
};
