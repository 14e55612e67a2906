import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import type { PageServerLoad } from './$types';

/** 缴费通知单: ?unit=ID for one household, otherwise every household the reader may see */
export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const unit = url.searchParams.get('unit');
		return plans.bills(locals.user, await inCommunity(params, 'plan', params.pid), unit ? idParam(unit) : undefined);
	});
