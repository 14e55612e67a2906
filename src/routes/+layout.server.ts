import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { workOf } from '$lib/domain/landing';
import { takeFlash } from '$lib/server/http/forms';
import * as notify from '$lib/server/notify';

export const load: LayoutServerLoad = async ({ locals, url, cookies }) => {
	// the community the header links to: the first one where the user's membership is verified
	const home = locals.user?.memberships.find((ms) => ms.status === 'verified' && ms.communityId !== null);
	const communityId = home?.communityId ?? null;
	const committee =
		communityId !== null &&
		(locals.user?.memberships.some((ms) => ms.communityId === communityId && ms.status === 'verified' && ms.role === 'committee') ?? false);
	// the page of the user's own work (street view, request queue, ratings), linked from the header
	const work = locals.user ? workOf(locals.user.memberships) : null;
	return {
		user: locals.user ? { id: locals.user.id, name: locals.user.name } : null,
		communityId,
		committee,
		// (a committee member's desk has its own link; a resident's board is the brand link)
		work: work && (work.kind === 'street' || work.kind === 'grid' || work.kind === 'cadre') ? { kind: work.kind, href: work.href } : null,
		// the header's unread count (shown as 99+ above notify.UNREAD_CAP)
		unread: locals.user ? await notify.unreadCount(locals.user.id) : 0,
		textSize: locals.textSize,
		locale: getLocale(),
		path: url.pathname + url.search,
		// what a form sent without scripts did, shown once on the page it came back to
		flash: takeFlash({ cookies, url })
	};
};
