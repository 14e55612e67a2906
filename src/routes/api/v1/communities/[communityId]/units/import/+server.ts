import { json } from '@sveltejs/kit';
import { api, idParam } from '$lib/server/http/api';
import * as places from '$lib/server/places';
import type { RequestHandler } from './$types';

/** body: the CSV text (text/csv) or the .xlsx file itself; `?estateId=` picks the estate for rows that name none */
export const POST: RequestHandler = api(async ({ locals, params, request, url }) => {
	try {
		return await places.importRegister(locals.user, idParam(params.communityId), {
			bytes: places.bodyReader(request),
			contentType: request.headers.get('content-type'),
			estateId: url.searchParams.get('estateId') ?? ''
		});
	} catch (e) {
		// the per-row list goes beside the usual error fields
		if (e instanceof places.RegisterError) {
			return json({ error: { code: e.code, message: e.message, fields: e.fields, rows: e.rows } }, { status: e.status });
		}
		throw e;
	}
});
