import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = idParam(params.sid);
		await sessions.checkPath(sid, idParam(params.cid));
		return { state: await sessions.liveState(locals.user, sid) };
	});
