import { inCommunity } from '$lib/server/http/community';
import * as files from '$lib/server/files';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import type { RequestHandler } from './$types';

/** a cadre's photo, shown inline to anyone who may read the community */
export const GET: RequestHandler = ({ locals, params, url }) =>
	guarded(url, async () => files.download(await ratings.photo(locals.user, await inCommunity(params, 'cadre', params.cadreId)), { inline: true }));
