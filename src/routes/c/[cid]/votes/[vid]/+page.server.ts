import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { followAction } from '$lib/server/http/follow';
import { guarded } from '$lib/server/http/page-guard';
import * as follows from '$lib/server/notify/follows';
import * as votes from '$lib/server/votes';
import type { Actions, PageServerLoad } from './$types';

type Params = { cid: string; vid: string };
const vote = (params: Params) => inCommunity(params, 'vote', params.vid);

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		// the service checks that the vote is this community's (404 otherwise) as it loads it
		const vid = idParam(params.vid);
		const [view, following] = await Promise.all([votes.view(locals.user, vid, idParam(params.cid)), follows.isFollowing(locals.user, 'vote', vid)]);
		return { ...view, following };
	});

/**
 * a ballot from the form: the choice radio, or the option boxes (a poll may allow several); a meeting's
 * choice_<item> radios (a matter left blank is absent: 弃权), an election's candidate_<id> boxes
 */
function ballotOf(data: FormData, values: Record<string, string>) {
	if (values._ballot === 'meeting') {
		const choices = Object.fromEntries(Object.entries(values).flatMap(([k, c]) => (k.startsWith('choice_') ? [[k.slice(7), c]] : [])));
		return { unitId: values.unitId, method: values.method, choices };
	}
	if (values._ballot === 'election') {
		const candidateIds = Object.keys(values).flatMap((k) => (k.startsWith('candidate_') ? [k.slice(10)] : []));
		return { unitId: values.unitId, method: values.method, candidateIds };
	}
	const optionIds = data.getAll('optionIds');
	return optionIds.length > 0 ? { ...values, optionIds } : values;
}

export const actions: Actions = {
	follow: followAction('vote', 'vid', true),
	unfollow: followAction('vote', 'vid', false),
	notice: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await votes.publishNotice(locals.user, await vote(params));
			return { form: 'notice', done: m.meeting_done_notice() };
		}),
	open: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await votes.open(locals.user, await vote(params));
			return { form: 'open', done: m.vote_done_open() };
		}),
	close: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.close(locals.user, await vote(params), values);
			return { form: 'close', done: m.vote_done_close() };
		}),
	finalize: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await votes.finalize(locals.user, await vote(params));
			return { form: 'finalize', done: m.vote_done_finalize() };
		}),
	cast: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			const r = await votes.cast(locals.user, idParam(params.vid), { ...ballotOf(data, values), method: 'online' }, idParam(params.cid));
			return { form: 'cast', done: r.changed ? m.vote_done_changed() : m.vote_done_cast() };
		});
	},
	record: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			await votes.cast(locals.user, idParam(params.vid), { ...ballotOf(data, values), method: values.method || 'paper' }, idParam(params.cid));
			return { form: 'record', done: m.vote_done_recorded() };
		});
	},
	object: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.object(locals.user, await vote(params), values);
			return { form: 'object', done: m.vote_done_objection() };
		}),
	answer: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.answerObjection(locals.user, await vote(params), idParam(values.objectionId), values);
			return { form: 'answer', done: m.vote_done_answer() };
		})
};
