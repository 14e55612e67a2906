import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const page = await ratings.page(locals.user, idParam(params.rid));
		// a round is only shown under its own community's address
		if (page.round.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		return page;
	});

export const actions: Actions = {
	rate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await ratings.rate(locals.user, idParam(params.rid), ratings.ratingsFromForm(values));
			return { form: 'rate', done: m.rating_done_rated({ count: r.rated }) };
		}),
	paper: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await ratings.enterPaper(locals.user, idParam(params.rid), ratings.ratingsFromForm(values));
			return { form: 'paper', done: m.rating_done_paper({ count: r.rated }) };
		}),
	update: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			await ratings.updateRound(locals.user, idParam(params.rid), { ...values, cadreIds: data.getAll('cadreIds') });
			return { form: 'update', done: m.rating_done_updated() };
		});
	},
	open: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await ratings.openNow(locals.user, idParam(params.rid));
			return { form: 'open', done: m.rating_done_opened() };
		}),
	close: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await ratings.close(locals.user, idParam(params.rid));
			return { form: 'close', done: m.rating_done_closed() };
		}),
	publish: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await ratings.publish(locals.user, idParam(params.rid));
			return { form: 'publish', done: m.rating_done_published() };
		}),
	talk: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await ratings.recordTalk(locals.user, idParam(params.rid), values);
			return { form: 'talk', done: m.rating_done_talk() };
		}),
	followUp: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			await ratings.completeFollowUp(locals.user, idParam(values.followUpId), values);
			return { form: 'followUp', done: m.rating_done_follow_up() };
		})
};
