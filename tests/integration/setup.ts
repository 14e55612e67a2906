/**
 * Every test file gets a database of its own, copied from the image tests/support/test-db.ts migrated once for
 * the run: an in-memory PGlite loaded from the image, or, when DATABASE_URL is set, a database on that PostgreSQL
 * server created from the template (dropped afterwards). Files named *-demo.test.ts start from the image with
 * the demo already seeded. The migrator still runs at start, as at the app's start-up, and finds nothing to do.
 */
import { afterAll, expect, inject } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { closeDb, initDb } from '$lib/server/db';

// text messages go to a file of this test file's own, which tests read (tests/support/sms-outbox.ts)
const smsDir = mkdtempSync(join(tmpdir(), 'yst-sms-'));
process.env.SMS_OUTBOX_FILE = join(smsDir, 'outbox.jsonl');

const images = inject('dbImages');
const wantsDemo = /-demo\.test\.ts$/.test(expect.getState().testPath ?? '');
const serverUrl = process.env.DATABASE_URL;
let dropName: string | null = null;

if (serverUrl) {
	const name = `yst_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name} template ${wantsDemo ? images.demo : images.migrated}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	process.env.DATABASE_URL = url.toString();
	dropName = name;
	await initDb();
} else {
	process.env.PGLITE_DIR = 'memory://';
	process.env.PGLITE_IMAGE = wantsDemo ? images.demo : images.migrated;
	await initDb();
	// child processes a test starts (the CLI test) begin from an empty folder of their own
	delete process.env.PGLITE_IMAGE;
}

afterAll(async () => {
	await closeDb();
	rmSync(smsDir, { recursive: true, force: true });
	if (dropName && serverUrl) {
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${dropName} with (force)`);
		await admin.end();
	}
});
