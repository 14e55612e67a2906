import { inCommunity } from '$lib/server/http/community';
import { guarded } from '$lib/server/http/page-guard';
import * as publicity from '$lib/server/publicity';
import * as votes from '$lib/server/votes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const n = await votes.notice(locals.user, await inCommunity(params, 'vote', params.vid));
		const publicUrl = n.vote.status === 'final' ? await publicity.publicLink(n.community.id, 'results', `votes/${n.vote.id}`) : null;
		return { ...n, publicUrl };
	});
