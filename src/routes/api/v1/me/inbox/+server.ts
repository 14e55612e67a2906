import { api } from '$lib/server/http/api';
import * as notify from '$lib/server/notify';
import type { RequestHandler } from './$types';

/** ?before= an item id: the fifty items before it */
export const GET: RequestHandler = api(async ({ locals, url }) => {
	const { unread, items } = await notify.list(locals.user, Object.fromEntries(url.searchParams));
	return { unread, items };
});
