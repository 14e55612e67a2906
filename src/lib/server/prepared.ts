import { db } from './db';

/**
 * A read that runs on many pages, built once per database connection and from then on only executed: for a short
 * query, drizzle assembling the SQL costs the server more CPU than sending it and reading the rows. `build` makes
 * the query with `sql.placeholder(…)` for its values and ends with `.prepare(name)`; call `.execute({ … })` on what
 * this returns.
 */
export function prepared<T>(build: () => T): () => T {
	const made = new WeakMap<object, T>();
	return () => {
		// tests and scripts may close the connection and open another: a query belongs to the one it was built on
		const session = db._.session;
		let query = made.get(session);
		if (!query) made.set(session, (query = build()));
		return query;
	};
}
