/**
 * Checks a JSON answer of the API against what /api/v1/openapi.json documents for its path, method and status.
 * Used by the integration suite (every route handler is wrapped, see openapi-plugin.ts) and the end-to-end suite
 * (every API request of a spec, see tests/e2e/helpers.ts), so the document cannot drift from the answers again.
 *
 * The check is stricter than the document: an object schema that lists its properties admits no others, so a
 * field added, renamed or moved in an answer fails until the document says so.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Doc = { paths: Record<string, Record<string, unknown>>; components?: unknown };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** every object schema with listed properties closed to others, unless it says otherwise */
function closed(schema: unknown): unknown {
	if (Array.isArray(schema)) return schema.map(closed);
	if (!schema || typeof schema !== 'object') return schema;
	const out = Object.fromEntries(Object.entries(schema).map(([k, x]) => [k, k === 'example' || k === 'default' ? x : closed(x)])) as Json;
	if (out.properties && !('additionalProperties' in out) && !('unevaluatedProperties' in out)) out.additionalProperties = false;
	return out;
}

const pointer = (...parts: string[]) => '#/' + parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export type Checker = ReturnType<typeof openapiChecker>;

export function openapiChecker(doc: Doc) {
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
	ajv.addSchema({ ...(closed({ components: doc.components, paths: doc.paths }) as Json), $id: 'openapi' });
	const compiled = new Map<string, ValidateFunction>();
	const templates = Object.keys(doc.paths).map((template) => {
		const names: string[] = [];
		const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'));
		return { template, re: new RegExp(`^${source}$`), literals: template.split('/').filter((s) => s && !s.startsWith('{')).length };
	});

	/** the documented template of a concrete path below /api/v1 ('/votes/7/open' → '/votes/{voteId}/open'); literal segments win */
	function templateOf(path: string): string | null {
		const hits = templates.filter((t) => t.re.test(path)).sort((a, b) => b.literals - a.literals);
		return hits[0]?.template ?? null;
	}

	/** what is wrong with this answer, or [] when it is as documented */
	function problems(method: string, template: string, status: number, body: unknown): string[] {
		const m = method.toLowerCase();
		const op = doc.paths[template]?.[m] as Operation | undefined;
		// a path the API does not have answers 404 with the usual error body, and that is all it may answer
		if (!op && status === 404) return validateAt(pointer('components', 'schemas', 'Error'), body, `${method.toUpperCase()} ${template} ${status}`);
		if (!op) return [`${method.toUpperCase()} ${template} is not in the API document`];
		const response = op.responses?.[String(status)];
		if (!response) return [`${method.toUpperCase()} ${template} answered ${status}, which the document does not list`];
		if (!response.content?.['application/json']) return [`${method.toUpperCase()} ${template} ${status} answered JSON, but the document lists no JSON body`];
		return validateAt(pointer('paths', template, m, 'responses', String(status), 'content', 'application/json', 'schema'), body, `${method.toUpperCase()} ${template} ${status}`);
	}

	function validateAt(at: string, body: unknown, what: string): string[] {
		let validate = compiled.get(at);
		if (!validate) compiled.set(at, (validate = ajv.compile({ $ref: `openapi${at}` })));
		if (validate(body)) return [];
		return (validate.errors ?? []).map((e) => {
			const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
			return `${what}: ${e.instancePath || '(body)'} ${e.message}${extra}`;
		});
	}

	/** throws with every problem of a Response (read from a clone, the caller still reads the body) */
	async function assertResponse(method: string, template: string, res: { status: number; headers: Headers; clone(): { text(): Promise<string> } }) {
		if (!(res.headers.get('content-type') ?? '').includes('application/json')) return;
		const text = await res.clone().text();
		const found = problems(method, template, res.status, text ? JSON.parse(text) : null);
		if (found.length) throw new Error(`the answer does not match the API document:\n${found.slice(0, 10).join('\n')}`);
	}

	return { templateOf, problems, assertResponse, methods: METHODS };
}
