import { error } from '@sveltejs/kit';
import { inCommunity } from '$lib/server/http/community';
import { isServiceError } from '$lib/server/errors';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

/** the latest published minutes as a Word document, for whoever may read the A4 notice */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const sid = await inCommunity(params, 'session', params.sid);
		const { filename, asciiName, bytes } = await minutes.docx(locals.user, sid);
		return new Response(new Uint8Array(bytes), {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
				'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
				'cache-control': 'private, no-cache'
			}
		});
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
