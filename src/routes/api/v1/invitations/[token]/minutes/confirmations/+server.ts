import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/api';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

/** an invitee who checked in confirms the latest version through their link */
export const POST: RequestHandler = api(async ({ params }) => json(await minutes.confirmByToken(params.token), { status: 201 }));
