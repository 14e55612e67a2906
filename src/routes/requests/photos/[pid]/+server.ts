import { error } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { isServiceError } from '$lib/server/errors';
import * as files from '$lib/server/files';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

/** a request's photo: for the tracking link's holder (?t=token) or a signed-in reader of the request */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		const file = await requests.photo(locals.user, idParam(params.pid), url.searchParams.get('t'));
		return files.download(file, { inline: true });
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
