import { api, readJson } from '$lib/server/http/api';
import * as reset from '$lib/server/password-reset';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async (event) => reset.finishReset(await readJson(event.request)));
