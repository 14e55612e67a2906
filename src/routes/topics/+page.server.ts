import { redirect } from '@sveltejs/kit';
import * as topics from '$lib/server/topics';
import type { PageServerLoad } from './$types';

/** "议题" without a community: the user's own community's list, a choice when there are several, or sign-in */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent('/topics')}`);
	const { readable } = await topics.myCommunities(locals.user);
	redirect(303, readable.length === 1 ? `/c/${readable[0].id}/topics` : '/');
};
