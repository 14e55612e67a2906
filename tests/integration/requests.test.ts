import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as requests from '$lib/server/requests';
import * as topics from '$lib/server/topics';
import { deadlineFor } from '$lib/domain/request-clock';
import { monthOf } from '$lib/domain/request-board';
import type { SessionUser } from '$lib/server/auth';
import { actorOf, makeCommunity, makeUser, refusal } from './fixtures';
import { readsOf, statementsOf } from './statements';

type Place = Awaited<ReturnType<typeof makeCommunity>>;

let A: Place;
let B: Place;
let committee: SessionUser;
let reporter: SessionUser;
let neighbour: SessionUser;
let gridWorker: SessionUser;
let otherGridWorker: SessionUser;
let otherCommittee: SessionUser;
let otherResident: SessionUser;
let streetAdmin: SessionUser;

async function gridUser(communityId: number, gridId: number, name: string) {
	const { user } = await makeUser({ name });
	await db.insert(table.membership).values({ userId: user.id, communityId, role: 'grid', gridId, status: 'verified' });
	return actorOf(user.id);
}

const valid = { category: 'facility', description: '1单元楼道灯不亮，晚上上下楼很危险。', location: '1单元3楼楼道', contactPreference: 'phone' };

beforeAll(async () => {
	A = await makeCommunity('金阳社区');
	B = await makeCommunity('安公社区');
	const [g1] = await db.insert(table.grid).values({ communityId: A.community.id, name: '第一网格' }).returning();
	const [g2] = await db.insert(table.grid).values({ communityId: A.community.id, name: '第二网格' }).returning();
	await db.update(table.building).set({ gridId: g1.id }).where(eq(table.building.id, A.building.id));
	committee = (await makeUser({ communityId: A.community.id, role: 'committee', name: '王主任' })).actor;
	reporter = (await makeUser({ communityId: A.community.id, role: 'owner', unitId: A.units[0].id, name: '李大爷' })).actor;
	neighbour = (await makeUser({ communityId: A.community.id, role: 'resident', unitId: A.units[1].id, name: '邻居' })).actor;
	gridWorker = await gridUser(A.community.id, g1.id, '刘芳');
	otherGridWorker = await gridUser(A.community.id, g2.id, '网格员二');
	otherCommittee = (await makeUser({ communityId: B.community.id, role: 'committee' })).actor;
	otherResident = (await makeUser({ communityId: B.community.id, role: 'resident', unitId: B.units[0].id })).actor;
	streetAdmin = (await makeUser({ role: 'street_admin', streetId: A.street.id })).actor;
});

describe('reporting', () => {
	it('a resident reports from the building code: the building is pre-filled and a tracking link comes back', async () => {
		const target = await requests.reportTarget(`b${A.building.id}`);
		expect(target.community.id).toBe(A.community.id);
		expect(target.building?.id).toBe(A.building.id);
		const done = await requests.report(reporter, A.community.id, { ...valid, buildingId: String(A.building.id) });
		expect(done.token).toMatch(/^[a-z2-7]{24}$/);
		const tracked = await requests.track(done.token);
		expect(tracked.status).toBe('new');
		expect(tracked.place).toContain('1栋');
		expect(tracked.contact.name).toBe('李大爷');
	});

	it('the entrance code pre-fills building and entrance', async () => {
		const target = await requests.reportTarget(`e${A.entrance.id}`);
		expect(target.building?.id).toBe(A.building.id);
		expect(target.entrance?.name).toBe('1单元');
		const site = await requests.reportTarget(`c${A.community.id}`);
		expect(site.building).toBeNull();
		expect(site.buildings.map((b) => b.id)).toEqual([A.building.id]);
		await expect(requests.reportTarget('c999999')).rejects.toMatchObject({ status: 404 });
		await expect(requests.reportTarget('b999999')).rejects.toMatchObject({ status: 404 });
		await expect(requests.reportTarget('x1')).rejects.toMatchObject({ status: 404 });
	});

	it('without an account a phone number is required, with its message in Chinese beside the field', async () => {
		const e = await refusal(requests.report(null, A.community.id, valid));
		expect(e.status).toBe(400);
		expect(e.fields.reporterPhone).toMatch(/手机号/);
		const bad = await refusal(requests.report(null, A.community.id, { ...valid, reporterPhone: '12345' }));
		expect(bad.fields.reporterPhone).toMatch(/11位手机号/);
		const ok = await requests.report(null, A.community.id, { ...valid, reporterPhone: '13912345678', reporterName: '张阿姨' });
		const tracked = await requests.track(ok.token);
		expect(tracked.contact).toMatchObject({ phone: '13912345678', name: '张阿姨', signedIn: false });
	});

	it('bad input is refused field by field in Chinese, and nothing is written', async () => {
		const [{ before }] = await db.select({ before: table.request.id }).from(table.request).orderBy(table.request.id).limit(1);
		const e = await refusal(requests.report(reporter, A.community.id, { category: 'bogus', description: '  ', location: 'x'.repeat(101) }));
		expect(e.status).toBe(400);
		expect(e.fields).toMatchObject({ category: '请选择问题类别', description: expect.stringMatching(/请描述问题/), location: expect.stringMatching(/100字/) });
		const wrongBuilding = await refusal(requests.report(reporter, A.community.id, { ...valid, buildingId: B.building.id }));
		expect(wrongBuilding.fields.buildingId).toMatch(/本社区的楼栋/);
		const rows = await db.select().from(table.request).where(eq(table.request.description, '  '));
		expect(rows).toHaveLength(0);
		expect(before).toBeGreaterThan(0);
	});

	it('a forged or unknown tracking token finds nothing', async () => {
		await expect(requests.track('aaaaaaaaaaaaaaaaaaaaaaaa')).rejects.toMatchObject({ status: 404 });
		await expect(requests.track('../../etc')).rejects.toMatchObject({ status: 404 });
	});
});

