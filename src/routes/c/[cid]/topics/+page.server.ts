import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as topics from '$lib/server/topics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const filter = Object.fromEntries(url.searchParams);
		const result = await topics.listWithEstates(locals.user, cid, filter);
		return {
			...result,
			// what the list shows, and no more, goes into the page for hydration
			items: result.items.map(({ scope: _scope, updatedAt: _updatedAt, ...shown }) => shown),
			community: { id: result.community.id, name: result.community.name, secondThreshold: result.community.secondThreshold },
			canPropose: topics.canPropose(locals.user, cid)
		};
	});
