import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type DB = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

export const MIGRATIONS_FOLDER = path.resolve(process.env.YST_MIGRATIONS ?? 'drizzle');

interface Connection {
	db: DB;
	kind: 'postgres' | 'pglite';
	migrate: () => Promise<void>;
	/** a dedicated listener for LISTEN/NOTIFY; returns an unsubscribe function */
	listen: (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>;
	notify: (channel: string, payload: string) => Promise<void>;
	/** one statement written with $1…$n, prepared once per connection on PostgreSQL (see hot()) */
	raw: <T>(text: string, params: unknown[]) => Promise<T[]>;
	/** PGlite only: the data directory as a tarball, which PGLITE_IMAGE starts a later client from */
	dump?: () => Promise<Blob>;
	/** PGlite only: the client itself, for the job queue (pg-boss's PGlite adapter) to share its one connection */
	pglite?: import('@electric-sql/pglite').PGlite;
	close: () => Promise<void>;
}

/**
 * drizzle sends every query it did not name through postgres.js's `unsafe(…, { prepare: false })`, and for a query
 * with parameters postgres.js then asks the server to describe the statement first and sends the values only
 * after the answer: TWO round trips per query. With `prepare: true` postgres.js keeps the statement prepared on
 * its connection (keyed by its text and parameter types) and each later use is one round trip. This wraps the
 * client (and the clients drizzle gets inside a transaction or savepoint) so that every query is prepared.
 * The statements live per connection and go with it (postgres.js replaces connections after 30–60 minutes).
 */
type Sql = import('postgres').Sql;
function preparing<S extends Sql | import('postgres').TransactionSql>(client: S): S {
	return new Proxy(client, {
		get(target, prop, receiver) {
			const value = Reflect.get(target, prop, receiver);
			if (prop === 'unsafe') {
				return (query: string, params?: unknown[], options?: object) =>
					(value as Sql['unsafe']).call(target, query, params as never, { ...options, prepare: true });
			}
			if (prop === 'begin' || prop === 'savepoint') {
				return (...args: unknown[]) => {
					const i = args.findIndex((a) => typeof a === 'function');
					const fn = args[i] as (tx: Sql) => unknown;
					args[i] = (tx: Sql) => fn(preparing(tx));
					return (value as (...a: unknown[]) => unknown).apply(target, args);
				};
			}
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

function sqlLogger(file: string) {
	return (_connection: number, query: string) => appendFileSync(file, query.replace(/\s+/g, ' ').trim().slice(0, 240) + '\n');
}

async function connectPostgres(url: string): Promise<Connection> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	const client = postgres(url, {
		max: Number(process.env.DATABASE_POOL ?? 10),
		onnotice: () => {},
		connection: { TimeZone: 'UTC' },
		// YST_SQL_LOG=file: every statement sent, one line each (to count a request's statements while profiling)
		debug: process.env.YST_SQL_LOG ? sqlLogger(process.env.YST_SQL_LOG) : undefined
	});
	const db = drizzle(preparing(client), { schema, casing: 'snake_case' }) as unknown as DB;
	return {
		db,
		kind: 'postgres',
		async migrate() {
			// several instances may start at once: one migrates, the others wait on the lock
			const one = postgres(url, { max: 1, onnotice: () => {} });
			try {
				await one`select pg_advisory_lock(727278)`;
				await migrate(drizzle(one, { casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
				await one`select pg_advisory_unlock(727278)`;
			} finally {
				await one.end({ timeout: 5 });
			}
		},
		async listen(channel, onMessage) {
			const sub = await client.listen(channel, onMessage);
			return () => sub.unlisten();
		},
		async notify(channel, payload) {
			await client.notify(channel, payload);
		},
		raw: async <T>(text: string, params: unknown[]) => (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[],
		close: () => client.end({ timeout: 5 })
	};
}

async function connectPglite(dir: string): Promise<Connection> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
	// PGLITE_IMAGE: a dumpDataDir() tarball to start from instead of an empty cluster (the tests' migrated image)
	const image = process.env.PGLITE_IMAGE;
	const client = image
		? await PGlite.create({ dataDir: dir, loadDataDir: new Blob([readFileSync(image)]) })
		: await PGlite.create(dir);
	const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as DB;
	return {
		db,
		kind: 'pglite',
		async migrate() {
			await migrate(drizzle(client, { casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
		},
		async listen(channel, onMessage) {
			const unsub = await client.listen(channel, onMessage);
			return async () => unsub();
		},
		async notify(channel, payload) {
			await client.query('select pg_notify($1, $2)', [channel, payload]);
		},
		raw: async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
		dump: () => client.dumpDataDir('none'),
		pglite: client,
		close: () => client.close()
	};
}

let current: Promise<Connection> | null = null;

/** The process-wide connection: PostgreSQL when DATABASE_URL is set, else embedded PGlite in PGLITE_DIR. */
export function connection(): Promise<Connection> {
	if (!current) {
		const url = process.env.DATABASE_URL;
		if (url !== undefined && url !== '') {
			if (!/^postgres(ql)?:\/\//.test(url)) {
				throw new Error(`DATABASE_URL must start with postgres:// (got "${url.slice(0, 12)}…")`);
			}
			current = connectPostgres(url);
		} else {
			current = connectPglite(process.env.PGLITE_DIR ?? path.resolve('data/pglite'));
		}
	}
	return current;
}

let resolved: DB | null = null;
let resolvedRaw: Connection['raw'] | null = null;

/** Connects and applies the migrations in drizzle/; called once at start-up (hooks init, CLI, tests). */
export async function initDb(): Promise<Connection> {
	const c = await connection();
	if (!resolved) {
		await c.migrate();
		resolved = c.db;
		resolvedRaw = c.raw;
	}
	return c;
}

/** The database; usable after initDb() has resolved. */
export const db: DB = new Proxy({} as DB, {
	get(_target, prop) {
		if (!resolved) throw new Error('database not initialised: call initDb() at start-up');
		const value = Reflect.get(resolved, prop, resolved);
		return typeof value === 'function' ? value.bind(resolved) : value;
	}
});

/**
 * A hand-written statement for the few paths a profile shows as hot (every request's session check, a paper
 * ballot): sent as is, prepared once per connection on PostgreSQL, without drizzle building the query each time.
 * Write it with $1…$n and casts; a timestamp comes back as a string (postgres.js under drizzle) or a Date
 * (PGlite), so select epoch milliseconds as float8 instead.
 */
export function hot<T>(text: string, params: unknown[]): Promise<T[]> {
	if (!resolvedRaw) throw new Error('database not initialised: call initDb() at start-up');
	return resolvedRaw<T>(text, params);
}

export async function closeDb(): Promise<void> {
	if (current) {
		const c = await current;
		current = null;
		resolved = null;
		resolvedRaw = null;
		await c.close();
	}
}

export async function ping(): Promise<void> {
	await db.execute(sql`select 1`);
}