describe('contact details and who may see a request', () => {
	let requestId: number;
	beforeAll(async () => {
		requestId = (await requests.report(null, A.community.id, { ...valid, buildingId: A.building.id, reporterPhone: '13911112222', reporterName: '赵先生' })).id;
	});

	it('the committee and the grid worker of the building see the phone number', async () => {
		expect((await requests.get(committee, requestId)).contact.phone).toBe('13911112222');
		expect((await requests.get(gridWorker, requestId)).contact.phone).toBe('13911112222');
	});

	it('another resident, a grid worker of another grid, the street admin and another community are refused', async () => {
		expect((await refusal(requests.get(neighbour, requestId))).status).toBe(403);
		expect((await refusal(requests.get(otherGridWorker, requestId))).status).toBe(403);
		expect((await refusal(requests.get(otherCommittee, requestId))).status).toBe(404);
		expect((await refusal(requests.get(otherResident, requestId))).status).toBe(404);
		expect((await refusal(requests.get(streetAdmin, requestId))).status).toBe(404);
		expect((await refusal(requests.get(null, requestId))).status).toBe(401);
	});

	it("a resident's list holds only their own requests; the grid worker's holds their grid's", async () => {
		const mine = await requests.report(neighbour, A.community.id, { ...valid, description: '邻居自己的诉求' });
		const list = await requests.desk(neighbour, A.community.id, { status: 'all' });
		expect(list.handler).toBe(false);
		expect(list.items.map((i) => i.id)).toEqual([mine.id]);
		const gridList = await requests.desk(gridWorker, A.community.id, { status: 'all' });
		expect(gridList.items.map((i) => i.id)).toContain(requestId);
		// no building, so not in the first grid's list
		expect(gridList.items.map((i) => i.id)).not.toContain(mine.id);
		const otherGrid = await requests.desk(otherGridWorker, A.community.id, { status: 'all' });
		expect(otherGrid.items.map((i) => i.id)).not.toContain(requestId);
		expect((await refusal(requests.desk(null, A.community.id))).status).toBe(401);
	});

	it('the list prints the building once when the location only repeats it, and keeps a location that adds to it', async () => {
		const place = `${A.estate.name} ${A.building.name}`;
		const same = await requests.report(committee, A.community.id, { ...valid, buildingId: A.building.id, location: place });
		const more = await requests.report(committee, A.community.id, { ...valid, buildingId: A.building.id, location: '1单元门口台阶' });
		const items = (await requests.desk(committee, A.community.id, { status: 'all' })).items;
		expect(items.find((i) => i.id === same.id)).toMatchObject({ place, location: '' });
		expect(items.find((i) => i.id === more.id)).toMatchObject({ place, location: '1单元门口台阶' });
	});

	it('handling is refused to a resident, another grid and another community', async () => {
		for (const who of [neighbour, otherGridWorker, otherCommittee]) {
			const e = await refusal(requests.classify(who, requestId, { colour: 'green' }));
			expect([403, 404]).toContain(e.status);
		}
		const [r] = await db.select().from(table.request).where(eq(table.request.id, requestId));
		expect(r.status).toBe('new');
	});
});

