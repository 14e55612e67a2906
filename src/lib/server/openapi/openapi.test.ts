/** The API document: valid OpenAPI 3.1, request bodies from the services' schemas, and a checker that catches drift. */
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import * as votes from '$lib/server/votes/input';
import { checkApiAnswers } from '../../../../tests/support/openapi-plugin.mjs';
import { openapiChecker } from '../../../../tests/support/openapi-check';
import { document } from './index';
import { describe as described } from './from-valibot';

type Op = { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses?: Record<string, unknown> };
const doc = document();
const op = (path: string, method: string) => (doc.paths as Record<string, Record<string, Op>>)[path][method];

describe('the API document', () => {
	it('is valid OpenAPI 3.1', async () => {
		const res = await new Validator().validate(structuredClone(doc));
		expect(res.errors).toBeUndefined();
		expect(res.valid).toBe(true);
	});

	it('takes request bodies from the schemas the services parse with, limits included', () => {
		const create = op('/communities/{communityId}/votes', 'post').requestBody!.content['application/json'].schema as { required: string[]; properties: Record<string, { anyOf: unknown[] }> };
		expect(create.properties.maxChoices.anyOf).toContainEqual({ type: 'integer', minimum: 1, maximum: 20 });
		expect(create.required).toEqual(['title', 'kind']);
		expect(Object.keys(create.properties).sort()).toEqual(Object.keys(votes.createSchema.entries).sort());
	});

	it('lists the fields of every object an answer holds, or says what its values are', () => {
		// a bare {type: 'object'} admits any field, so a drifted or renamed one inside it would pass unnoticed
		const bare: string[] = [];
		const walk = (s: unknown, at: string) => {
			if (!s || typeof s !== 'object') return;
			if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${at}/${i}`));
			const o = s as Record<string, unknown>;
			const object = o.type === 'object' || (Array.isArray(o.type) && o.type.includes('object'));
			if (object && !o.properties && !('additionalProperties' in o)) bare.push(at);
			for (const [k, x] of Object.entries(o)) if (k !== 'example') walk(x, `${at}/${k}`);
		};
		for (const [path, item] of Object.entries(doc.paths)) {
			for (const [method, operation] of Object.entries(item as Record<string, { responses?: unknown }>)) walk(operation.responses, `${method} ${path}`);
		}
		walk(doc.components.schemas, 'components');
		expect(bare).toEqual([]);
	});

	it('lists the 413 of every operation that takes a body', () => {
		const missing = Object.entries(doc.paths).flatMap(([path, item]) =>
			Object.entries(item as Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>)
				.filter(([, operation]) => operation.requestBody && !operation.responses?.['413'])
				.map(([method]) => `${method} ${path}`)
		);
		expect(missing).toEqual([]);
		expect(op('/topics/{topicId}/comments', 'post')).toHaveProperty(['responses', '413', 'content', 'application/json', 'schema', '$ref'], '#/components/schemas/Error');
	});

	it('refuses to describe a field the schema does not have', () => {
		expect(() => described({ type: 'object', properties: { title: { type: 'string' } } }, { tilte: '标题' })).toThrow(/tilte/);
	});
});

describe('the answer check', () => {
	const check = openapiChecker(doc);
	// a row of GET /communities/{id}/votes as votes.list() answers it
	const vote = {
		id: 1, kind: 'poll', form: 'single', title: '路灯', status: 'draft', matter: null, matterClass: null, topicId: null, scope: 'community',
		eligibleHeads: 3, eligibleAreaDm2: 0, closesAt: null, openedAt: null, closedAt: null, createdAt: '2026-12-01T00:00:00.000Z'
	};

	it('passes the vote list as the API answers it', () => {
		expect(check.problems('GET', '/communities/{communityId}/votes', 200, [vote])).toEqual([]);
	});

	it('fails a drifted field: a vote with its eligible count nested instead of flat', () => {
		const { eligibleHeads: _h, eligibleAreaDm2: _a, ...rest } = vote;
		const drifted = { ...rest, eligible: { heads: 3, areaDm2: 0 } };
		expect(check.problems('GET', '/communities/{communityId}/votes', 200, [drifted])).toEqual(
			expect.arrayContaining([expect.stringMatching(/additional properties \(eligible\)/), expect.stringMatching(/required property 'eligibleHeads'/)])
		);
	});

	it('fails a field of the wrong type', () => {
		expect(check.problems('GET', '/communities/{communityId}/votes', 200, [{ ...vote, eligibleHeads: '3' }])).not.toEqual([]);
	});

	it('fails an undocumented path, method or status', () => {
		expect(check.templateOf('/votes/7/recount')).toBeNull();
		expect(check.problems('GET', '/votes/{voteId}/recount', 200, {})[0]).toMatch(/not in the API document/);
		expect(check.problems('DELETE', '/votes/{voteId}', 200, {})[0]).toMatch(/not in the API document/);
		expect(check.problems('GET', '/votes/{voteId}', 418, {})[0]).toMatch(/does not list/);
	});

	it('lets an unknown path answer only 404 with the usual error body', () => {
		const notFound = { error: { code: 'not_found', message: '页面不存在', fields: {} } };
		expect(check.problems('GET', '/no-such-thing', 404, notFound)).toEqual([]);
		expect(check.problems('GET', '/no-such-thing', 404, { error: 'not_found' })).not.toEqual([]);
		expect(check.problems('GET', '/no-such-thing', 200, notFound)[0]).toMatch(/not in the API document/);
	});

	it('matches a concrete path to its template, literal segments first', () => {
		expect(check.templateOf('/votes/7/open')).toBe('/votes/{voteId}/open');
		expect(check.templateOf('/requests/track/abc')).toBe('/requests/track/{token}');
	});

	it('wraps every handler of an API route with the check, for its own path and method', () => {
		const plugin = checkApiAnswers() as unknown as { transform: (code: string, id: string) => { code: string } | null };
		const out = plugin.transform('export const GET: RequestHandler = api(a);\nexport const POST = api(b);', '/x/src/routes/api/v1/votes/[voteId]/ballots/+server.ts');
		expect(out?.code).toContain(`export const GET = __ystChecked("/votes/{voteId}/ballots", 'GET', __yst_GET);`);
		expect(out?.code).toContain(`export const POST = __ystChecked("/votes/{voteId}/ballots", 'POST', __yst_POST);`);
		expect(plugin.transform('export const GET = x;', '/x/src/routes/api/v1/[...rest]/+server.ts')).toBeNull();
	});
});
