import { api, idParam, readJson } from '$lib/server/http/api';
import { ServiceError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';
import * as minutes from '$lib/server/minutes';
import type { RequestHandler } from './$types';

async function onPath(locals: App.Locals, params: { sessionId: string; recordId: string }) {
	const list = await minutes.records(locals.user, idParam(params.sessionId));
	if (!list.some((r) => r.id === idParam(params.recordId))) throw new ServiceError(404, 'not_found', m.err_not_found());
	return idParam(params.recordId);
}

export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
	const body = await readJson(request);
	await minutes.updateRecord(locals.user, await onPath(locals, params), body);
	return { ok: true };
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await minutes.deleteRecord(locals.user, await onPath(locals, params));
	return new Response(null, { status: 204 });
});
