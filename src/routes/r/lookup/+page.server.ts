import { act } from '$lib/server/http/forms';
import * as requests from '$lib/server/requests';
import type { Actions } from './$types';

export const actions: Actions = {
	/** the phone left with the reports: a code is texted if it left any (the same answer either way) */
	start: async (event) =>
		act(await event.request.formData(), async (values) => {
			const sent = await requests.startLookup(values, event.getClientAddress());
			return { sent: { ticket: sent.ticket, sentTo: sent.sentTo, message: sent.message } };
		}),
	/** the code: the requests, shown once on this answer */
	verify: async ({ request }) =>
		act(await request.formData(), async (values) => ({ found: (await requests.finishLookup(values)).requests }))
};
