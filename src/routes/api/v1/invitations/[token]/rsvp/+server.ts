import { api, readJson } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }) => sessions.rsvp(params.token, await readJson(request)));
