import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import { shiftMonth } from '$lib/domain/request-board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) =>
	guarded(url, async () => {
		const s = await requests.streetBoard(locals.user, url.searchParams.get('month') || requests.currentMonth());
		return { ...s, prev: shiftMonth(s.month, -1), next: shiftMonth(s.month, 1), current: requests.currentMonth() };
	});
