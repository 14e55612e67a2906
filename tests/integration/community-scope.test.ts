/**
 * A record is reached only under its own community's address: a form posted to /c/<A>/… naming a record of
 * community B is refused as not found and writes nothing, even by B's own committee (who may change the record
 * under B's address); the pages and files under /c/<A>/… do not show it either.
 */
import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as plans from '$lib/server/plans';
import * as requests from '$lib/server/requests';
import * as resolutions from '$lib/server/resolutions';
import * as votes from '$lib/server/votes';
import { shanghaiToday } from '$lib/time';
import { makeCommunityWithOwners } from './fixtures';
import { makeSession, makeTopic } from './minutes-fixtures';

type Place = Awaited<ReturnType<typeof makeCommunityWithOwners>>;
type Handler = (event: never) => Promise<unknown>;
type Module = { load?: unknown; actions?: unknown; GET?: unknown };

const event = (user: unknown, params: Record<string, string>, form?: Record<string, string>) => {
	const url = new URL(`http://localhost/c/${params.cid}/x`);
	return {
		locals: { user },
		params,
		url,
		request: new Request(url, form ? { method: 'POST', body: new URLSearchParams(form) } : {}),
		setHeaders: () => {}
	} as never;
};

async function statusOf(p: Promise<unknown>): Promise<number> {
	try {
		const out = await p;
		return out instanceof Response ? out.status : 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

interface Case {
	kind: string;
	route: () => Promise<Module>;
	param: string;
	/** the record in community B, made as its committee would */
	make: (b: Place) => Promise<number>;
	action: string;
	actor: (b: Place) => unknown;
	form: Record<string, string>;
	/** what the action changes, read straight from the tables */
	state: (id: number) => Promise<unknown>;
	/** files below the record's page, refused the same way */
	files?: [string, () => Promise<Module>][];
}

const cases: Case[] = [
	{
		kind: 'vote',
		route: () => import('../../src/routes/c/[cid]/votes/[vid]/+page.server'),
		param: 'vid',
		make: async (b) => (await votes.create(b.committee.actor, b.community.id, { title: '加装电梯', kind: 'binding', matter: 'rebuild' })).id,
		action: 'open',
		actor: (b) => b.committee.actor,
		form: {},
		state: async (id) => JSON.stringify(await db.select().from(table.vote).where(eq(table.vote.id, id))),
		files: [
			['notice', () => import('../../src/routes/c/[cid]/votes/[vid]/notice/+page.server')],
			['papers', () => import('../../src/routes/c/[cid]/votes/[vid]/papers/+page.server')],
			['register.xlsx', () => import('../../src/routes/c/[cid]/votes/[vid]/register.xlsx/+server')]
		]
	},
	{
		kind: 'session',
		route: () => import('../../src/routes/c/[cid]/sessions/[sid]/+page.server'),
		param: 'sid',
		make: async (b) => (await makeSession(b, { status: 'draft' })).session.id,
		action: 'publish',
		actor: (b) => b.committee.actor,
		form: {},
		state: async (id) => JSON.stringify(await db.select().from(table.deliberationSession).where(eq(table.deliberationSession.id, id))),
		files: [['poster', () => import('../../src/routes/c/[cid]/sessions/[sid]/poster/+page.server')]]
	},
	{
		kind: 'plan',
		route: () => import('../../src/routes/c/[cid]/plans/[pid]/+page.server'),
		param: 'pid',
		make: async (b) => {
			const topic = await makeTopic(b, '小区路灯损坏', 'accepted');
			return (await plans.create(b.committee.actor, b.community.id, { topicId: topic.id, title: '更换12盏路灯', splitRule: 'voluntary' })).id;
		},
		action: 'item',
		actor: (b) => b.committee.actor,
		form: { name: '12盏路灯' },
		state: async (id) => (await db.select({ n: count() }).from(table.planItem).where(eq(table.planItem.planId, id)))[0].n,
		files: [
			['ledger', () => import('../../src/routes/c/[cid]/plans/[pid]/ledger/+page.server')],
			['plan.xlsx', () => import('../../src/routes/c/[cid]/plans/[pid]/plan.xlsx/+server')]
		]
	},
	{
		kind: 'topic',
		route: () => import('../../src/routes/c/[cid]/topics/[tid]/+page.server'),
		param: 'tid',
		make: async (b) => (await makeTopic(b)).id,
		action: 'comment',
		actor: (b) => b.owners[1].actor,
		form: { body: '燃气管道请走北侧' },
		state: async (id) => (await db.select({ n: count() }).from(table.topicComment).where(eq(table.topicComment.topicId, id)))[0].n
	},
	{
		kind: 'request',
		route: () => import('../../src/routes/c/[cid]/requests/[rid]/+page.server'),
		param: 'rid',
		make: async (b) =>
			(await requests.report(b.owners[0].actor, b.community.id, { category: 'facility', description: '1单元楼道灯不亮，晚上上下楼很危险。', location: '1单元3楼' })).id,
		action: 'classify',
		actor: (b) => b.committee.actor,
		form: { colour: 'yellow' },
		state: async (id) => JSON.stringify(await db.select().from(table.request).where(eq(table.request.id, id)))
	},
	{
		kind: 'resolution',
		route: () => import('../../src/routes/c/[cid]/resolutions/[rid]/+page.server'),
		param: 'rid',
		make: async (b) => {
			const { session } = await makeSession(b);
			return (await resolutions.create(b.committee.actor, session.id, { text: '改走北侧', responsibleName: '王工程师', deadline: shanghaiToday() })).id;
		},
		action: 'progress',
		actor: (b) => b.committee.actor,
		form: { note: '已与燃气公司确认北侧走向' },
		state: async (id) =>
			(await db.select({ n: count() }).from(table.resolutionProgress).where(eq(table.resolutionProgress.resolutionId, id)))[0].n
	}
];

describe('a record of another community under this community’s address', async () => {
	const a = await makeCommunityWithOwners();
	const b = await makeCommunityWithOwners();

	it.each(cases)('$kind: the form is refused 404 with nothing written, the pages are not found', async (c) => {
		const id = await c.make(b);
		const route = await c.route();
		const act = (route.actions as Record<string, Handler>)[c.action];
		const here = { cid: String(a.community.id), [c.param]: String(id) };
		const own = { cid: String(b.community.id), [c.param]: String(id) };
		const before = await c.state(id);

		const refused = (await act(event(c.actor(b), here, c.form))) as { status: number; data: { message: string; code: string } };
		expect(refused.status).toBe(404);
		expect(refused.data).toMatchObject({ code: 'not_found', message: m.err_not_found() });
		expect(refused.data.message).toMatch(/[\u4e00-\u9fff]/);
		expect(await c.state(id)).toEqual(before);

		expect(await statusOf((route.load as Handler)(event(c.actor(b), here)))).toBe(404);
		for (const [name, file] of c.files ?? []) {
			const mod = await file();
			const handler = (mod.load ?? mod.GET) as Handler;
			expect([name, await statusOf(handler(event(b.committee.actor, here)))]).toEqual([name, 404]);
			expect([name, await statusOf(handler(event(b.committee.actor, own)))]).toEqual([name, 200]);
		}

		// the same form under the record's own address is taken: the refusal above was the address, not the form
		expect(await statusOf((route.load as Handler)(event(c.actor(b), own)))).toBe(200);
		const taken = (await act(event(c.actor(b), own, c.form))) as { status?: number; data?: unknown };
		expect(taken).not.toHaveProperty('status');
		expect(await c.state(id)).not.toEqual(before);
	});

	it('a membership of another community named in the members form is refused the same way', async () => {
		const pending = await db
			.insert(table.membership)
			.values({ userId: b.owners[0].user.id, communityId: b.community.id, role: 'resident', status: 'pending' })
			.returning();
		const members = await import('../../src/routes/c/[cid]/committee/members/+page.server');
		const verify = (members.actions as Record<string, Handler>).verify;
		const refused = (await verify(event(b.committee.actor, { cid: String(a.community.id) }, { membershipId: String(pending[0].id), role: 'resident' }))) as {
			status: number;
		};
		expect(refused.status).toBe(404);
		const [after] = await db.select().from(table.membership).where(eq(table.membership.id, pending[0].id));
		expect(after.status).toBe('pending');
		const taken = await verify(event(b.committee.actor, { cid: String(b.community.id) }, { membershipId: String(pending[0].id), role: 'resident' }));
		expect(taken).not.toHaveProperty('status');
	});
});
