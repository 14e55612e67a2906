import { idParam } from '$lib/server/api';
import { guarded } from '$lib/server/page-guard';
import * as topics from '$lib/server/topics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, () => topics.home(locals.user, idParam(params.cid)));
