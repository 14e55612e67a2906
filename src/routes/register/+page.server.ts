import { error, redirect } from '@sveltejs/kit';
import * as auth from '$lib/server/auth';
import * as communities from '$lib/server/communities';
import { isServiceError } from '$lib/server/errors';
import { act } from '$lib/server/http/forms';
import * as people from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	if (url.searchParams.has('registered') && locals.user) {
		// after post-redirect-get: the newest membership is the one just registered
		const mine = await people.me(locals.user);
		const ms = mine.memberships.at(-1);
		if (ms?.communityId) {
			const registered = { name: mine.user.name, community: ms.communityName ?? '', communityId: ms.communityId };
			return { registered, communities: [], community: null, buildings: [] };
		}
	}
	const list = await communities.listPublic();
	const raw = url.searchParams.get('community');
	if (!raw) return { registered: null, communities: list, community: null, buildings: [] };
	const community = list.find((c) => String(c.id) === raw.trim());
	if (!community) {
		// a stale or mistyped link: back to step 1 with a message, not an error page
		return { registered: null, communities: list, community: null, buildings: [], unknownCommunity: true };
	}
	try {
		return { registered: null, communities: list, community, buildings: await people.registrationOptions(community.id) };
	} catch (e) {
		if (isServiceError(e)) error(e.status, e.message);
		throw e;
	}
};

export const actions: Actions = {
	/** the form: checked, then a code is texted to the phone (the same answer whether or not it has an account) */
	start: async (event) =>
		act(await event.request.formData(), async (values) => {
			const sent = await people.startRegistration(values, event.getClientAddress());
			return { sent: { ticket: sent.ticket, sentTo: sent.sentTo, message: sent.message } };
		}),
	/** the code from the text: the account is created and signed in */
	verify: async (event) =>
		act(await event.request.formData(), async (values) => {
			const out = await people.finishRegistration(values);
			const { token, expiresAt } = await people.startSession(out.user.id);
			auth.setSessionTokenCookie(event, token, expiresAt);
			// this browser is now a known device for the new account (see README, Sign-in throttling)
			const device = auth.generateDeviceId();
			await auth.rememberDevice(out.user.id, device);
			auth.setDeviceCookie(event, device);
			redirect(303, '/register?registered');
		})
};
