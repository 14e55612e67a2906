import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { ServiceError } from '$lib/server/errors';
import { guarded } from '$lib/server/http/page-guard';
import * as resolutions from '$lib/server/resolutions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => resolutions.board(locals.user, idParam(params.cid)));

export const actions: Actions = {
	evaluate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const topicId = idParam(values.topicId);
			const board = await resolutions.board(locals.user, idParam(params.cid));
			if (!board.topicsDone.some((t) => t.id === topicId)) throw new ServiceError(404, 'not_found', m.err_not_found());
			await resolutions.evaluate(locals.user, topicId, values);
			return { done: m.res_done_evaluate() };
		})
};
