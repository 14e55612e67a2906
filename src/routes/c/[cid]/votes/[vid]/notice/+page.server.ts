import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as votes from '$lib/server/votes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const n = await votes.notice(locals.user, idParam(params.vid));
		if (n.vote.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		return n;
	});
