import { vi } from 'vitest';
import { connection } from '$lib/server/db';

/**
 * Counts the reads of one table made through the db client (not inside a transaction) while `run` goes: how a test
 * sees that a page loads a record once instead of once per service function it calls.
 */
export async function readsOf<T>(target: object, run: () => Promise<T>): Promise<{ reads: number; out: T }> {
	// `db` is a proxy over the connection's client: spy on the client itself
	const { db } = await connection();
	const select = db.select.bind(db);
	let reads = 0;
	const spy = vi.spyOn(db, 'select').mockImplementation(((...args: Parameters<typeof db.select>) => {
		const builder = select(...args);
		const from = builder.from.bind(builder);
		builder.from = ((t: object) => {
			if (t === target) reads++;
			return from(t as never);
		}) as typeof builder.from;
		return builder;
	}) as typeof db.select);
	try {
		const out = await run();
		return { reads, out };
	} finally {
		spy.mockRestore();
	}
}
