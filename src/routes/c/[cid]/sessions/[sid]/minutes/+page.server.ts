import { m } from '$lib/paraglide/messages';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		return minutes.published(locals.user, sid);
	});

export const actions: Actions = {
	confirm: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			const sid = await inCommunity(params, 'session', params.sid);
			const { version } = await minutes.confirm(locals.user, sid);
			return { done: m.mins_done_confirm({ version }) };
		})
};
