import { api, idParam } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => votes.participatingUnits(locals.user, idParam(params.voteId)));
