import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as ratings from '$lib/server/ratings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => ratings.own(locals.user, idParam(params.cid)));
