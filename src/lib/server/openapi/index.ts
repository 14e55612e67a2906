/**
 * The OpenAPI document of /api/v1. Each domain contributes its paths from a file of its own
 * in this folder; this module only assembles them.
 */
export type PathItem = Record<string, unknown>;
export type Paths = Record<string, PathItem>;

const modules = import.meta.glob<{ paths: Paths; schemas?: Record<string, unknown> }>('./*.paths.ts', {
	eager: true
});

export const errorSchema = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message', 'fields'],
			properties: {
				code: { type: 'string' },
				message: { type: 'string', description: '面向用户的中文说明 (or English with Accept-Language/locale cookie en)' },
				fields: { type: 'object', additionalProperties: { type: 'string' } }
			}
		}
	}
} as const;

const tooLarge = {
	description: '请求体超过 5 MB（code too_large）',
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
};

export function document() {
	const paths: Paths = {};
	const schemas: Record<string, unknown> = { Error: errorSchema };
	for (const mod of Object.values(modules)) {
		Object.assign(paths, mod.paths);
		Object.assign(schemas, mod.schemas ?? {});
	}
	for (const item of Object.values(paths)) {
		for (const op of Object.values(item)) {
			// every operation that takes a body refuses one over 5 MB before reading it (http/api.ts readBody)
			const { requestBody, responses } = op as { requestBody?: unknown; responses?: Record<string, unknown> };
			if (requestBody && responses && !responses['413']) responses['413'] = tooLarge;
		}
	}
	return {
		openapi: '3.1.0',
		info: { title: '议事亭 API', version: '1.0.0', description: '社区议事协商平台 JSON API v1' },
		servers: [{ url: '/api/v1' }],
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /auth/login 返回的 token' } },
			schemas
		},
		security: [{ bearer: [] }],
		paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)))
	};
}

/**
 * shorthand for the usual error responses of an operation; a function declaration because the
 * *.paths.ts modules import it while this module is still loading them (a const would not exist yet)
 */
export function errors(...codes: number[]) {
	return Object.fromEntries(
		codes.map((c) => [String(c), { description: String(c), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])
	);
}
