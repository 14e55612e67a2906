import { api } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** what the invitee sees: their session only; 404 for a wrong link, 410 for an expired or withdrawn one */
export const GET: RequestHandler = api(async ({ params }) => sessions.byToken(params.token));