describe('handling on the 515303 clock', () => {
	let requestId: number;
	let token: string;
	beforeAll(async () => {
		const done = await requests.report(reporter, A.community.id, { ...valid, buildingId: A.building.id });
		requestId = done.id;
		token = done.token;
	});

	it('the grid worker classifies it yellow: accepted, responded, deadline one calendar month from acceptance', async () => {
		const r = await requests.classify(gridWorker, requestId, { colour: 'yellow' });
		expect(r.status).toBe('handling');
		expect(r.deadline).toEqual(deadlineFor('yellow', r.acceptedAt!));
		expect(r.respondedAt).not.toBeNull();
		const d = await requests.get(reporter, requestId);
		expect(d.clock.resolve?.due).toEqual(r.deadline);
		expect(d.updates.map((u) => u.kind)).toEqual(['reported', 'accepted']);
		expect(d.updates[1].body).toContain('黄色');
		const logged = await db.select().from(table.auditLog).where(and(eq(table.auditLog.targetType, 'request'), eq(table.auditLog.targetId, requestId)));
		expect(logged.map((l) => l.action)).toContain('request.accepted');
	});

	it('steps are recorded at the time given (Beijing time); a time before the report or in the future is refused', async () => {
		const reported = (await requests.get(committee, requestId)).reportedAt;
		const e = await refusal(requests.recordStep(gridWorker, requestId, { step: 'arrive', at: '2020-01-01T08:00' }));
		expect(e.fields.at).toMatch(/不能早于上报时间/);
		const f = await refusal(requests.recordStep(gridWorker, requestId, { step: 'arrive', at: '2099-01-01 08:00' }));
		expect(f.fields.at).toBeDefined();
		const bad = await refusal(requests.recordStep(gridWorker, requestId, { step: 'fly' }));
		expect(bad.fields.step).toBe('请选择环节');
		const r = await requests.recordStep(gridWorker, requestId, { step: 'arrive' });
		expect(r.arrivedAt!.getTime()).toBeGreaterThanOrEqual(reported.getTime());
		const p = await requests.recordStep(gridWorker, requestId, { step: 'plan', note: '更换楼道灯泡和声控开关' });
		expect(p.planNote).toBe('更换楼道灯泡和声控开关');
		expect((await refusal(requests.recordStep(gridWorker, requestId, { step: 'plan' }))).code).toBe('step_done');
		expect((await refusal(requests.recordStep(gridWorker, requestId, { step: 'followup' }))).code).toBe('not_closed');
	});

	it('dispatch to the property firm and a progress update reach the tracking page', async () => {
		await requests.dispatch(gridWorker, requestId, { party: '金阳物业公司' });
		await requests.progress(gridWorker, requestId, { body: '物业已订购声控开关，周五到货。' });
		const t = await requests.track(token);
		expect(t.dispatchedTo).toBe('金阳物业公司');
		expect(t.updates.map((u) => u.body)).toContain('物业已订购声控开关，周五到货。');
		expect((await refusal(requests.dispatch(gridWorker, requestId, { party: '' }))).fields.party).toMatch(/转派单位/);
	});

	it('the reporter cannot evaluate before closing; after closing once, and a second time is refused', async () => {
		expect((await refusal(requests.evaluate(reporter, requestId, { rating: 'satisfied' }))).code).toBe('not_closed');
		expect((await refusal(requests.close(gridWorker, requestId, { result: '' }))).fields.result).toBeDefined();
		const closed = await requests.close(gridWorker, requestId, { result: '已更换声控开关，楼道灯恢复。' });
		expect(closed.status).toBe('closed');
		expect((await refusal(requests.evaluate(neighbour, requestId, { rating: 'satisfied' }))).code).toBe('not_reporter');
		expect((await refusal(requests.evaluate(reporter, requestId, { rating: 'great' }))).fields.rating).toBe('请选择评价');
		await requests.evaluate(reporter, requestId, { rating: 'satisfied', comment: '很快' });
		expect((await refusal(requests.evaluate(reporter, requestId, { rating: 'basic' }))).code).toBe('already_evaluated');
		expect((await refusal(requests.evaluateByToken(token, { rating: 'basic' }))).code).toBe('already_evaluated');
		const d = await requests.get(reporter, requestId);
		expect(d.evaluation?.rating).toBe('satisfied');
		expect(d.canEvaluate).toBe(false);
		expect((await refusal(requests.progress(gridWorker, requestId, { body: '再说一句' }))).code).toBe('not_open');
	});

	it('the follow-up visit is recorded after closing; its due time is 3 days after closing', async () => {
		const d0 = await requests.get(committee, requestId);
		expect(d0.clock.followUp?.due.getTime()).toBe(d0.closedAt!.getTime() + 3 * 86_400_000);
		await requests.recordStep(committee, requestId, { step: 'followup', note: '回访：居民满意' });
		const d = await requests.get(committee, requestId);
		expect(d.followedUpAt).not.toBeNull();
		expect(d.overdue).toBe(false);
	});

	it('an old request left unanswered shows as overdue on the desk', async () => {
		const [old] = await db
			.insert(table.request)
			.values({ communityId: A.community.id, buildingId: A.building.id, category: 'safety', description: '电动车楼道充电', trackingHash: requests.trackingHashOf(requests.newTrackingToken()), reportedAt: new Date(Date.now() - 3600_000) })
			.returning();
		const overdue = await requests.desk(gridWorker, A.community.id, { status: 'overdue' });
		expect(overdue.items.map((i) => i.id)).toContain(old.id);
		const d = await requests.get(gridWorker, old.id);
		expect(d.clock.respond.overdue).toBe(true);
		expect(d.clock.arrive.overdue).toBe(true);
		expect(d.clock.plan.overdue).toBe(true);
	});
});

