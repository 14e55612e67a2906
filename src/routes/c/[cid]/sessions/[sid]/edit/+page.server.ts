import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import { requireCommittee } from '$lib/server/access';
import type { Actions, PageServerLoad } from './$types';

type Params = { cid: string; sid: string };
const session = (params: Params) => inCommunity(params, 'session', params.sid);

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await session(params);
		const cid = idParam(params.cid);
		requireCommittee(locals.user, cid);
		const [view, venues] = await Promise.all([sessions.get(locals.user, sid), sessions.venues(locals.user, cid)]);
		return { ...view, venues };
	});

export const actions: Actions = {
	update: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const updated = await sessions.update(locals.user, await session(params), values);
			redirect(303, `/c/${updated.communityId}/sessions/${updated.id}`);
		}),
	cancel: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const cancelled = await sessions.cancel(locals.user, await session(params), values);
			redirect(303, `/c/${cancelled.communityId}/sessions/${cancelled.id}`);
		})
};
