import { api, idParam } from '$lib/server/http/api';
import * as follows from '$lib/server/notify/follows';
import type { RequestHandler } from './$types';

const target = (params: { targetType: string; targetId: string }) => [follows.targetType(params.targetType), idParam(params.targetId)] as const;

export const GET: RequestHandler = api(async ({ locals, params }) => follows.status(locals.user, ...target(params)));
export const PUT: RequestHandler = api(async ({ locals, params }) => follows.follow(locals.user, ...target(params)));
export const DELETE: RequestHandler = api(async ({ locals, params }) => follows.unfollow(locals.user, ...target(params)));
