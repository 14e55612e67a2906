import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as resolutions from '$lib/server/resolutions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const r = await resolutions.get(locals.user, idParam(params.rid));
		if (r.resolution.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		return r;
	});

async function onPath(locals: App.Locals, params: { cid: string; rid: string }) {
	const r = await resolutions.get(locals.user, idParam(params.rid));
	if (r.resolution.communityId !== idParam(params.cid)) error(404, m.err_not_found());
	return r;
}

export const actions: Actions = {
	update: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await onPath(locals, params);
			await resolutions.update(locals.user, idParam(params.rid), values);
			return { done: m.res_done_update() };
		}),
	progress: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await onPath(locals, params);
			const { topicDone } = await resolutions.addProgress(locals.user, idParam(params.rid), values);
			return { done: topicDone ? m.res_done_topic_done() : m.res_done_progress() };
		}),
	evaluate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await onPath(locals, params);
			if (!r.resolution.topicId) error(404, m.err_not_found());
			await resolutions.evaluate(locals.user, r.resolution.topicId, values);
			return { done: m.res_done_evaluate() };
		})
};
