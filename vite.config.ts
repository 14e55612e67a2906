import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit()
	],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		setupFiles: ['tests/integration/setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		fileParallelism: true,
		maxWorkers: 2
	}
});
