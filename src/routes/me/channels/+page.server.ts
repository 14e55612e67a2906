import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { act } from '$lib/server/http/forms';
import * as channels from '$lib/server/notify/channels';
import { render } from '$lib/server/notify/render';
import { INBOX_KINDS } from '$lib/server/db/schema';
import { maskPhone } from '$lib/server/notify/sms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login?next=/me/channels');
	return {
		settings: await channels.get(locals.user),
		// each kind with the inbox title of its kind, for the kinds the labels do not name yet
		kinds: INBOX_KINDS.map((kind) => ({ kind, title: render(kind, {}).title })),
		phone: maskPhone(locals.user.phone)
	};
};

export const actions: Actions = {
	save: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			await channels.set(locals.user, channels.fromForm(values));
			return { done: m.channels_saved() };
		})
};
