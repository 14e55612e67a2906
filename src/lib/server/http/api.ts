import { json, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isServiceError, ServiceError } from '../errors';
import { isPlainObject } from './validate';

const MAX_BODY = 5 * 1024 * 1024;

export function apiError(status: number, code: string, message: string, fields: Record<string, string> = {}) {
	return json({ error: { code, message, fields } }, { status });
}

/** Wraps a JSON API handler: service refusals become `{"error":{code,message,fields}}` with their 4xx. */
export function api<E extends RequestEvent>(handler: (event: E) => Promise<unknown>) {
	return async (event: E): Promise<Response> => {
		try {
			const out = await handler(event);
			if (out instanceof Response) return out;
			return json(out);
		} catch (e) {
			if (isServiceError(e)) return apiError(e.status, e.code, e.message, e.fields);
			console.error('api error', event.url.pathname, e);
			return apiError(500, 'server_error', m.err_server());
		}
	};
}

async function readBody(request: Request): Promise<string> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY) throw new ServiceError(413, 'too_large', m.err_too_large());
	const body = await request.text();
	if (body.length > MAX_BODY) throw new ServiceError(413, 'too_large', m.err_too_large());
	return body;
}

export async function readJson(request: Request): Promise<unknown> {
	const body = await readBody(request);
	try {
		return JSON.parse(body);
	} catch {
		throw new ServiceError(400, 'bad_json', m.err_bad_json());
	}
}

export const readText = readBody;

/**
 * a JSON body of fields that may be left out: an empty (or blank) body is {}; a body that is there must be an
 * object (a `null` or `[]` is not taken as "no fields")
 */
export async function readOptionalJson(request: Request): Promise<unknown> {
	const body = (await readBody(request)).trim();
	if (!body) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		throw new ServiceError(400, 'bad_json', m.err_bad_json());
	}
	if (!isPlainObject(parsed)) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { _: m.err_invalid_value() });
	return parsed;
}

/** path parameter as a positive integer id, 404 otherwise */
export function idParam(value: string | undefined): number {
	if (!value || !/^\d{1,9}$/.test(value)) throw new ServiceError(404, 'not_found', m.err_not_found());
	return Number(value);
}
