import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import * as sessions from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = idParam(params.sid);
		await sessions.checkPath(sid, idParam(params.cid));
		return minutes.published(locals.user, sid);
	});

export const actions: Actions = {
	confirm: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			const sid = idParam(params.sid);
			await sessions.checkPath(sid, idParam(params.cid));
			const { version } = await minutes.confirm(locals.user, sid);
			return { done: m.mins_done_confirm({ version }) };
		})
};
