import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import * as notify from '$lib/server/notify';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	// the community the header links to: the first one where the user's membership is verified
	const home = locals.user?.memberships.find((ms) => ms.status === 'verified' && ms.communityId !== null);
	const communityId = home?.communityId ?? null;
	const committee =
		communityId !== null &&
		(locals.user?.memberships.some((ms) => ms.communityId === communityId && ms.status === 'verified' && ms.role === 'committee') ?? false);
	return {
		user: locals.user ? { id: locals.user.id, name: locals.user.name } : null,
		communityId,
		committee,
		// the header's unread count (shown as 99+ above notify.UNREAD_CAP)
		unread: locals.user ? await notify.unreadCount(locals.user.id) : 0,
		textSize: locals.textSize,
		locale: getLocale(),
		path: url.pathname + url.search
	};
};
