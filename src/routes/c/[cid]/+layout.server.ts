import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as topics from '$lib/server/topics';
import type { LayoutServerLoad } from './$types';

// the community's name and the actor's standing there, for the community navigation;
// every page below still checks access itself through its own service call
export const load: LayoutServerLoad = ({ locals, params, url }) =>
	guarded(url, () => topics.enter(locals.user, idParam(params.cid)));
