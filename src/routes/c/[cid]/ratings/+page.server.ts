import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import { quarterOf } from '$lib/domain/satisfaction';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const { rounds, trend, ownPage } = await ratings.overview(locals.user, idParam(params.cid));
		return { rounds, trend, ownPage, current: quarterOf(new Date()) };
	});

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const cid = idParam(params.cid);
		const out = await act(await request.formData(), (values) => ratings.createRound(locals.user, cid, values));
		if ('id' in out) redirect(303, `/c/${cid}/ratings/${out.id}`);
		return out;
	}
};
