import { fail } from '@sveltejs/kit';
import { isServiceError } from '../errors';
import { formObject } from './validate';

/**
 * Runs a form action's service call. A refusal returns fail(status, { values, errors, message })
 * so the form shows the message beside each field and keeps what was typed (passwords excepted).
 */
export async function act<T>(data: FormData, run: (values: Record<string, string>) => Promise<T>) {
	const values = formObject(data);
	try {
		return await run(values);
	} catch (e) {
		if (isServiceError(e)) {
			const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
			return fail(e.status, { values: kept, errors: e.fields, message: e.message, code: e.code });
		}
		throw e;
	}
}
