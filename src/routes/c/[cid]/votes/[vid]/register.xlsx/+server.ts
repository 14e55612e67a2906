import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as votes from '$lib/server/votes';
import { XLSX_TYPE } from '$lib/server/places';
import type { RequestHandler } from './$types';

/** the committee's ballot register as a workbook (signed out → sign in; others → the error page) */
export const GET: RequestHandler = ({ locals, params, url }) =>
	guarded(url, async () => {
		const { fileName, bytes } = await votes.registerWorkbook(locals.user, await inCommunity(params, 'vote', params.vid));
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': XLSX_TYPE,
				'content-disposition': `attachment; filename="${fileName}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
