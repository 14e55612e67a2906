/** The statements sent to the database while a function runs, for tests that count how often a record is read. */
import { vi, type MockInstance } from 'vitest';
import { db } from '$lib/server/db';

/** the text of every statement drizzle sent (outside transactions) while `fn` ran */
export async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
	// drizzle's client: postgres.js (`unsafe`) when DATABASE_URL is set, else PGlite (`query`)
	const client = (db as unknown as { $client: Record<string, unknown> }).$client;
	const method = typeof client.unsafe === 'function' ? 'unsafe' : 'query';
	const spy = vi.spyOn(client as Record<string, (...a: unknown[]) => unknown>, method) as MockInstance;
	try {
		await fn();
		return spy.mock.calls.map((call) => String(call[0]));
	} finally {
		spy.mockRestore();
	}
}

/** how many of the statements read the sessions table (a row of deliberation_session) */
export const sessionReads = (statements: string[]) => statements.filter((s) => /from "deliberation_session"/.test(s)).length;
