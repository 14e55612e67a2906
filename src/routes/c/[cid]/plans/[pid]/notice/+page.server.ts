import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import * as publicity from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const l = await plans.ledger(locals.user, await inCommunity(params, 'plan', params.pid));
		return { ...l, publicUrl: await publicity.publicLink(l.community.id, 'plans', `plans/${l.plan.id}`) };
	});
