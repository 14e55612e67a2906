import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as sessions from '$lib/server/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => guarded(url, () => sessions.list(locals.user, idParam(params.cid)));
