import { error } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { isServiceError } from '$lib/server/errors';
import * as files from '$lib/server/files';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	try {
		return files.download(await sessions.materialByToken(params.token, idParam(params.mid)));
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
