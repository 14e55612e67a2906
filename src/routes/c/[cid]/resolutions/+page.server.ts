import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as resolutions from '$lib/server/resolutions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => resolutions.board(locals.user, idParam(params.cid)));

export const actions: Actions = {
	evaluate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await resolutions.evaluate(locals.user, await inCommunity(params, 'topic', values.topicId), values);
			return { done: m.res_done_evaluate() };
		})
};
