import { api, idParam } from '$lib/server/http/api';
import * as places from '$lib/server/places';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals, params }) => places.listUnits(locals.user, idParam(params.communityId)));