describe('escalation to a topic', () => {
	it('becomes a topic in one step, linked both ways', async () => {
		const { id } = await requests.report(reporter, A.community.id, { ...valid, category: 'traffic', description: '小区停车位不够，消防通道常被占用。', location: '东门消防通道', buildingId: A.building.id });
		await requests.classify(committee, id, { colour: 'red' });
		const { topicId, request } = await requests.escalate(committee, id, {});
		expect(request.status).toBe('escalated');
		expect(request.topicId).toBe(topicId);
		const t = await topics.get(reporter, topicId);
		expect(t.topic.title).toContain('东门消防通道');
		expect(t.topic.description).toContain(`来自居民诉求 #${id}`);
		expect(t.topic.scope).toBe('building');
		const link = await requests.forTopic(reporter, topicId);
		expect(link).toEqual({ id, communityId: A.community.id, viewable: true });
		expect((await requests.forTopic(neighbour, topicId))?.viewable).toBe(false);
		const d = await requests.get(reporter, id);
		expect(d.topic?.id).toBe(topicId);
		expect((await refusal(requests.escalate(committee, id, {}))).code).toBe('not_open');
		expect((await refusal(requests.escalate(otherCommittee, id, {}))).status).toBe(404);
	});
});

describe('the monthly board', () => {
	it('counts this month by colour and category, with no names or phones', async () => {
		const month = monthOf(new Date());
		const b = await requests.board(neighbour, A.community.id, month);
		expect(b.board.collected).toBeGreaterThanOrEqual(5);
		expect(b.board.byColour.yellow).toBeGreaterThanOrEqual(1);
		expect(b.board.byColour.red).toBeGreaterThanOrEqual(1);
		expect(b.board.byCategory.facility).toBeGreaterThanOrEqual(3);
		expect(b.board.solved).toBeGreaterThanOrEqual(1);
		expect(b.board.escalated).toBeGreaterThanOrEqual(1);
		expect(b.board.evaluations.satisfied).toBeGreaterThanOrEqual(1);
		const json = JSON.stringify(b);
		expect(json).not.toContain('139');
		expect(json).not.toContain('李大爷');
		expect(json).not.toContain('赵先生');
	});

	it('another community and bad months are refused; the street admin sees the street side by side', async () => {
		expect((await refusal(requests.board(otherResident, A.community.id, monthOf(new Date())))).status).toBe(403);
		expect((await refusal(requests.board(neighbour, A.community.id, '2026-13'))).fields.month).toMatch(/2026-11/);
		const [second] = await db.insert(table.community).values({ streetId: A.street.id, name: '金阳第二社区' }).returning();
		await requests.report(null, second.id, { ...valid, reporterPhone: '13912121212' });
		const s = await requests.streetBoard(streetAdmin, monthOf(new Date()));
		expect(s.communities.map((c) => c.name)).toEqual(['金阳社区', '金阳第二社区']);
		expect(s.communities[0].board.collected).toBeGreaterThanOrEqual(5);
		expect(s.communities[1].board.collected).toBe(1);
		// another street's community is not there
		expect(s.communities.map((c) => c.id)).not.toContain(B.community.id);
		expect(JSON.stringify(s)).not.toContain('13912121212');
		expect((await refusal(requests.streetBoard(committee, monthOf(new Date())))).status).toBe(403);
	});
});

