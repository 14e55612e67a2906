import { api, readJson } from '$lib/server/http/api';
import * as people from '$lib/server/people';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async (event) => people.login(await readJson(event.request), event.getClientAddress()));
