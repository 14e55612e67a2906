import { redirect } from '@sveltejs/kit';
import { act } from '$lib/server/http/forms';
import * as files from '$lib/server/files';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import type { Actions, PageServerLoad } from './$types';

// open to everyone: the code on the poster is the way in, signed in or not
export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => ({ target: await requests.reportTarget(params.code), signedInAs: locals.user?.name ?? null }));

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			const target = await requests.reportTarget(params.code);
			const photos = [];
			for (const f of data.getAll('photos')) if (f instanceof File && f.size > 0) photos.push(await files.readUpload(f, 'photos'));
			const done = await requests.report(locals.user, target.community.id, values, photos);
			redirect(303, `${done.trackingPath}?new=1`);
		});
	}
};
