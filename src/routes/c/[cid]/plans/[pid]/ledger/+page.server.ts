import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const ledger = await plans.ledger(locals.user, idParam(params.pid));
		if (ledger.plan.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		return ledger;
	});
