import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { act } from '$lib/server/http/forms';
import { isServiceError } from '$lib/server/errors';
import * as minutes from '$lib/server/minutes';
import type { Actions, PageServerLoad } from './$types';

// the link is the invitee's key: keep it out of Referer headers sent to other sites
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'private, no-store' });
	try {
		return await minutes.forInvitation(params.token);
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};

export const actions: Actions = {
	confirm: async ({ request, params }) =>
		act(await request.formData(), async () => {
			const { version } = await minutes.confirmByToken(params.token);
			return { done: m.mins_done_confirm({ version }) };
		})
};
