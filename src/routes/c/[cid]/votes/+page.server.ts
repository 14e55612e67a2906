import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as votes from '$lib/server/votes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => ({ votes: await votes.list(locals.user, idParam(params.cid)) }));
