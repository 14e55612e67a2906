import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import { requireCommittee } from '$lib/server/access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = idParam(params.sid);
		const session = await sessions.checkPath(sid, idParam(params.cid));
		requireCommittee(locals.user, session.communityId);
		const [view, venues] = await Promise.all([sessions.get(locals.user, sid), sessions.venues(locals.user, session.communityId)]);
		return { ...view, venues };
	});

export const actions: Actions = {
	update: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const session = await sessions.update(locals.user, idParam(params.sid), values);
			redirect(303, `/c/${session.communityId}/sessions/${session.id}`);
		}),
	cancel: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const session = await sessions.cancel(locals.user, idParam(params.sid), values);
			redirect(303, `/c/${session.communityId}/sessions/${session.id}`);
		})
};
