import { api, idParam } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params }) => votes.finalize(locals.user, idParam(params.voteId)));
