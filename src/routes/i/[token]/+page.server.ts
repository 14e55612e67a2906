import { error } from '@sveltejs/kit';
import { act } from '$lib/server/http/forms';
import { isServiceError } from '$lib/server/errors';
import * as sessions from '$lib/server/sessions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

// the link is the invitee's key: keep it out of Referer headers sent to other sites
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'private, no-store' });
	try {
		return await sessions.byToken(params.token);
	} catch (e) {
		// a wrong link: 404; expired or withdrawn: 410; each with its Chinese message and nothing else
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};

export const actions: Actions = {
	rsvp: async ({ request, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.rsvp(params.token, values);
			return { done: m.session_done_rsvp() };
		}),
	checkin: async ({ request, params }) =>
		act(await request.formData(), async () => {
			await sessions.checkInByToken(params.token);
			return { done: m.session_done_checkin() };
		})
};