describe('posters', () => {
	it('the committee gets one sheet per building or entrance, each with a QR code of its report page', async () => {
		const p = await requests.posters(committee, A.community.id, { per: 'entrance' }, 'https://ysting.example.cn');
		expect(p.sheets).toHaveLength(1);
		expect(p.sheets[0].url).toBe(`https://ysting.example.cn/r/e${A.entrance.id}`);
		expect(p.sheets[0].qr).toContain('<svg');
		expect((await refusal(requests.posters(neighbour, A.community.id, {}, 'x'))).status).toBe(403);
		expect((await refusal(requests.posters(otherCommittee, A.community.id, {}, 'x'))).status).toBe(403);
	});
});

describe('JSON API and pages', async () => {
	const { POST: reportRoute, GET: listRoute } = await import('../../src/routes/api/v1/communities/[communityId]/requests/+server');
	const { POST: actionRoute } = await import('../../src/routes/api/v1/requests/[requestId]/[action]/+server');
	const { GET: getRoute } = await import('../../src/routes/api/v1/requests/[requestId]/+server');
	const { GET: trackRoute } = await import('../../src/routes/api/v1/requests/track/[token]/+server');
	const { GET: boardRoute } = await import('../../src/routes/api/v1/communities/[communityId]/requests/board/+server');
	const { document } = await import('$lib/server/openapi');

	type Handler = (event: never) => Promise<Response>;
	const call = (h: unknown, user: SessionUser | null, path: string, params: Record<string, string>, body?: unknown) => {
		const request = new Request(`http://localhost${path}`, body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
		return (h as Handler)({ request, url: new URL(request.url), params, locals: { user, session: null } } as never);
	};

	it('reports without an account, tracks by token, and the grid worker handles it through the API', async () => {
		const cid = String(A.community.id);
		const res = await call(reportRoute, null, `/api/v1/communities/${cid}/requests`, { communityId: cid }, { ...valid, buildingId: A.building.id, reporterPhone: '13933334444' });
		expect(res.status).toBe(201);
		const { id, token } = await res.json();
		const tracked = await (await call(trackRoute, null, `/api/v1/requests/track/${token}`, { token })).json();
		expect(tracked).toMatchObject({ id, status: 'new', contact: { phone: '13933334444' } });
		const classified = await call(actionRoute, gridWorker, `/api/v1/requests/${id}/classify`, { requestId: String(id), action: 'classify' }, { colour: 'green' });
		expect(classified.status).toBe(200);
		expect((await classified.json()).colour).toBe('green');
		const bad = await call(actionRoute, gridWorker, `/api/v1/requests/${id}/classify`, { requestId: String(id), action: 'classify' }, { colour: 'purple' });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ error: { code: 'invalid_input', message: '填写的内容有误，请按提示修改', fields: { colour: '请选择分类颜色' } } });
		const broken = await call(actionRoute, gridWorker, `/api/v1/requests/${id}/close`, { requestId: String(id), action: 'close' }, '{not json');
		expect(broken.status).toBe(400);
		expect((await broken.json()).error.code).toBe('bad_json');
		const unknown = await call(actionRoute, gridWorker, `/api/v1/requests/${id}/fly`, { requestId: String(id), action: 'fly' }, {});
		expect(unknown.status).toBe(404);
		const anonymousReport = await call(reportRoute, null, `/api/v1/communities/${cid}/requests`, { communityId: cid }, { ...valid });
		expect(anonymousReport.status).toBe(400);
		expect((await anonymousReport.json()).error.fields.reporterPhone).toMatch(/手机号/);
	});

	it('another community gets 404 for a request and 403 for the board; a neighbour gets 403 and no phone', async () => {
		const { id } = await requests.report(null, A.community.id, { ...valid, reporterPhone: '13955556666' });
		const other = await call(getRoute, otherCommittee, `/api/v1/requests/${id}`, { requestId: String(id) });
		expect(other.status).toBe(404);
		const n = await call(getRoute, neighbour, `/api/v1/requests/${id}`, { requestId: String(id) });
		expect(n.status).toBe(403);
		expect(await n.text()).not.toContain('13955556666');
		const cid = String(A.community.id);
		const list = await call(listRoute, neighbour, `/api/v1/communities/${cid}/requests?status=all`, { communityId: cid });
		expect(await list.text()).not.toContain('13955556666');
		const board = await call(boardRoute, otherResident, `/api/v1/communities/${cid}/requests/board`, { communityId: cid });
		expect(board.status).toBe(403);
		const mine = await call(boardRoute, neighbour, `/api/v1/communities/${cid}/requests/board?month=2026-1`, { communityId: cid });
		expect(mine.status).toBe(400);
		expect((await mine.json()).error.fields.month).toBe('月份格式如 2026-11');
	});

	it('every requests endpoint is in the OpenAPI document', () => {
		const doc = document();
		for (const p of [
			'/communities/{communityId}/requests',
			'/communities/{communityId}/requests/board',
			'/requests/{requestId}',
			'/requests/{requestId}/classify',
			'/requests/{requestId}/steps',
			'/requests/{requestId}/dispatch',
			'/requests/{requestId}/progress',
			'/requests/{requestId}/close',
			'/requests/{requestId}/evaluation',
			'/requests/{requestId}/escalate',
			'/requests/track/{token}',
			'/requests/track/{token}/evaluation'
		]) {
			expect(doc.paths, p).toHaveProperty([p]);
		}
	});

	it('the request page refuses a neighbour and shows the handler the phone; the topic page links back', async () => {
		const { load } = await import('../../src/routes/c/[cid]/requests/[rid]/+page.server');
		const { id } = await requests.report(null, A.community.id, { ...valid, buildingId: A.building.id, reporterPhone: '13977778888' });
		const page = (l: SessionUser | null, cid = A.community.id) =>
			(load as unknown as (e: never) => Promise<{ r: { contact: { phone: string } } }>)({
				locals: { user: l },
				params: { cid: String(cid), rid: String(id) },
				url: new URL(`http://localhost/c/${cid}/requests/${id}`)
			} as never);
		expect((await page(gridWorker)).r.contact.phone).toBe('13977778888');
		await expect(page(neighbour)).rejects.toMatchObject({ status: 403 });
		await expect(page(otherCommittee)).rejects.toMatchObject({ status: 404 });
		// the same request under another community's address is not found
		await expect(page(committee, B.community.id)).rejects.toMatchObject({ status: 404 });
	});
});

