import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { followAction } from '$lib/server/http/follow';
import { guarded } from '$lib/server/http/page-guard';
import * as follows from '$lib/server/notify/follows';
import { statusName } from '$lib/labels/topics';
import * as topics from '$lib/server/topics';
import * as requests from '$lib/server/requests';
import * as plans from '$lib/server/plans';
import type { Actions, PageServerLoad } from './$types';

type Params = { cid: string; tid: string };
const topic = (params: Params) => inCommunity(params, 'topic', params.tid);
/** the comment a form names, once it is known to be in this community */
const comment = (params: Params, values: Record<string, string>) => inCommunity(params, 'comment', values.commentId);

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const tid = await topic(params);
		const { view, linked } = await topics.getWithLinks(locals.user, tid);
		const [fromRequest, topicPlans, following] = await Promise.all([
			// a topic escalated from a resident request (码上报) links back to it
			linked.request ? requests.forTopic(locals.user, tid) : null,
			linked.plans ? plans.forTopic(locals.user, cid, tid) : [],
			follows.isFollowing(locals.user, 'topic', tid)
		]);
		return { ...view, fromRequest, plans: topicPlans, following };
	});

export const actions: Actions = {
	follow: followAction('topic', 'tid', true),
	unfollow: followAction('topic', 'tid', false),
	second: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			const r = await topics.second(locals.user, await topic(params));
			return { form: 'second', done: r.flagged ? m.topic_done_second_flagged() : m.topic_done_second() };
		}),
	comment: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const c = await topics.comment(locals.user, await topic(params), values);
			return { form: 'comment', done: c.state === 'pending' ? m.topic_done_comment_pending() : m.topic_done_comment() };
		}),
	reply: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const c = await topics.comment(locals.user, await topic(params), { body: values.body, parentId: values.parentId, confirmPersonal: values.confirmPersonal });
			return { form: 'reply', done: c.state === 'pending' ? m.topic_done_comment_pending() : m.topic_done_reply() };
		}),
	edit: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await topic(params);
			const c = await topics.editComment(locals.user, await comment(params, values), values);
			return { form: 'edit', done: c.state === 'pending' ? m.comment_done_resubmitted() : m.comment_done_edited() };
		}),
	remove: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await topic(params);
			await topics.removeComment(locals.user, await comment(params, values));
			return { form: 'remove', done: m.comment_done_removed() };
		}),
	report: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await topic(params);
			await topics.report(locals.user, await comment(params, values), values);
			return { form: 'report', done: m.report_done() };
		}),
	screen: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const t = await topics.screen(locals.user, await topic(params), values);
			return { form: 'screen', done: m.topic_done_status({ status: statusName(t.status) }) };
		}),
	progress: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const t = await topics.progress(locals.user, await topic(params), values);
			return { form: 'progress', done: m.topic_done_status({ status: statusName(t.status) }) };
		})
};
