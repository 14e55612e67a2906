/**
 * The SQL statements a call sends, whichever driver (PGlite or postgres.js) and whether or not in a transaction or
 * a prepared statement: every query drizzle runs goes through PgPreparedQuery.queryWithCache.
 */
import { vi } from 'vitest';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';

type Run = (queryString: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>;

export async function statementsOf<T>(call: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
	const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: Run };
	const original = proto.queryWithCache;
	const statements: string[] = [];
	const spy = vi.spyOn(proto, 'queryWithCache').mockImplementation(function (this: unknown, queryString, params, query) {
		statements.push(queryString);
		return original.call(this, queryString, params, query);
	});
	try {
		return { result: await call(), statements };
	} finally {
		spy.mockRestore();
	}
}

/** the statements that read rows of one table (`from "topic"`, also with `for update`) */
export const readsOf = (statements: string[], tableName: string) =>
	statements.filter((s) => s.trimStart().startsWith('select') && new RegExp(`from "${tableName}"(\\s|$)`).test(s));

/** the text of every statement sent while `fn` ran */
export const statementsDuring = async (fn: () => Promise<unknown>): Promise<string[]> => (await statementsOf(fn)).statements;

/** how many of the statements read the sessions table (a row of deliberation_session) */
export const sessionReads = (statements: string[]) => readsOf(statements, 'deliberation_session').length;