describe('the topic page of an escalated request', () => {
	it('says which request it came from, with a link for those who may open it', async () => {
		const { load } = await import('../../src/routes/c/[cid]/topics/[tid]/+page.server');
		const { id } = await requests.report(reporter, A.community.id, { ...valid, description: '电梯经常停运，需要加装或大修', buildingId: A.building.id });
		const { topicId } = await requests.escalate(gridWorker, id, { note: '涉及维修资金，需业主共同决定' });
		const page = (user: SessionUser) =>
			(load as unknown as (e: never) => Promise<{ fromRequest: { id: number; viewable: boolean } | null }>)({
				locals: { user },
				params: { cid: String(A.community.id), tid: String(topicId) },
				url: new URL(`http://localhost/c/${A.community.id}/topics/${topicId}`)
			} as never);
		expect((await page(reporter)).fromRequest).toEqual({ id, communityId: A.community.id, viewable: true });
		expect((await page(neighbour)).fromRequest).toMatchObject({ id, viewable: false });
		const r = await requests.get(gridWorker, id);
		expect(r.topic?.id).toBe(topicId);
		expect(r.updates.at(-1)?.body).toContain('涉及维修资金');
	});
});

describe('photos', async () => {
	const { PNG } = await import('pngjs');
	const png = () => {
		const img = new PNG({ width: 4, height: 4 });
		img.data.fill(200);
		return new Uint8Array(PNG.sync.write(img));
	};

	it('a report carries up to 3 photos, shown to the tracking link holder and the handlers only', async () => {
		const done = await requests.report(null, A.community.id, { ...valid, buildingId: A.building.id, reporterPhone: '13988889999' }, [{ name: '现场.png', bytes: png() }]);
		const tracked = await requests.track(done.token);
		expect(tracked.photos).toHaveLength(1);
		const pid = tracked.photos[0];
		expect((await requests.photo(null, pid, done.token)).mime).toBe('image/png');
		expect((await requests.photo(gridWorker, pid, null)).name).toBe('现场.png');
		expect((await refusal(requests.photo(neighbour, pid, null))).status).toBe(403);
		expect((await refusal(requests.photo(null, pid, null))).status).toBe(401);
		const other = await requests.report(null, A.community.id, { ...valid, reporterPhone: '13988889999' });
		expect((await refusal(requests.photo(null, pid, other.token))).status).toBe(404);
		expect((await refusal(requests.photo(otherCommittee, pid, null))).status).toBe(404);

		const { GET } = await import('../../src/routes/requests/photos/[pid]/+server');
		const res = await (GET as unknown as (e: never) => Promise<Response>)({
			locals: { user: null },
			params: { pid: String(pid) },
			url: new URL(`http://localhost/requests/photos/${pid}?t=${done.token}`)
		} as never);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('a handler opening a photo is checked against the request, without reading its timeline, people or topic', async () => {
		const done = await requests.report(null, A.community.id, { ...valid, buildingId: A.building.id, reporterPhone: '13988889999' }, [{ name: '现场.png', bytes: png() }]);
		const [pid] = (await requests.track(done.token)).photos;
		const { result, statements } = await statementsOf(() => requests.photo(gridWorker, pid, null));
		expect(result.name).toBe('现场.png');
		expect(readsOf(statements, 'request')).toHaveLength(1);
		for (const unread of ['request_update', 'request_evaluation', 'user', 'topic', 'entrance']) expect(readsOf(statements, unread)).toEqual([]);
	});

	it('the JSON API takes photos in base64 and refuses what is not a picture', async () => {
		const { POST } = await import('../../src/routes/api/v1/communities/[communityId]/requests/+server');
		const send = (body: unknown) => {
			const request = new Request('http://localhost/api', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
			return (POST as unknown as (e: never) => Promise<Response>)({ request, url: new URL(request.url), params: { communityId: String(A.community.id) }, locals: { user: null } } as never);
		};
		const ok = await send({ ...valid, reporterPhone: '13900001111', photos: [{ name: 'a.png', data: Buffer.from(png()).toString('base64') }] });
		expect(ok.status).toBe(201);
		expect((await requests.track((await ok.json()).token)).photos).toHaveLength(1);
		const text = await send({ ...valid, reporterPhone: '13900001111', photos: [{ name: 'a.png', data: Buffer.from('hello').toString('base64') }] });
		expect(text.status).toBe(400);
		expect((await text.json()).error.fields.photos).toBeTruthy();
		const junk = await send({ ...valid, reporterPhone: '13900001111', photos: 'x' });
		expect((await junk.json()).error.fields.photos).toMatch(/照片/);
	});

	it('a file that is not a picture, or a fourth photo, is refused beside the field and nothing is stored', async () => {
		const before = (await db.select().from(table.request)).length;
		const fake = await refusal(requests.report(reporter, A.community.id, valid, [{ name: 'x.jpg', bytes: new TextEncoder().encode('not a picture') }]));
		expect(fake.status).toBe(400);
		expect(fake.fields.photos).toBeTruthy();
		const many = await refusal(requests.report(reporter, A.community.id, valid, [1, 2, 3, 4].map(() => ({ name: 'a.png', bytes: png() }))));
		expect(many.fields.photos).toBe('最多上传 3 张照片');
		expect((await db.select().from(table.request)).length).toBe(before);
	});
});
