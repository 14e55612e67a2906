/** The plans JSON API: the same rules as the pages, refusals as {"error":{code,message,fields}}, every route in the OpenAPI document. */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import { document } from '$lib/server/openapi';
import { makeCommunityWithOwners } from './fixtures';

const { GET: listRoute, POST: createRoute } = await import('../../src/routes/api/v1/communities/[communityId]/plans/+server');
const { GET: viewRoute } = await import('../../src/routes/api/v1/plans/[planId]/+server');
const { GET: ledgerRoute } = await import('../../src/routes/api/v1/plans/[planId]/ledger/+server');
const { GET: splitRoute } = await import('../../src/routes/api/v1/plans/[planId]/split/+server');
const step = async (name: string) => (await import(`../../src/routes/api/v1/plans/[planId]/${name}/+server.ts`)).POST;

type Actor = Awaited<ReturnType<typeof makeCommunityWithOwners>>['committee']['actor'];

function event(user: Actor | null, params: Record<string, string>, body?: unknown, query = '') {
	const request = new Request(`http://localhost/api/v1/x${query}`, body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	return { request, url: new URL(request.url), params, locals: { user, session: null } } as never;
}

describe('plans API', () => {
	it('runs a voluntary plan, keeps an anonymous pledge nameless, refuses other communities and bad input in Chinese', async () => {
		const s = await makeCommunityWithOwners();
		const other = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const [topic] = await db
			.insert(table.topic)
			.values({ communityId: s.community.id, title: '路灯', description: '路灯坏了', category: 'facility', status: 'accepted', proposerId: s.owners[0].user.id })
			.returning();
		const created = await createRoute(event(c, { communityId: String(s.community.id) }, { topicId: topic.id, title: '路灯改造', splitRule: 'voluntary' }));
		expect(created.status).toBe(201);
		const planId = String((await created.json()).id);
		const p = { planId };
		const ok = async (name: string, user: Actor, body: unknown) => {
			const res = await (await step(name))(event(user, p, body));
			expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
			return res.json();
		};
		const item = await ok('items', c, { name: '路灯12盏' });
		const quote = await ok('quotes', c, { itemId: item.id, supplier: '太阳能灯厂', amount: '8000' });
		await ok('choice', c, { quoteId: quote.id, reason: '免电费' });
		await ok('sources', c, { kind: 'hoa_income', amount: 7000 });
		await ok('sources', c, { kind: 'residents', amount: '1000.00' });
		await ok('publish', c, undefined);
		await ok('pledges', s.owners[1].actor, { amount: '50', showName: false });

		const bad = await (await step('payments'))(event(c, p, { amount: '1.234', method: 'cash' }));
		expect(bad.status).toBe(400);
		const err = (await bad.json()).error;
		expect(err.code).toBe('invalid_input');
		expect(err.fields.amount).toMatch(/金额/);
		expect(err.fields.receiptNo).toBeTruthy();
		const notJson = await (await step('payments'))(event(c, p, '{oops'));
		expect(notJson.status).toBe(400);

		const view = await (await viewRoute(event(s.owners[2].actor, p))).json();
		expect(view.totalFen).toBe(800_000);
		expect(view.pledges).toEqual([expect.objectContaining({ amountFen: 5_000, name: null })]);
		expect(JSON.stringify(view)).not.toContain(s.owners[1].user.name);

		for (const res of [
			await viewRoute(event(other.owners[0].actor, p)),
			await ledgerRoute(event(other.owners[0].actor, p)),
			await listRoute(event(other.owners[0].actor, { communityId: String(s.community.id) })),
			await (await step('payments'))(event(other.committee.actor, p, { payerName: 'x', amount: '1', method: 'cash', receiptNo: 'Z' }))
		]) {
			expect(res.status).toBe(403);
			expect((await res.json()).error.code).toBe('forbidden');
		}
		expect((await splitRoute(event(s.owners[0].actor, p))).status).toBe(403);
		expect((await viewRoute(event(null, p))).status).toBe(401);
	});

	it('a draft’s items, quotes and sources are corrected and removed by its committee only, and not once published', async () => {
		const s = await makeCommunityWithOwners();
		const other = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const [topic] = await db
			.insert(table.topic)
			.values({ communityId: s.community.id, title: '路灯', description: '路灯坏了', category: 'facility', status: 'accepted', proposerId: s.owners[0].user.id })
			.returning();
		const created = await createRoute(event(c, { communityId: String(s.community.id) }, { topicId: topic.id, title: '路灯改造', splitRule: 'voluntary' }));
		const planId = String((await created.json()).id);
		const post = async (name: string, body: unknown) => (await (await step(name))(event(c, { planId }, body))).json();
		const part = async (kind: 'items' | 'quotes' | 'sources', param: string, id: number, method: 'PATCH' | 'DELETE', user: Actor | null, body?: unknown) => {
			const route = (await import(`../../src/routes/api/v1/plans/[planId]/${kind}/[${param}]/+server.ts`))[method];
			const request = new Request('http://localhost/api/v1/x', { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
			return route({ request, url: new URL(request.url), params: { planId, [param]: String(id) }, locals: { user, session: null } } as never) as Promise<Response>;
		};
		const item = await post('items', { name: '路灯12盏' });
		const typo = await post('quotes', { itemId: item.id, supplier: '太阳能灯厂', amount: '80000' });
		await post('choice', { quoteId: typo.id, reason: '免电费' });
		const source = await post('sources', { kind: 'hoa_income', amount: '7000' });
		const viewOf = async () => (await viewRoute(event(c, { planId }))).json();

		// the typo corrected: the chosen quote stays chosen at its new amount
		expect((await part('quotes', 'quoteId', typo.id, 'PATCH', c, { supplier: '太阳能灯厂', amount: '8000' })).status).toBe(200);
		expect((await part('items', 'itemId', item.id, 'PATCH', c, { name: '太阳能路灯12盏', note: '含安装' })).status).toBe(200);
		expect((await part('sources', 'sourceId', source.id, 'PATCH', c, { kind: 'project_fund', name: '街道项目资金', amount: '6000' })).status).toBe(200);
		let view = await viewOf();
		expect(view.totalFen).toBe(800_000);
		expect(view.items).toEqual([expect.objectContaining({ name: '太阳能路灯12盏', note: '含安装', chosenFen: 800_000 })]);
		expect(view.sources).toEqual([expect.objectContaining({ kind: 'project_fund', name: '街道项目资金', amountFen: 600_000 })]);

		// bad input: Chinese beside the field; someone else's plan, a resident, nobody: refused, nothing changed
		const bad = await part('quotes', 'quoteId', typo.id, 'PATCH', c, { supplier: '', amount: '1.234' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.fields).toMatchObject({ supplier: expect.stringMatching(/[\u4e00-\u9fff]/), amount: expect.stringMatching(/金额/) });
		expect((await part('quotes', 'quoteId', typo.id, 'DELETE', other.committee.actor)).status).toBe(403);
		expect((await part('sources', 'sourceId', source.id, 'DELETE', s.owners[0].actor)).status).toBe(403);
		expect((await part('items', 'itemId', item.id, 'DELETE', null)).status).toBe(401);
		expect((await part('quotes', 'quoteId', 999_999, 'DELETE', c)).status).toBe(404);

		// removing the chosen quote leaves the item unchosen; removing the item takes its quotes
		const second = await post('quotes', { itemId: item.id, supplier: '照明公司', amount: '12000' });
		expect((await part('quotes', 'quoteId', typo.id, 'DELETE', c)).status).toBe(200);
		view = await viewOf();
		expect(view.items[0]).toMatchObject({ chosenQuoteId: null, chosenReason: null, quotes: [expect.objectContaining({ id: second.id })] });
		expect((await part('sources', 'sourceId', source.id, 'DELETE', c)).status).toBe(200);
		expect((await part('items', 'itemId', item.id, 'DELETE', c)).status).toBe(200);
		view = await viewOf();
		expect([view.items, view.sources, view.totalFen]).toEqual([[], [], 0]);

		// published: its parts stay as published
		const kept = await post('items', { name: '路灯12盏' });
		const q = await post('quotes', { itemId: kept.id, supplier: '太阳能灯厂', amount: '8000' });
		await post('choice', { quoteId: q.id, reason: '免电费' });
		const src = await post('sources', { kind: 'hoa_income', amount: '8000' });
		expect((await (await step('publish'))(event(c, { planId }))).status).toBe(200);
		for (const res of [
			await part('items', 'itemId', kept.id, 'DELETE', c),
			await part('quotes', 'quoteId', q.id, 'PATCH', c, { supplier: '别家', amount: '1' }),
			await part('sources', 'sourceId', src.id, 'DELETE', c)
		]) {
			expect(res.status).toBe(409);
			expect((await res.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
		}
		expect((await viewOf()).totalFen).toBe(800_000);
	});

	it('every plan endpoint is in the OpenAPI document', () => {
		const root = path.resolve('src/routes/api/v1');
		const found: string[] = [];
		const walk = (dir: string) => {
			for (const e of readdirSync(dir, { withFileTypes: true })) {
				if (e.isDirectory()) walk(path.join(dir, e.name));
				else if (e.name === '+server.ts' && /plans/.test(path.relative(root, dir))) found.push('/' + path.relative(root, dir).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}'));
			}
		};
		walk(root);
		expect(found.length).toBe(20);
		const paths = Object.keys(document().paths);
		for (const f of found) expect(paths, f).toContain(f);
	});
});
