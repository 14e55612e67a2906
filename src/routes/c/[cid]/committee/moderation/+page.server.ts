import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as topics from '$lib/server/topics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => topics.queue(locals.user, idParam(params.cid)));

export const actions: Actions = {
	/** hide with a public reason, keep with an answer to the reporters, or publish */
	decide: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const c = await topics.moderate(locals.user, await inCommunity(params, 'comment', values.commentId), values);
			return { form: 'decide', done: c.state === 'hidden' ? m.moderate_done_hidden() : c.state === 'published' ? m.moderate_done_published() : m.moderate_done_kept() };
		})
};
