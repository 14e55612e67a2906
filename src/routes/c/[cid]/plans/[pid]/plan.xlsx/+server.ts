import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import { XLSX_TYPE } from '$lib/server/places';
import type { RequestHandler } from './$types';

/** the committee's workbook: ledger, households, payments, pledges */
export const GET: RequestHandler = ({ locals, params, url }) =>
	guarded(url, async () => {
		const { fileName, bytes } = await plans.workbook(locals.user, await inCommunity(params, 'plan', params.pid));
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': XLSX_TYPE,
				'content-disposition': `attachment; filename="${fileName}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
