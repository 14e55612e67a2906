import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import { shiftMonth } from '$lib/domain/request-board';
import type { PageServerLoad } from './$types';

// 公示 for anyone with the link (the poster's QR code): no sign-in
export const load: PageServerLoad = ({ params, url }) =>
	guarded(url, async () => {
		const b = await requests.publicBoard(idParam(params.cid), url.searchParams.get('month') || requests.currentMonth());
		return { ...b, prev: shiftMonth(b.month, -1), next: shiftMonth(b.month, 1), current: requests.currentMonth() };
	});
