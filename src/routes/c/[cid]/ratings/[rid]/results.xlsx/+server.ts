import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import { XLSX_TYPE } from '$lib/server/places';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

/** the round's aggregates as a workbook: counts and rates per cadre, never a ballot */
export const GET: RequestHandler = ({ locals, params, url }) =>
	guarded(url, async () => {
		const { fileName, bytes } = await ratings.workbook(locals.user, await inCommunity(params, 'round', params.rid));
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': XLSX_TYPE,
				'content-disposition': `attachment; filename="${fileName}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
