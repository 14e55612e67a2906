import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import * as auth from '$lib/server/auth';
import { act } from '$lib/server/http/forms';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login?next=/me');
	return people.me(locals.user);
};

export const actions: Actions = {
	password: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			await people.changePassword(locals.user, values, locals.session?.id ?? null);
			return { done: m.me_password_changed() };
		}),
	everywhere: async (event) => {
		if (event.locals.user) await people.logoutEverywhere(event.locals.user);
		auth.deleteSessionTokenCookie(event);
		redirect(303, '/login');
	}
};
