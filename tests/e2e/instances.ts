/**
 * Extra app instances for specs that need more than the Playwright webServer: the built server (src/server.js over build/)
 * started on a port of its own with its own environment, and stopped again. Used by the scale-out, fault and
 * security specs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Instance {
	child: ChildProcess;
	/** http://127.0.0.1:PORT, whatever ORIGIN says */
	base: string;
	/** everything it printed */
	log: string[];
}

/** the database the Playwright webServer runs on (see playwright.config.ts): NAME_e2e beside NAME */
export function e2eDatabaseUrl(url: string): string {
	const e2e = new URL(url);
	e2e.pathname = `/${decodeURIComponent(e2e.pathname.slice(1)) || 'postgres'}_e2e`;
	return e2e.toString();
}

/** a TCP port nobody listens on right now */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

/**
 * The built server on `port` with `env` (DATABASE_URL, or PGLITE_DIR and YST_DEMO; what is not given is not
 * inherited either; ORIGIN defaults to the instance's own address), once its health check answers 200.
 */
export async function startServer(port: number, env: Record<string, string>, timeout = 90_000): Promise<Instance> {
	const full: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, ...env };
	if (!env.DATABASE_URL) delete full.DATABASE_URL;
	if (!env.PGLITE_DIR) delete full.PGLITE_DIR;
	if (!env.YST_DEMO) delete full.YST_DEMO;
	const log: string[] = [];
	const child = spawn(process.execPath, ['src/server.js'], { env: full, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (d) => log.push(String(d)));
	child.stderr!.on('data', (d) => log.push(String(d)));
	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + timeout;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log.join('')}`);
		const res = await fetch(`${base}/api/v1/health`).catch(() => null);
		if (res?.status === 200) return { child, base, log };
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not start:\n${log.join('').slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** resolves once the process has ended */
export function exited(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
	});
}

/** SIGTERM, then SIGKILL if it is still there after ten seconds */
export async function stopServer(i: Instance | undefined) {
	if (!i) return;
	const done = exited(i.child);
	i.child.kill('SIGTERM');
	const timer = setTimeout(() => i.child.kill('SIGKILL'), 10_000);
	await done;
	clearTimeout(timer);
}
