import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => ({ form: await plans.newForm(locals.user, idParam(params.cid)), topicId: url.searchParams.get('topic') ?? '' }));

/** the ticked places arrive one checkbox each (building_12=on), so a refused form keeps them ticked */
function scopeIdsOf(values: Record<string, string>): string[] {
	const scope = values.scope ?? 'community';
	if (scope === 'entrance') return [values.entranceId].filter(Boolean);
	if (scope !== 'estate' && scope !== 'building') return [];
	const prefix = `${scope}_`;
	return Object.keys(values)
		.filter((k) => k.startsWith(prefix) && values[k] === 'on')
		.map((k) => k.slice(prefix.length));
}

export const actions: Actions = {
	default: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const cid = idParam(params.cid);
			const { id } = await plans.create(locals.user, cid, { ...values, scopeIds: scopeIdsOf(values) });
			redirect(303, `/c/${cid}/plans/${id}`);
		})
};
