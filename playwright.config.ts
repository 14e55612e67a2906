import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { e2eOutbox } from './tests/support/sms-outbox';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Debian's Chromium where present (Playwright cannot download its own browser here)
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/**
 * The server under test always starts on an empty database with the demo data:
 * a fresh PGlite folder, or with DATABASE_URL=postgres://…/NAME a database NAME_e2e on that server,
 * dropped and created again by tests/support/e2e-db.mjs before the server starts.
 */
function database(): Record<string, string> {
	const url = process.env.DATABASE_URL;
	if (!url) return { PGLITE_DIR: `tests/.artifacts/pglite-e2e-${PORT}` };
	const e2e = new URL(url);
	const name = decodeURIComponent(e2e.pathname.slice(1)) || 'postgres';
	e2e.pathname = `/${name}_e2e`;
	return { DATABASE_URL: e2e.toString(), E2E_ADMIN_DATABASE_URL: url };
}

/**
 * E2E_ALTERNATE=1 with DATABASE_URL: two app instances on the same PostgreSQL database behind
 * tests/support/alternate-proxy.mjs, which sends each request to the next instance in turn; the whole
 * suite then runs through the proxy (CI's PostgreSQL pass does this).
 */
const alternate = process.env.E2E_ALTERNATE === '1' && !!process.env.DATABASE_URL;

/**
 * E2E_BUILD=reuse with an existing build/ (CI's PostgreSQL pass, after the PGlite pass built the app): start the
 * server on it instead of building again. The build holds no database settings; those are read at start-up.
 */
const build = process.env.E2E_BUILD === 'reuse' && existsSync('build/handler.js') ? '' : 'npm run build && ';

function appServer(port: number, fresh: boolean) {
	return {
		// the first instance starts from an empty database and builds; the second one reuses both
		command: fresh ? `node tests/support/e2e-db.mjs && ${build}node src/server.js` : 'node src/server.js',
		url: `http://127.0.0.1:${port}/`,
		timeout: 300_000,
		// E2E_REUSE=1 E2E_PORT=… tests a server you already started (quicker while writing tests)
		reuseExistingServer: process.env.E2E_REUSE === '1',
		env: {
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${PORT}`,
			YST_DEMO: '1',
			// session materials up to 10 MB, unit registers up to 5 MB (adapter-node's default limit is 512K)
			BODY_SIZE_LIMIT: '11M',
			// text messages (registration codes) go to a file the tests read
			SMS_OUTBOX_FILE: e2eOutbox(PORT),
			// chosen SMS go out at once whatever the hour the suite runs (no 21:00–08:00 hold)
			SMS_QUIET_HOURS: 'off',
			// no minute ticks: reminders would land in the demo's tables while the authorisation pass checks that
			// refused requests change nothing; the clock is tested with a given time (tests/integration/events.test.ts)
			NOTIFY_CLOCK: '0',
			...database()
		},
		stdout: 'pipe' as const,
		stderr: 'pipe' as const
	};
}

function alternatingServers() {
	const a = PORT + 100;
	const b = PORT + 101;
	return [
		appServer(a, true),
		appServer(b, false),
		{
			command: 'node tests/support/alternate-proxy.mjs',
			url: `http://127.0.0.1:${PORT}/`,
			timeout: 30_000,
			reuseExistingServer: false,
			env: { PORT: String(PORT), UPSTREAMS: `http://127.0.0.1:${a},http://127.0.0.1:${b}` },
			stdout: 'pipe' as const,
			stderr: 'pipe' as const
		}
	];
}

/**
 * E2E_SCOPE=database (CI's PostgreSQL pass, after the PGlite pass ran everything): only the specs where PostgreSQL
 * and two instances behind the alternating proxy can differ from one embedded database: the stories that write
 * (accounts, sessions, the gas-pipe case, votes, plans, requests, ratings), concurrency and faults, and the
 * scale-out checks. PGlite is PostgreSQL itself compiled to WebAssembly, so the same SQL answers the same on both;
 * what differs is the connection pool, several connections at once and several instances. The page-by-page
 * checks (accessibility, headers, wording, the authorisation matrix, the hostile pass, the demo tour) read the
 * same rows through the same services, which the integration suite also runs on PostgreSQL.
 * A new spec runs in the PGlite pass only until it is added here.
 */
const DATABASE_SPECS = [
	'accounts',
	'sessions',
	'gas-pipe',
	'votes',
	'plans',
	'requests',
	'ratings',
	'faults',
	'fast-lane',
	'scaleout',
	'sessions-scaleout',
	'alternate'
];
const testMatch = process.env.E2E_SCOPE === 'database' ? DATABASE_SPECS.map((name) => `**/${name}.spec.ts`) : undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	...(testMatch ? { testMatch } : {}),
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	forbidOnly: !!process.env.CI,
	reporter: [['list']],
	outputDir: 'tests/.artifacts/results',
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		trace: 'off',
		screenshot: 'only-on-failure',
		launchOptions: chromium
			? { executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] }
			: {}
	},
	projects: [
		{ name: 'phone', use: { ...devices['Desktop Chrome'], viewport: { width: 390, height: 844 }, isMobile: false } }
	],
	webServer: alternate ? alternatingServers() : appServer(PORT, true)
});