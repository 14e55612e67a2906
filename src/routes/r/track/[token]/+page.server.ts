import { m } from '$lib/paraglide/messages';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import type { Actions, PageServerLoad } from './$types';

// whoever holds the unguessable link is the reporter
export const load: PageServerLoad = ({ params, url }) =>
	guarded(url, async () => ({ r: await requests.track(params.token), isNew: url.searchParams.has('new'), photoQuery: `?t=${encodeURIComponent(params.token)}`, link: `${url.origin}/r/track/${params.token}` }));

export const actions: Actions = {
	evaluate: async ({ request, params }) =>
		act(await request.formData(), async (values) => {
			await requests.evaluateByToken(params.token, values);
			return { done: m.req_evaluated_thanks() };
		})
};
