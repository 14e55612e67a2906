import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as topics from '$lib/server/topics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const { community, estates, buildings } = await topics.places(locals.user, idParam(params.cid));
		return { community: { id: community.id, name: community.name }, estates, buildings, canPropose: topics.canPropose(locals.user, community.id) };
	});

export const actions: Actions = {
	default: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const created = await topics.propose(locals.user, idParam(params.cid), values);
			redirect(303, `/c/${created.communityId}/topics/${created.id}`);
		})
};
