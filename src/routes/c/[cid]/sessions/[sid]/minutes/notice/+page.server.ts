import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import * as publicity from '$lib/server/publicity';
import { qrSvg } from '$lib/server/qr';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const n = await minutes.notice(locals.user, sid);
		const pageUrl = `${url.origin}/c/${params.cid}/sessions/${sid}/minutes`;
		return { ...n, pageUrl, qr: await qrSvg(pageUrl), publicUrl: await publicity.publicLink(n.community.id, 'minutes', `minutes/${sid}`) };
	});
