import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

// reached from the QR code at the door: a visitor who is not signed in gets a short page (sign in, or
// open the invitation link) and nothing about the session
export const load: PageServerLoad = ({ locals, params, url }) => {
	if (!locals.user) return { signedIn: false as const, loginUrl: `/login?next=${encodeURIComponent(url.pathname)}` };
	return guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const view = await sessions.get(locals.user, sid);
		return { signedIn: true as const, session: view.session, place: view.place, me: view.me, checkin: view.checkin, total: view.attendance.summary.total };
	});
};

export const actions: Actions = {
	default: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await sessions.checkIn(locals.user, await inCommunity(params, 'session', params.sid));
			return { done: m.session_done_checkin() };
		})
};
