/**
 * Moves a deployment from the embedded database (PGlite in PGLITE_DIR) to PostgreSQL (DATABASE_URL):
 *
 *   (stop the server first)
 *   PGLITE_DIR=data/pglite DATABASE_URL=postgres://yst@db/yst npm run db:to-postgres
 *
 * Both databases are brought to the current migrations; the PostgreSQL database must hold no data yet.
 * Every table of the public schema is copied row by row as text with its exact column types (what pg_dump
 * does), parents before children, in one transaction; identity counters continue after the highest id;
 * at the end the row counts of both sides are compared. Sessions are copied too, so nobody is signed out.
 * Relative imports only (run by tsx without SvelteKit's aliases).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MIGRATIONS_FOLDER } from '../db';

interface Column {
	name: string;
	type: string;
	identity: boolean;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** tables of the public schema with their copyable columns (no generated ones), parents before children */
async function tablesInOrder(src: PGlite): Promise<{ name: string; columns: Column[] }[]> {
	const cols = await src.query<{ table: string; name: string; type: string; identity: boolean }>(`
		select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attidentity <> '' as identity
		from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
		order by c.relname, a.attnum`);
	const deps = await src.query<{ child: string; parent: string }>(`
		select c.relname as child, p.relname as parent
		from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
		join pg_namespace n on n.oid = c.relnamespace
		where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`);
	const tables = new Map<string, Column[]>();
	for (const c of cols.rows) {
		if (!tables.has(c.table)) tables.set(c.table, []);
		tables.get(c.table)!.push({ name: c.name, type: c.type, identity: c.identity });
	}
	const parents = new Map<string, Set<string>>([...tables.keys()].map((t) => [t, new Set<string>()]));
	for (const d of deps.rows) parents.get(d.child)?.add(d.parent);
	const ordered: string[] = [];
	const visiting = new Set<string>();
	const visit = (t: string) => {
		if (ordered.includes(t) || visiting.has(t)) return;
		visiting.add(t);
		for (const p of parents.get(t) ?? []) visit(p);
		visiting.delete(t);
		ordered.push(t);
	};
	[...tables.keys()].sort().forEach(visit);
	return ordered.map((name) => ({ name, columns: tables.get(name)! }));
}

export interface MoveReport {
	tables: { name: string; rows: number }[];
}

export async function movePgliteToPostgres(dir: string, url: string, log: (line: string) => void = () => {}): Promise<MoveReport> {
	if (!existsSync(dir)) throw new Error(`PGlite folder ${dir} does not exist`);
	const src = await PGlite.create(dir);
	const dst = postgres(url, { max: 1, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
	try {
		await src.exec(`set timezone = 'UTC'`);
		log('applying the migrations on both sides …');
		await migratePglite(drizzlePglite(src, { casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
		await migratePostgres(drizzlePostgres(dst, { casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
		const tables = await tablesInOrder(src);

		for (const t of tables) {
			const [{ any }] = await dst.unsafe(`select exists (select 1 from ${q(t.name)}) as any`);
			if (any) throw new Error(`the PostgreSQL database already holds data (table ${t.name}); use an empty database`);
		}

		const report: MoveReport = { tables: [] };
		await dst.begin(async (tx) => {
			// parents come first; a table that points at itself (a merged topic) could still point forward,
			// so a superuser skips the foreign-key triggers for the copy (the source satisfied them already)
			const [{ rolsuper }] = await tx.unsafe(`select rolsuper from pg_roles where rolname = current_user`);
			if (rolsuper) await tx.unsafe(`set local session_replication_role = replica`);
			for (const t of tables) {
				const names = t.columns.map((c) => q(c.name)).join(', ');
				const asText = t.columns.map((c) => `${q(c.name)}::text`).join(', ');
				const overriding = t.columns.some((c) => c.identity) ? ' overriding system value' : '';
				// small enough batches for the 65,535-parameter limit and for stored files
				const batch = Math.max(1, Math.min(500, Math.floor(30_000 / t.columns.length)));
				let copied = 0;
				for (let offset = 0; ; offset += batch) {
					const { rows } = await src.query<(string | null)[]>(
						`select ${asText} from ${q(t.name)} order by ctid limit ${batch} offset ${offset}`,
						[],
						{ rowMode: 'array' }
					);
					if (rows.length === 0) break;
					const params: (string | null)[] = [];
					const tuples = rows.map((row) => {
						const slots = row.map((value, i) => {
							params.push(value);
							return `$${params.length}::${t.columns[i].type}`;
						});
						return `(${slots.join(', ')})`;
					});
					await tx.unsafe(`insert into ${q(t.name)} (${names})${overriding} values ${tuples.join(', ')}`, params);
					copied += rows.length;
					if (rows.length < batch) break;
				}
				for (const c of t.columns.filter((c) => c.identity)) {
					await tx.unsafe(
						`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${q(c.name)}) from ${q(t.name)}), 0) + 1, false)`,
						[q(t.name), c.name]
					);
				}
				report.tables.push({ name: t.name, rows: copied });
				log(`${t.name}: ${copied}`);
			}
		});

		for (const t of report.tables) {
			const [{ n }] = await dst.unsafe(`select count(*)::int as n from ${q(t.name)}`);
			const { rows } = await src.query<{ n: number }>(`select count(*)::int as n from ${q(t.name)}`);
			if (n !== rows[0].n || n !== t.rows) throw new Error(`table ${t.name}: ${rows[0].n} rows in PGlite, ${n} in PostgreSQL`);
		}
		return report;
	} finally {
		await dst.end({ timeout: 5 });
		await src.close();
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const dir = path.resolve(process.env.PGLITE_DIR ?? 'data/pglite');
	const url = process.env.DATABASE_URL;
	if (!url || !/^postgres(ql)?:\/\//.test(url)) {
		console.error('设置 DATABASE_URL=postgres://… 为目标 PostgreSQL 数据库（空库），PGLITE_DIR 为内置数据库目录（默认 data/pglite）');
		process.exit(1);
	}
	try {
		const report = await movePgliteToPostgres(dir, url, (line) => console.error(line));
		const rows = report.tables.reduce((a, t) => a + t.rows, 0);
		console.error(`已迁移 ${report.tables.length} 张表、${rows} 行到 PostgreSQL；启动服务时设置 DATABASE_URL 即可。`);
		console.error(`moved ${report.tables.length} tables, ${rows} rows; start the server with DATABASE_URL set.`);
	} catch (e) {
		console.error(`迁移失败，PostgreSQL 中未写入任何数据行 / move failed, no rows were written: ${(e as Error).message}`);
		process.exit(1);
	}
}
