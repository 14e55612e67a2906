/**
 * Vite plugin for the integration suite: every handler exported by src/routes/api/v1/**\/+server.ts is wrapped so
 * that its JSON answer is checked against the API document (tests/support/openapi-check.ts) for the route's own
 * path template and method, whatever URL a test made up for the request. The catch-all 404 route is left alone.
 */
import path from 'node:path';

const ROUTES = /\/src\/routes\/api\/v1\/(.+)\/\+server\.ts$/;
const HANDLER = /^export const (GET|POST|PUT|PATCH|DELETE)\b/gm;

/** @returns {import('vite').Plugin} */
export function checkApiAnswers() {
	const checker = path.resolve('tests/support/openapi-route.ts');
	return {
		name: 'yst-openapi-check',
		enforce: 'pre',
		/** @param {string} code @param {string} id */
		transform(code, id) {
			const route = ROUTES.exec(id.split('?')[0])?.[1];
			if (!route || route === '[...rest]') return null;
			const template = '/' + route.replace(/\[(\w+)\]/g, '{$1}');
			/** @type {string[]} */
			const methods = [];
			const renamed = code.replace(HANDLER, (_, method) => (methods.push(method), `const __yst_${method}`));
			if (methods.length === 0) return null;
			const wrapped = methods.map((m) => `export const ${m} = __ystChecked(${JSON.stringify(template)}, '${m}', __yst_${m});`).join('\n');
			return { code: `import { checked as __ystChecked } from ${JSON.stringify(checker)};\n${renamed}\n${wrapped}\n`, map: null };
		}
	};
}
