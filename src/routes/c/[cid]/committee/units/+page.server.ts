import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as places from '$lib/server/places';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) =>
	guarded(url, () => places.overview(locals.user, idParam(params.cid), url.searchParams.get('page') ?? 1));

export const actions: Actions = {
	import: async ({ locals, params, request }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			const result = await places.importRegister(locals.user, idParam(params.cid), {
				...places.uploaded(data.get('file')),
				estateId: values.estateId
			});
			return { done: m.unit_import_done(result), result };
		});
	}
};
