import { idParam } from '$lib/server/http/api';
import * as communities from '$lib/server/communities';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as reset from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const community = await communities.get(idParam(params.cid));
		const person = await reset.slipFor(locals.user, community.id, idParam(params.mid));
		return { community: { id: community.id, name: community.name }, person };
	});

export const actions: Actions = {
	/** after checking the person's ID card at the counter: a one-time code, shown once, recorded in the audit log */
	default: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			const slip = await reset.issueResetSlip(locals.user, idParam(params.cid), idParam(params.mid));
			return { slip: { ...slip, expiresAt: slip.expiresAt.toISOString() } };
		})
};
