import { api, idParam } from '$lib/server/http/api';
import * as notify from '$lib/server/notify';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ locals, params }) => notify.markRead(locals.user, idParam(params.itemId)));
