import { redirect } from '@sveltejs/kit';
import { act } from '$lib/server/http/forms';
import * as phoneChange from '$lib/server/phone-change';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login?next=/me/phone');
	return { phone: locals.user.phone };
};

export const actions: Actions = {
	/** the new number and the current password: a code is texted to the new number */
	start: async (event) =>
		act(await event.request.formData(), async (values) => {
			const sent = await phoneChange.startPhoneChange(event.locals.user, values, event.getClientAddress());
			return { sent: { ticket: sent.ticket, sentTo: sent.sentTo, message: sent.message } };
		}),
	/** the code: the account moves to the new number */
	verify: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			const done = await phoneChange.finishPhoneChange(locals.user, values);
			return { done: done.message };
		})
};
