import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const notice = await ratings.notice(locals.user, idParam(params.rid));
		if (notice.community.id !== idParam(params.cid)) error(404, m.err_not_found());
		return notice;
	});
