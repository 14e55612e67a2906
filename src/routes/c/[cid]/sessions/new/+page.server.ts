import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => ({ ...(await sessions.newForm(locals.user, idParam(params.cid))), topicId: url.searchParams.get('topic') ?? '' }));

export const actions: Actions = {
	// each topic is its own checkbox (topic_12=on), so a refused form keeps them ticked
	create: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const cid = idParam(params.cid);
			const topicIds = Object.keys(values).filter((k) => /^topic_\d+$/.test(k)).map((k) => k.slice(6));
			const session = await sessions.create(locals.user, cid, { ...values, topicIds });
			redirect(303, `/c/${cid}/sessions/${session.id}`);
		}),
	venue: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const venue = await sessions.createVenue(locals.user, idParam(params.cid), values);
			return { done: m.session_done_venue({ name: venue.name }) };
		})
};
