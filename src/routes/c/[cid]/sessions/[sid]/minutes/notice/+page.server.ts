import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import * as resolutions from '$lib/server/resolutions';
import * as sessions from '$lib/server/sessions';
import { qrSvg } from '$lib/server/qr';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const [n, list] = await Promise.all([minutes.notice(locals.user, sid), resolutions.ofSession(locals.user, sid)]);
		const pageUrl = `${url.origin}/c/${params.cid}/sessions/${sid}/minutes`;
		return { ...n, resolutions: list, pageUrl, qr: await qrSvg(pageUrl) };
	});
