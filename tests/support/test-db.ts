/**
 * vitest globalSetup of the integration tests: migrates a database ONCE and seeds the demo ONCE, and hands the
 * results to every test file (tests/integration/setup.ts), which starts from a copy instead of an empty cluster:
 * - PGlite: two dumpDataDir() tarballs in tests/.artifacts/vitest/ (migrated; migrated + demo), loaded through PGLITE_IMAGE;
 * - PostgreSQL (DATABASE_URL): two template databases, copied by `create database … template …`.
 * Each file still runs the migrator at start (it finds nothing to do), so a stale image cannot go unnoticed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** PGlite: paths of the image files; PostgreSQL: names of the template databases */
		dbImages: { migrated: string; demo: string };
	}
}

const ARTIFACTS = path.resolve('tests/.artifacts/vitest');

/** migrates (and with `demo` seeds) the database the environment names; returns the open connection's dump */
async function build(demo: boolean): Promise<Blob | undefined> {
	const { initDb, closeDb } = await import('$lib/server/db');
	const c = await initDb();
	if (demo) {
		const { seedIfEmpty } = await import('$lib/server/demo');
		const started = Date.now();
		if (!(await seedIfEmpty())) throw new Error('the demo image was not seeded: its database was not empty');
		console.log(`demo seeded once for the integration tests in ${Date.now() - started} ms`);
	}
	const blob = await c.dump?.();
	await closeDb();
	return blob;
}

function withEnv(env: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
	const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
	const set = (values: Record<string, string | undefined>) => {
		for (const [k, v] of Object.entries(values)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	};
	set(env);
	return fn().finally(() => set(saved));
}

export default async function setup(project: TestProject) {
	const started = Date.now();
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		rmSync(ARTIFACTS, { recursive: true, force: true });
		mkdirSync(ARTIFACTS, { recursive: true });
		const migrated = path.join(ARTIFACTS, 'migrated.tar');
		const demo = path.join(ARTIFACTS, 'demo.tar');
		await withEnv({ PGLITE_DIR: 'memory://', PGLITE_IMAGE: undefined }, async () => {
			writeFileSync(migrated, Buffer.from(await (await build(false))!.arrayBuffer()));
		});
		await withEnv({ PGLITE_DIR: 'memory://', PGLITE_IMAGE: migrated }, async () => {
			writeFileSync(demo, Buffer.from(await (await build(true))!.arrayBuffer()));
		});
		project.provide('dbImages', { migrated, demo });
		console.log(`PGlite images for the integration tests made in ${Date.now() - started} ms`);
		return () => rmSync(ARTIFACTS, { recursive: true, force: true });
	}

	const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const migrated = `yst_tpl_${suffix}`;
	const demo = `yst_tpl_demo_${suffix}`;
	const urlOf = (name: string) => {
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		return url.toString();
	};
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	const drop = async () => {
		for (const name of [demo, migrated]) await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 5 });
	};
	try {
		await admin.unsafe(`create database ${migrated}`);
		await withEnv({ DATABASE_URL: urlOf(migrated) }, async () => void (await build(false)));
		await admin.unsafe(`create database ${demo} template ${migrated}`);
		await withEnv({ DATABASE_URL: urlOf(demo) }, async () => void (await build(true)));
	} catch (e) {
		await drop();
		throw e;
	}
	project.provide('dbImages', { migrated, demo });
	console.log(`PostgreSQL template databases for the integration tests made in ${Date.now() - started} ms`);
	return drop;
}
