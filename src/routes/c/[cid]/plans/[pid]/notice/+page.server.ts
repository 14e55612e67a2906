import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => plans.ledger(locals.user, await inCommunity(params, 'plan', params.pid)));
