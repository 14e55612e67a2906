import { idParam } from '$lib/server/api';
import { act } from '$lib/server/forms';
import { guarded } from '$lib/server/page-guard';
import * as ratings from '$lib/server/ratings';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => ratings.cadres(locals.user, idParam(params.cid)));

export const actions: Actions = {
	create: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await ratings.createCadre(locals.user, idParam(params.cid), values);
			return { form: 'create', done: m.rating_done_cadre_created({ name: values.name }) };
		}),
	update: async ({ request, locals }) =>
		act(await request.formData(), async (values) => {
			await ratings.updateCadre(locals.user, idParam(values.cadreId), values);
			return { form: 'update', done: m.rating_done_cadre_saved({ name: values.name }) };
		})
};
