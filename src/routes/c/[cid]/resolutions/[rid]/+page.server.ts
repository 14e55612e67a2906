import { m } from '$lib/paraglide/messages';
import { inCommunity } from '$lib/server/http/community';
import { ServiceError } from '$lib/server/errors';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as resolutions from '$lib/server/resolutions';
import type { Actions, PageServerLoad } from './$types';

type Params = { cid: string; rid: string };
const resolution = (params: Params) => inCommunity(params, 'resolution', params.rid);

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, async () => resolutions.get(locals.user, await resolution(params)));

export const actions: Actions = {
	update: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await resolutions.update(locals.user, await resolution(params), values);
			return { done: m.res_done_update() };
		}),
	progress: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const { topicDone } = await resolutions.addProgress(locals.user, await resolution(params), values);
			return { done: topicDone ? m.res_done_topic_done() : m.res_done_progress() };
		}),
	evaluate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await resolutions.get(locals.user, await resolution(params));
			if (!r.resolution.topicId) throw new ServiceError(404, 'not_found', m.err_not_found());
			await resolutions.evaluate(locals.user, r.resolution.topicId, values);
			return { done: m.res_done_evaluate() };
		})
};
