import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Debian's Chromium where present (Playwright cannot download its own browser here)
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const dataDir = `tests/.artifacts/pglite-e2e`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: process.env.CI ? [['list']] : [['list']],
	outputDir: 'tests/.artifacts/results',
	use: {
		baseURL: `http://localhost:${PORT}`,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		trace: 'off',
		screenshot: 'only-on-failure',
		launchOptions: chromium
			? { executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] }
			: {}
	},
	projects: [
		{ name: 'phone', use: { ...devices['Desktop Chrome'], viewport: { width: 390, height: 844 }, isMobile: false } }
	],
	webServer: {
		// a fresh embedded database every run (or the DATABASE_URL given), with the demo data
		command: `rm -rf ${dataDir} && npm run build && node build/index.js`,
		url: `http://localhost:${PORT}/`,
		timeout: 240_000,
		reuseExistingServer: false,
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			YST_DEMO: '1',
			PGLITE_DIR: dataDir,
			...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {})
		},
		stdout: 'pipe',
		stderr: 'pipe'
	}
});
