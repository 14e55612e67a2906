import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import { streetsAdministered } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const desk = await requests.desk(locals.user, cid, { status: url.searchParams.get('status') ?? undefined });
		return { ...desk, isStreetAdmin: streetsAdministered(locals.user).length > 0, isCommittee: locals.user?.memberships.some((ms) => ms.communityId === cid && ms.role === 'committee' && ms.status === 'verified') ?? false };
	});
