import { api, idParam } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** 缴费通知单 data: the reader's own households, or (committee) every household; ?unitId= for one */
export const GET: RequestHandler = api(async ({ locals, params, url }) => {
	const unit = url.searchParams.get('unitId');
	return plans.bills(locals.user, idParam(params.planId), unit ? idParam(unit) : undefined);
});
