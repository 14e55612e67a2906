import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import * as sessions from '$lib/server/sessions';
import { qrSvg } from '$lib/server/qr';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = idParam(params.sid);
		await sessions.checkPath(sid, idParam(params.cid));
		const n = await minutes.notice(locals.user, sid);
		const pageUrl = `${url.origin}/c/${params.cid}/sessions/${sid}/minutes`;
		return { ...n, pageUrl, qr: await qrSvg(pageUrl) };
	});
