import { api } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

/** the latest published minutes of the invitation's session, by link, without an account */
export const GET: RequestHandler = api(async ({ params }) => minutes.forInvitation(params.token));
