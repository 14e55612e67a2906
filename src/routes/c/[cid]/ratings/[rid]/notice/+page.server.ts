import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => ratings.notice(locals.user, await inCommunity(params, 'round', params.rid)));
