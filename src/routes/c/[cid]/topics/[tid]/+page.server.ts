import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import { statusName } from '$lib/labels/topics';
import * as topics from '$lib/server/topics';
import * as requests from '$lib/server/requests';
import * as plans from '$lib/server/plans';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const tid = idParam(params.tid);
		const { view, linked } = await topics.getWithLinks(locals.user, tid);
		// a topic is only shown under its own community's address
		if (view.topic.communityId !== cid) error(404, m.err_not_found());
		const [fromRequest, topicPlans] = await Promise.all([
			// a topic escalated from a resident request (码上报) links back to it
			linked.request ? requests.forTopic(locals.user, tid) : null,
			linked.plans ? plans.forTopic(locals.user, cid, tid) : []
		]);
		return { ...view, fromRequest, plans: topicPlans };
	});

export const actions: Actions = {
	second: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			const r = await topics.second(locals.user, idParam(params.tid));
			return { form: 'second', done: r.flagged ? m.topic_done_second_flagged() : m.topic_done_second() };
		}),
	comment: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await topics.comment(locals.user, idParam(params.tid), values);
			return { form: 'comment', done: m.topic_done_comment() };
		}),
	screen: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const t = await topics.screen(locals.user, idParam(params.tid), values);
			return { form: 'screen', done: m.topic_done_status({ status: statusName(t.status) }) };
		}),
	progress: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const t = await topics.progress(locals.user, idParam(params.tid), values);
			return { form: 'progress', done: m.topic_done_status({ status: statusName(t.status) }) };
		})
};
