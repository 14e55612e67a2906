import { redirect } from '@sveltejs/kit';
import { workOf } from '$lib/domain/landing';
import * as communities from '$lib/server/communities';
import * as topics from '$lib/server/topics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { signedIn: false as const, communities: await communities.listPublic(), mine: [], pending: [] };
	// signed in (and where sign-in sends people): straight to their own work
	const work = workOf(locals.user.memberships);
	if (work) redirect(303, work.href);
	const { readable, pending } = await topics.myCommunities(locals.user);
	// one community: straight to its notice board
	if (readable.length === 1) redirect(303, `/c/${readable[0].id}`);
	return { signedIn: true as const, communities: [], mine: readable, pending };
};
