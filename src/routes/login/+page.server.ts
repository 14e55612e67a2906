import { redirect } from '@sveltejs/kit';
import * as auth from '$lib/server/auth';
import { act } from '$lib/server/http/forms';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

/** only a same-site path, never another site */
function nextPath(value: string | null | undefined): string {
	return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export const load: PageServerLoad = ({ locals, url }) => {
	const next = nextPath(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	return { next };
};

export const actions: Actions = {
	default: async (event) =>
		act(await event.request.formData(), async (values) => {
			const { token, expiresAt } = await people.login(values, event.getClientAddress());
			auth.setSessionTokenCookie(event, token, expiresAt);
			redirect(303, nextPath(values.next));
		})
};
