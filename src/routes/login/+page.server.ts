import { redirect } from '@sveltejs/kit';
import * as auth from '$lib/server/auth';
import { act } from '$lib/server/http/forms';
import { redirectTarget } from '$lib/server/http/redirect-target';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = redirectTarget(url.searchParams.get('next'), url.origin);
	if (locals.user) redirect(303, next);
	return { next, reset: url.searchParams.has('reset') };
};

export const actions: Actions = {
	default: async (event) =>
		act(await event.request.formData(), async (values) => {
			// the device id comes from this browser's cookie only, never from the form
			const device = event.cookies.get(auth.DEVICE_COOKIE) ?? null;
			const out = await people.login({ ...values, device }, event.getClientAddress());
			auth.setSessionTokenCookie(event, out.token, out.expiresAt);
			auth.setDeviceCookie(event, out.device);
			redirect(303, redirectTarget(values.next, event.url.origin));
		})
};
