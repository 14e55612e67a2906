import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import * as files from '$lib/server/files';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => ratings.cadres(locals.user, idParam(params.cid)));

/** the form's photo when one was chosen */
async function photoOf(data: FormData): Promise<ratings.Photo> {
	const file = data.get('photo');
	if (!(file instanceof File) || file.size === 0) return null;
	return files.readUpload(file, 'photo');
}

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			await ratings.createCadre(locals.user, idParam(params.cid), values, await photoOf(data));
			return { form: 'create', done: m.rating_done_cadre_created({ name: values.name }) };
		});
	},
	update: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			await ratings.updateCadre(locals.user, await inCommunity(params, 'cadre', values.cadreId), values, await photoOf(data));
			return { form: 'update', done: m.rating_done_cadre_saved({ name: values.name }) };
		});
	}
};
