import { api } from '$lib/server/http/api';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

/** the tracking link's holder is the reporter: no account needed */
export const GET: RequestHandler = api(async ({ params }) => requests.track(params.token));
