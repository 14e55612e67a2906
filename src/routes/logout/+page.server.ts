import { redirect } from '@sveltejs/kit';
import * as auth from '$lib/server/auth';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

// signing out changes state, so it is a POST; a GET only shows the button
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		await people.logout(event.locals.session?.id);
		auth.deleteSessionTokenCookie(event);
		redirect(303, '/');
	}
};
