import { api, idParam } from '$lib/server/http/api';
import * as plans from '$lib/server/plans';
import type { RequestHandler } from './$types';

/** the public ledger: names only where the payer agreed (the committee sees all) */
export const GET: RequestHandler = api(async ({ locals, params }) => plans.ledger(locals.user, idParam(params.planId)));
