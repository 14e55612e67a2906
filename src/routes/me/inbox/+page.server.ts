import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as notify from '$lib/server/notify';
import type { Actions, PageServerLoad } from './$types';

/** ?before= an item id: the older page */
export const load: PageServerLoad = ({ locals, url }) =>
	guarded(url, async () => ({ ...(await notify.list(locals.user, Object.fromEntries(url.searchParams))), before: url.searchParams.has('before') }));

export const actions: Actions = {
	read: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			await notify.markRead(locals.user, idParam(values.id));
			return { done: m.inbox_done_read() };
		}),
	readAll: async ({ request, locals }) =>
		act(await request.formData(), async () => {
			await notify.markAllRead(locals.user);
			return { done: m.inbox_done_all_read() };
		})
};
