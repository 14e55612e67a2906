import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import * as communities from '$lib/server/communities';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as people from '$lib/server/people';
import { roleLabel } from '$lib/labels/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const community = await communities.get(idParam(params.cid));
		const [pending, verified, rejected] = await Promise.all([
			people.listMembers(locals.user, community.id, { status: 'pending' }),
			people.listMembers(locals.user, community.id, { status: 'verified', limit: 2000 }),
			people.listMembers(locals.user, community.id, { status: 'rejected', limit: 200 })
		]);
		return { community: { id: community.id, name: community.name }, pending, verified, rejected };
	});

export const actions: Actions = {
	verify: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const done = await people.verify(locals.user, await inCommunity(params, 'membership', values.membershipId), values);
			return { done: m.members_done_verified({ name: done.name, role: roleLabel(done.role) }) };
		}),
	reject: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const done = await people.reject(locals.user, await inCommunity(params, 'membership', values.membershipId), values);
			return { done: m.members_done_rejected({ name: done.name }) };
		})
};
