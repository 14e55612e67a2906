import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as desk from '$lib/server/notify/desk';
import * as people from '$lib/server/people';
import * as topics from '$lib/server/topics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const [awaiting, pending, settings, sms] = await Promise.all([
			topics.awaitingScreening(locals.user, cid),
			people.pendingCount(locals.user, cid),
			topics.settings(locals.user, cid),
			desk.budget(locals.user, cid)
		]);
		return { awaiting, pending, threshold: settings.secondThreshold, sms };
	});
