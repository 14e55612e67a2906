import { api, idParam } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** each household's share: computed from the register for a draft, as fixed at publishing afterwards (committee) */
export const GET: RequestHandler = api(async ({ locals, params }) => plans.preview(locals.user, idParam(params.planId)));
