import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const [view, invitations] = await Promise.all([sessions.get(locals.user, sid), sessions.invitations(locals.user, sid)]);
		// an unused link stays visible to the committee (to read out, copy or send again) until it is used
		const rows = invitations.rows.map(({ linkToken, ...r }) => ({ ...r, url: linkToken && !r.revokedAt ? sessions.invitationUrl(url.origin, linkToken) : null }));
		return { community: view.community, session: view.session, invitations: { ...invitations, rows }, manyRows: sessions.MANY_ROWS };
	});

/** the link is shown once, in the answer to the action that made it (it is kept only as a hash) */
const shown = (url: URL, r: { invitation: { id: number; name: string }; token: string }) => ({
	link: { id: r.invitation.id, name: r.invitation.name, token: r.token, url: sessions.invitationUrl(url.origin, r.token) }
});

export const actions: Actions = {
	invite: async ({ request, locals, params, url }) =>
		act(await request.formData(), async (values) => {
			const r = await sessions.invite(locals.user, await inCommunity(params, 'session', params.sid), values);
			return { done: m.session_done_invite({ name: r.invitation.name }), ...shown(url, r) };
		}),
	inviteMany: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const r = await sessions.inviteMany(locals.user, await inCommunity(params, 'session', params.sid), values);
			return { done: m.session_done_invite_many({ count: r.length }) };
		}),
	send: async ({ request, locals, params, url }) =>
		act(await request.formData(), async (values) => {
			const r = await sessions.sendLetter(locals.user, await inCommunity(params, 'session', params.sid), idParam(values.invitationId), url.origin);
			return { done: m.session_done_sent({ to: r.to }) };
		}),
	reissue: async ({ request, locals, params, url }) =>
		act(await request.formData(), async (values) => {
			const r = await sessions.reissue(locals.user, await inCommunity(params, 'session', params.sid), idParam(values.invitationId));
			return { done: m.session_done_reissue({ name: r.invitation.name }), ...shown(url, r) };
		}),
	revoke: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.revoke(locals.user, await inCommunity(params, 'session', params.sid), idParam(values.invitationId));
			return { done: m.session_done_revoke() };
		})
};
