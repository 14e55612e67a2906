import { idParam } from '$lib/server/http/api';
import * as audit from '$lib/server/audit';
import * as communities from '$lib/server/communities';
import { guarded } from '$lib/server/http/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const community = await communities.get(idParam(params.cid));
		return { entries: await audit.list(locals.user, community) };
	});
