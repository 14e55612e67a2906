import { api, readJson } from '$lib/server/http/api';
import * as channels from '$lib/server/notify/channels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals }) => channels.get(locals.user));

/** replaces one's choices: the whole set is sent each time */
export const PUT: RequestHandler = api(async ({ locals, request }) => channels.set(locals.user, await readJson(request)));
