import { error, redirect } from '@sveltejs/kit';
import { isServiceError } from '../errors';

/**
 * Runs a page load's service calls. Signed out → the sign-in page, coming back here afterwards;
 * any other refusal → the error page with its own status and message (never a 500).
 */
export async function guarded<T>(url: URL, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (isServiceError(e)) {
			if (e.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
			error(e.status, { message: e.message, code: e.code });
		}
		throw e;
	}
}
