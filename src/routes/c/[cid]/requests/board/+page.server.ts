import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import { shiftMonth } from '$lib/domain/request-board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const b = await requests.board(locals.user, idParam(params.cid), url.searchParams.get('month') || requests.currentMonth());
		return { ...b, prev: shiftMonth(b.month, -1), next: shiftMonth(b.month, 1), current: requests.currentMonth() };
	});
