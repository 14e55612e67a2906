import { api, idParam } from '$lib/server/http/api';
import * as resolutions from '$lib/server/resolutions';
import type { RequestHandler } from './$types';

/** the community's progress board: every resolution with its computed status, counts, done topics */
export const GET: RequestHandler = api(async ({ locals, params }) => resolutions.board(locals.user, idParam(params.communityId)));
