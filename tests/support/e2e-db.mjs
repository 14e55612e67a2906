// Gives the end-to-end server an empty database before it starts (run by the Playwright webServer
// command, which starts before any globalSetup): a fresh PGlite folder, or, when DATABASE_URL is set,
// the database it names dropped and created again on the server E2E_ADMIN_DATABASE_URL points at.
import { rmSync } from 'node:fs';
import postgres from 'postgres';

const url = process.env.DATABASE_URL;
if (url) {
	const admin = process.env.E2E_ADMIN_DATABASE_URL;
	if (!admin) throw new Error('E2E_ADMIN_DATABASE_URL is not set');
	const name = decodeURIComponent(new URL(url).pathname.slice(1));
	if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name "${name}"`);
	const sql = postgres(admin, { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe(`drop database if exists ${name} with (force)`);
		await sql.unsafe(`create database ${name}`);
	} finally {
		await sql.end({ timeout: 5 });
	}
	console.log(`e2e database ${name} created afresh`);
} else {
	const dir = process.env.PGLITE_DIR;
	if (!dir || !dir.startsWith('tests/.artifacts/')) throw new Error(`refusing to clear PGLITE_DIR="${dir}"`);
	rmSync(dir, { recursive: true, force: true });
	console.log(`e2e PGlite folder ${dir} cleared`);
}
