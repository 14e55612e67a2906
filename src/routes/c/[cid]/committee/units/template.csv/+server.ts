import * as places from '$lib/server/places';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	new Response(places.templateCsv(), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="units-template.csv"; filename*=UTF-8''${encodeURIComponent('房屋名册模板.csv')}`
		}
	});
