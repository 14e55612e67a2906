import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, () =>
		requests.posters(
			locals.user,
			idParam(params.cid),
			{ per: url.searchParams.get('per') ?? undefined, estateId: url.searchParams.get('estateId') ?? undefined },
			url.origin
		)
	);
