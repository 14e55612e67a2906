/** A refusal the user can act on: carries an HTTP status, a stable code and a message in the user's language. */
export class ServiceError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429,
		readonly code: string,
		message: string,
		readonly fields: Record<string, string> = {}
	) {
		super(message);
		this.name = 'ServiceError';
	}
}

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

/** Postgres unique_violation (23505), raised by both postgres.js and PGlite. */
export function isUniqueViolation(e: unknown): boolean {
	let cur: unknown = e;
	for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
		if ((cur as { code?: unknown }).code === '23505') return true;
		cur = (cur as { cause?: unknown }).cause;
	}
	return false;
}
