import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import type { PageServerLoad } from './$types';

/** 缴费通知单: ?unit=ID for one household, otherwise every household the reader may see */
export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const unit = url.searchParams.get('unit');
		const out = await plans.bills(locals.user, idParam(params.pid), unit ? idParam(unit) : undefined);
		if (out.plan.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		return out;
	});
