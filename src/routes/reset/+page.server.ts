import { redirect } from '@sveltejs/kit';
import { act } from '$lib/server/http/forms';
import * as reset from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: !!locals.user });

export const actions: Actions = {
	/** the phone: a code is texted if it has an account (the same answer either way) */
	start: async (event) =>
		act(await event.request.formData(), async (values) => {
			const sent = await reset.startReset(values, event.getClientAddress());
			return { sent: { phone: String(values.phone ?? '').trim(), sentTo: sent.sentTo, message: sent.message } };
		}),
	/** the code (texted, or from the committee's slip) and the new password */
	finish: async (event) =>
		act(await event.request.formData(), async (values) => {
			await reset.finishReset(values);
			redirect(303, '/login?reset=1');
		})
};
