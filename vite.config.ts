import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { compileMessages, paraglideOptions } from './src/lib/i18n/compile.mjs';
import { checkApiAnswers } from './tests/support/openapi-plugin.mjs';

/**
 * The paraglide compiler keeps its process alive ~30 s after compiling (timers in the inlang SDK),
 * which stalled every `vite build` and made vitest print "close timed out". One-shot runs compile
 * in a short-lived child process instead; only the dev server, which needs recompile-on-save,
 * runs the compiler in-process.
 */
function paraglideOnce(): Plugin {
	return {
		name: 'yst-paraglide-once',
		enforce: 'pre',
		config() {
			compileMessages();
		}
	};
}

export default defineConfig(({ command }) => ({
	plugins: [
		command === 'serve' && !process.env.VITEST ? paraglideVitePlugin(paraglideOptions) : paraglideOnce(),
		sveltekit()
	],
	test: {
		projects: [
			// pure rules beside the code: no database (YST_TEST_SCOPE=database, CI's PostgreSQL pass, leaves them out)
			...(process.env.YST_TEST_SCOPE === 'database' ? [] : [{ extends: true as const, test: { name: 'unit', include: ['src/**/*.test.ts'] } }]),
			// services against a database per file (PGlite in memory, or PostgreSQL with DATABASE_URL), each a copy of
			// one migrated for the run (and one with the demo seeded) by tests/support/test-db.ts
			{
				extends: true,
				// every JSON answer of an API route is checked against the API document
				plugins: [checkApiAnswers()],
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					globalSetup: ['tests/support/test-db.ts'],
					setupFiles: ['tests/integration/setup.ts']
				}
			}
		],
		// each test file runs in a child process of its own
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		teardownTimeout: 15_000,
		fileParallelism: true,
		maxWorkers: 2
	}
}));
