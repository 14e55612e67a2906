import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/http/api';
import * as reset from '$lib/server/password-reset';
import type { RequestHandler } from './$types';

// 202 whether or not the phone has an account
export const POST: RequestHandler = api(async (event) => json(await reset.startReset(await readJson(event.request), event.getClientAddress()), { status: 202 }));
