import { api } from '$lib/server/http/api';
import * as people from '$lib/server/people';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals }) => people.me(locals.user));
