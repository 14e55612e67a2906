import { api } from '$lib/server/http/api';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params }) => {
	const row = await sessions.checkInByToken(params.token);
	return new Response(JSON.stringify(row), { status: 201, headers: { 'content-type': 'application/json' } });
});
