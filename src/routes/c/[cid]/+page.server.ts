import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import * as topics from '$lib/server/topics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const [home, sessionsAnnounced] = await Promise.all([topics.home(locals.user, cid), sessions.announced(locals.user, cid)]);
		return { ...home, sessionsAnnounced };
	});
