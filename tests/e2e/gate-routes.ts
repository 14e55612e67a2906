/**
 * The route tree as the quality gates (a11y, authz, hostile) see it: every page and endpoint file under
 * src/routes, read from disk when the tests run, so a route added later without a gate entry fails a test.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve('src/routes');

export interface RouteFile {
	/** URL pattern as SvelteKit writes it, e.g. /c/[cid]/votes/[vid] (route groups removed) */
	pattern: string;
	dir: string;
}

export interface PageRoute extends RouteFile {
	/** named actions of +page.server.ts ('default' for a default action) */
	actions: string[];
	hasLoad: boolean;
}

export interface EndpointRoute extends RouteFile {
	methods: string[];
}

function walk(dir: string, out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(full, out);
		else out.push(full);
	}
	return out;
}

function patternOf(dir: string): string {
	const rel = path.relative(ROOT, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
	return '/' + rel.join('/');
}

/** the keys of `export const actions = { … }` */
export function actionsOf(source: string): string[] {
	const start = source.search(/export const actions\b/);
	if (start < 0) return [];
	const body = source.slice(start);
	const names = new Set<string>();
	// top-level keys of the actions object: one tab deep
	for (const m of body.matchAll(/^\t([A-Za-z_$][\w$]*)\s*:/gm)) names.add(m[1]);
	for (const m of body.matchAll(/^\t(?:async\s+)?([A-Za-z_$][\w$]*)\s*\(/gm)) names.add(m[1]);
	return [...names];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function methodsOf(source: string): string[] {
	return METHODS.filter((m) => new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(source) || new RegExp(`export\\s*\\{[^}]*\\b${m}\\b`).test(source));
}

export function pageRoutes(): PageRoute[] {
	return walk(ROOT)
		.filter((f) => path.basename(f) === '+page.svelte')
		.map((f) => {
			const dir = path.dirname(f);
			const server = path.join(dir, '+page.server.ts');
			const source = existsSync(server) ? readFileSync(server, 'utf8') : '';
			return { pattern: patternOf(dir), dir, actions: actionsOf(source), hasLoad: /export const load\b|export async function load\b/.test(source) };
		})
		.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** +page.server.ts files without a +page.svelte (redirects and action-only routes) */
export function serverOnlyPages(): PageRoute[] {
	return walk(ROOT)
		.filter((f) => path.basename(f) === '+page.server.ts' && !existsSync(path.join(path.dirname(f), '+page.svelte')))
		.map((f) => {
			const dir = path.dirname(f);
			const source = readFileSync(f, 'utf8');
			return { pattern: patternOf(dir), dir, actions: actionsOf(source), hasLoad: /export const load\b/.test(source) };
		})
		.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function endpointRoutes(): EndpointRoute[] {
	return walk(ROOT)
		.filter((f) => path.basename(f) === '+server.ts')
		.map((f) => {
			const dir = path.dirname(f);
			return { pattern: patternOf(dir), dir, methods: methodsOf(readFileSync(f, 'utf8')) };
		})
		.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** fills a pattern's [params] from a map; throws when one is missing */
export function fill(pattern: string, ids: Record<string, string | number>): string {
	return pattern.replace(/\[(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]/g, (_, name: string) => {
		if (!(name in ids)) throw new Error(`no value for [${name}] in ${pattern}`);
		return String(ids[name]);
	});
}

export const paramsOf = (pattern: string) => [...pattern.matchAll(/\[(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]/g)].map((m) => m[1]);
