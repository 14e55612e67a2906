import { error } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { isServiceError } from '$lib/server/errors';
import * as files from '$lib/server/files';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const sid = await inCommunity(params, 'session', params.sid);
		return files.download(await sessions.material(locals.user, sid, idParam(params.mid)));
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
