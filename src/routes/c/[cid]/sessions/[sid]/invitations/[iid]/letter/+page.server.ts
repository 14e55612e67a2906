import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

// the letter carries the link, which exists only as a hash: it is shown for the token the committee just
// received (show), or after issuing a new one (reissue); a plain visit offers the reissue button
export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = idParam(params.sid);
		await sessions.checkPath(sid, idParam(params.cid));
		const { rows } = await sessions.invitations(locals.user, sid);
		const invitation = rows.find((r) => r.id === idParam(params.iid));
		if (!invitation) error(404, m.err_not_found());
		return { invitation: { id: invitation.id, name: invitation.name }, sessionUrl: `/c/${params.cid}/sessions/${sid}/invitations` };
	});

export const actions: Actions = {
	show: async ({ request, locals, params, url }) =>
		act(await request.formData(), async (values) => ({
			letter: await sessions.letter(locals.user, idParam(params.sid), idParam(params.iid), values.token ?? '', url.origin)
		})),
	reissue: async ({ request, locals, params, url }) =>
		act(await request.formData(), async () => {
			const { token } = await sessions.reissue(locals.user, idParam(params.sid), idParam(params.iid));
			return { letter: await sessions.letter(locals.user, idParam(params.sid), idParam(params.iid), token, url.origin) };
		})
};
