import { m } from '$lib/paraglide/messages';
import { act } from '$lib/server/http/forms';
import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import type { Actions, PageServerLoad } from './$types';

type Params = { cid: string; rid: string };
const round = (params: Params) => inCommunity(params, 'round', params.rid);

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		return ratings.page(locals.user, await round(params));
	});

export const actions: Actions = {
	rate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await ratings.rate(locals.user, await round(params), ratings.ratingsFromForm(values));
			return { form: 'rate', done: m.rating_done_rated({ count: r.rated }) };
		}),
	paper: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await ratings.enterPaper(locals.user, await round(params), ratings.ratingsFromForm(values));
			return { form: 'paper', done: m.rating_done_paper({ count: r.rated }) };
		}),
	update: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			await ratings.updateRound(locals.user, await round(params), { ...values, cadreIds: data.getAll('cadreIds') });
			return { form: 'update', done: m.rating_done_updated() };
		});
	},
	open: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await ratings.openNow(locals.user, await round(params));
			return { form: 'open', done: m.rating_done_opened() };
		}),
	close: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await ratings.close(locals.user, await round(params));
			return { form: 'close', done: m.rating_done_closed() };
		}),
	publish: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await ratings.publish(locals.user, await round(params));
			return { form: 'publish', done: m.rating_done_published() };
		}),
	talk: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await ratings.recordTalk(locals.user, await round(params), values);
			return { form: 'talk', done: m.rating_done_talk() };
		}),
	followUp: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await round(params);
			await ratings.completeFollowUp(locals.user, await inCommunity(params, 'followUp', values.followUpId), values);
			return { form: 'followUp', done: m.rating_done_follow_up() };
		})
};
