import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

// the letter carries the link, which exists only as a hash: it is shown for the token the committee just
// received (show), or after issuing a new one (reissue); a plain visit offers the reissue button
export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const { rows } = await sessions.invitations(locals.user, sid);
		const invitation = rows.find((r) => r.id === idParam(params.iid));
		if (!invitation) error(404, m.err_not_found());
		return { invitation: { id: invitation.id, name: invitation.name }, sessionUrl: `/c/${params.cid}/sessions/${sid}/invitations` };
	});

export const actions: Actions = {
	show: async ({ request, locals, params, url }) =>
		act(await request.formData(), async (values) => ({
			letter: await sessions.letter(locals.user, await inCommunity(params, 'session', params.sid), idParam(params.iid), values.token ?? '', url.origin)
		})),
	reissue: async ({ request, locals, params, url }) =>
		act(await request.formData(), async () => {
			const sid = await inCommunity(params, 'session', params.sid);
			const { token } = await sessions.reissue(locals.user, sid, idParam(params.iid));
			return { letter: await sessions.letter(locals.user, sid, idParam(params.iid), token, url.origin) };
		})
};
