// Compiles the messages into src/lib/paraglide when they changed since the last compile.
//   node src/lib/i18n/compile.mjs
// The inlang compiler leaves timers behind that keep its process alive for about 30 s after it
// has finished, so one-shot runs (npm install, vite build, vitest) compile in a child process that
// exits at once (the paraglide CLI calls process.exit); only `vite dev` runs the compiler in-process.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const paraglideDir = path.join(root, 'node_modules/@inlang/paraglide-js');

/** the options of both the vite plugin (dev) and the CLI (everything else) */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: /** @type {['cookie', 'baseLocale']} */ (['cookie', 'baseLocale'])
};

// the vite plugin's own value, so that a dev build and a CLI build generate the same runtime
const IS_SERVER = "import.meta.env?.SSR ?? typeof window === 'undefined'";

function inputsDigest() {
	const hash = createHash('sha256');
	hash.update(readFileSync(path.join(paraglideDir, 'package.json')));
	hash.update(JSON.stringify(paraglideOptions) + IS_SERVER);
	hash.update(readFileSync(path.join(root, 'project.inlang/settings.json')));
	const dir = path.join(root, 'src/lib/i18n/messages');
	for (const name of readdirSync(dir).sort()) {
		hash.update(`\0${name}\0`);
		hash.update(readFileSync(path.join(dir, name)));
	}
	return hash.digest('hex');
}

/** Compiles unless the output is already up to date; returns whether it compiled. */
export function compileMessages({ force = false } = {}) {
	const stampFile = path.join(root, 'node_modules/.cache/yst-paraglide.txt');
	const output = path.join(root, paraglideOptions.outdir, 'messages.js');
	const digest = inputsDigest();
	if (!force && existsSync(output) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) return false;
	execFileSync(
		process.execPath,
		[
			path.join(paraglideDir, 'bin/run.js'),
			'compile',
			'--silent',
			'--project', paraglideOptions.project,
			'--outdir', paraglideOptions.outdir,
			'--strategy', ...paraglideOptions.strategy,
			'--is-server', IS_SERVER
		],
		{ cwd: root, stdio: 'inherit', timeout: 120_000 }
	);
	mkdirSync(path.dirname(stampFile), { recursive: true });
	writeFileSync(stampFile, digest);
	return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const compiled = compileMessages({ force: process.argv.includes('--force') });
	console.log(compiled ? 'messages compiled' : 'messages up to date');
}
