import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import * as communities from '$lib/server/communities';
import { isServiceError } from '$lib/server/errors';
import { act } from '$lib/server/http/forms';
import * as people from '$lib/server/people';
import { roleLabel } from '$lib/labels/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	try {
		const community = await communities.get(idParam(params.cid));
		const [pending, verified, rejected] = await Promise.all([
			people.listMembers(locals.user, community.id, { status: 'pending' }),
			people.listMembers(locals.user, community.id, { status: 'verified', limit: 2000 }),
			people.listMembers(locals.user, community.id, { status: 'rejected', limit: 200 })
		]);
		return { community: { id: community.id, name: community.name }, pending, verified, rejected };
	} catch (e) {
		if (isServiceError(e)) {
			if (e.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
			error(e.status, e.message);
		}
		throw e;
	}
};

export const actions: Actions = {
	verify: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			const done = await people.verify(locals.user, values.membershipId, values);
			return { done: m.members_done_verified({ name: done.name, role: roleLabel(done.role) }) };
		}),
	reject: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			const done = await people.reject(locals.user, values.membershipId, values);
			return { done: m.members_done_rejected({ name: done.name }) };
		})
};
