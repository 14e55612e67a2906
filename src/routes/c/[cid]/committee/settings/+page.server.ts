import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as publicity from '$lib/server/publicity';
import * as topics from '$lib/server/topics';
import * as votes from '$lib/server/votes';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const s = await topics.settings(locals.user, idParam(params.cid));
		return {
			secondThreshold: s.secondThreshold,
			reviewFirstPosts: s.reviewFirstPosts,
			max: topics.THRESHOLD_MAX,
			publicity: await publicity.settings(locals.user, idParam(params.cid)),
			ownersRules: await votes.ownersRules(locals.user, idParam(params.cid))
		};
	});

export const actions: Actions = {
	threshold: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await topics.updateSettings(locals.user, idParam(params.cid), values);
			return { done: r.flagged > 0 ? m.settings_saved_flagged({ count: r.flagged }) : m.settings_saved() };
		}),
	/** 先审后发 for new residents' first comments */
	review: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await topics.setReviewFirstPosts(locals.user, idParam(params.cid), values);
			return { done: m.settings_saved() };
		}),
	/** the rules of procedure for owners' votes: how elections rank, whether online ballots may be changed */
	ownersRules: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await votes.updateOwnersRules(locals.user, idParam(params.cid), values);
			return { done: m.settings_saved() };
		}),
	/** which notices anyone with the link may read (公示 without an account) */
	publicity: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await publicity.updateSettings(locals.user, idParam(params.cid), values);
			return { done: m.settings_saved() };
		})
};
