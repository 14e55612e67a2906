import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as votes from '$lib/server/votes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const view = await votes.view(locals.user, idParam(params.vid));
		// a vote is only shown under its own community's address
		if (view.vote.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		return view;
	});

/** a ballot from the form: the choice radio, or the option boxes (a poll may allow several) */
function ballotOf(data: FormData, values: Record<string, string>) {
	const optionIds = data.getAll('optionIds');
	return optionIds.length > 0 ? { ...values, optionIds } : values;
}

export const actions: Actions = {
	open: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await votes.open(locals.user, idParam(params.vid));
			return { form: 'open', done: m.vote_done_open() };
		}),
	close: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.close(locals.user, idParam(params.vid), values);
			return { form: 'close', done: m.vote_done_close() };
		}),
	finalize: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await votes.finalize(locals.user, idParam(params.vid));
			return { form: 'finalize', done: m.vote_done_finalize() };
		}),
	cast: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			const r = await votes.cast(locals.user, idParam(params.vid), { ...ballotOf(data, values), method: 'online' });
			return { form: 'cast', done: r.changed ? m.vote_done_changed() : m.vote_done_cast() };
		});
	},
	record: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			await votes.cast(locals.user, idParam(params.vid), { ...ballotOf(data, values), method: values.method || 'paper' });
			return { form: 'record', done: m.vote_done_recorded() };
		});
	},
	object: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.object(locals.user, idParam(params.vid), values);
			return { form: 'object', done: m.vote_done_objection() };
		}),
	answer: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.answerObjection(locals.user, idParam(params.vid), idParam(values.objectionId), values);
			return { form: 'answer', done: m.vote_done_answer() };
		})
};
