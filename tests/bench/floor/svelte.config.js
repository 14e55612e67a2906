/**
 * The framework floor of the residents' bench (tests/bench/residents.bench.ts): a minimal SvelteKit app built with
 * the project's own node_modules and adapter-node. Its output goes under node_modules/.cache (outside the type
 * check and git), where the bench builds it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const out = path.join(root, 'node_modules/.cache/yst-floor');

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ out: path.join(out, 'build') }),
		outDir: path.join(out, '.svelte-kit')
	}
};

export default config;
