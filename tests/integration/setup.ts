/**
 * Every test file gets a database of its own: an in-memory PGlite, or, when DATABASE_URL is set,
 * a fresh database on that PostgreSQL server (dropped afterwards). Migrations run as at start-up.
 */
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { closeDb, initDb } from '$lib/server/db';

const serverUrl = process.env.DATABASE_URL;
let dropName: string | null = null;

if (serverUrl) {
	const name = `yst_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	process.env.DATABASE_URL = url.toString();
	dropName = name;
} else {
	process.env.PGLITE_DIR = 'memory://';
}

// text messages go to a file of this test file's own, which tests read (tests/support/sms-outbox.ts)
const smsDir = mkdtempSync(join(tmpdir(), 'yst-sms-'));
process.env.SMS_OUTBOX_FILE = join(smsDir, 'outbox.jsonl');

await initDb();

afterAll(async () => {
	await closeDb();
	rmSync(smsDir, { recursive: true, force: true });
	if (dropName && serverUrl) {
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${dropName} with (force)`);
		await admin.end();
	}
});
