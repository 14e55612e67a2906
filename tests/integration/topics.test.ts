import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as topics from '$lib/server/topics';
import * as plans from '$lib/server/plans';
import * as requests from '$lib/server/requests';
import * as audit from '$lib/server/audit';
import * as communities from '$lib/server/communities';
import type { SessionUser } from '$lib/server/auth';
import { makeCommunity, makeUser, refusal } from './fixtures';
import { readsOf, statementsOf } from './statements';

type Place = Awaited<ReturnType<typeof makeCommunity>>;

const valid = { title: '小区路灯维修', description: '3栋门前的路灯坏了两个月，晚上很黑。', category: 'facility' };

let A: Place;
let B: Place;
let committee: SessionUser;
let proposer: SessionUser;
let residents: SessionUser[];
let grid: SessionUser;
let pending: SessionUser;
let otherResident: SessionUser;
let otherCommittee: SessionUser;

beforeAll(async () => {
	A = await makeCommunity('金阳社区');
	B = await makeCommunity('安公社区');
	committee = (await makeUser({ communityId: A.community.id, role: 'committee', name: '王主任' })).actor;
	proposer = (await makeUser({ communityId: A.community.id, role: 'resident', unitId: A.units[0].id, name: '李大爷' })).actor;
	residents = [];
	for (let i = 0; i < 4; i++) {
		residents.push((await makeUser({ communityId: A.community.id, role: 'owner', unitId: A.units[i].id, name: `居民${i}` })).actor);
	}
	grid = (await makeUser({ communityId: A.community.id, role: 'grid', name: '网格员小张' })).actor;
	pending = (await makeUser({ communityId: A.community.id, role: 'resident', status: 'pending', unitId: A.units[1].id })).actor;
	otherResident = (await makeUser({ communityId: B.community.id, role: 'resident', unitId: B.units[0].id })).actor;
	otherCommittee = (await makeUser({ communityId: B.community.id, role: 'committee' })).actor;
});

describe('proposing a topic', () => {
	it('creates a collecting topic with a "proposed" entry on its timeline', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		expect(t.status).toBe('collecting');
		expect(t.secondCount).toBe(0);
		const view = await topics.get(proposer, t.id);
		expect(view.timeline).toMatchObject([{ kind: 'proposed', toStatus: 'collecting', actorName: '李大爷' }]);
		expect(view.topic.proposerName).toBe('李大爷');
	});

	it('grid workers and the committee may propose; a pending registration may not', async () => {
		await expect(topics.propose(grid, A.community.id, valid)).resolves.toMatchObject({ status: 'collecting' });
		await expect(topics.propose(committee, A.community.id, valid)).resolves.toMatchObject({ status: 'collecting' });
		const e = await refusal(topics.propose(pending, A.community.id, valid));
		expect(e.status).toBe(403);
		expect(e.message).toContain('尚未经居委会核实');
	});

	it.each([
		{ name: 'a missing title', input: { ...valid, title: '   ' }, field: 'title', message: '请填写标题（最多60个字）' },
		{ name: 'a title over 60 characters', input: { ...valid, title: '路'.repeat(61) }, field: 'title', message: '请填写标题（最多60个字）' },
		{ name: 'a missing description', input: { ...valid, description: '' }, field: 'description', message: '请填写说明（最多2000个字）' },
		{ name: 'a description over 2000 characters', input: { ...valid, description: '灯'.repeat(2001) }, field: 'description', message: '请填写说明（最多2000个字）' },
		{ name: 'a description left out of the request', input: { title: '路灯', category: 'facility' }, field: 'description', message: '请填写说明（最多2000个字）' },
		{ name: 'an unknown category', input: { ...valid, category: 'weather' }, field: 'category', message: '请选择类别' },
		{ name: 'an unknown scope', input: { ...valid, scope: 'planet' }, field: 'scope', message: '请选择涉及范围' },
		{ name: 'an estate scope without an estate', input: { ...valid, scope: 'estate', estateId: '' }, field: 'estateId', message: '请选择本社区的一个小区' },
		{ name: 'a building scope without a building', input: { ...valid, scope: 'building' }, field: 'buildingId', message: '请选择本社区的一栋楼' }
	])('refuses $name with a Chinese message beside the field', async ({ input, field, message }) => {
		const e = await refusal(topics.propose(proposer, A.community.id, input));
		expect(e.status).toBe(400);
		expect(e.fields[field]).toBe(message);
	});

	it('refuses an estate or building of another community', async () => {
		const e1 = await refusal(topics.propose(proposer, A.community.id, { ...valid, scope: 'estate', estateId: B.estate.id }));
		expect(e1.fields.estateId).toBe('请选择本社区的一个小区');
		const e2 = await refusal(topics.propose(proposer, A.community.id, { ...valid, scope: 'building', buildingId: String(B.building.id) }));
		expect(e2.fields.buildingId).toBe('请选择本社区的一栋楼');
	});

	it('a building topic also belongs to that building’s estate', async () => {
		const t = await topics.propose(proposer, A.community.id, { ...valid, scope: 'building', buildingId: String(A.building.id) });
		expect(t).toMatchObject({ scope: 'building', buildingId: A.building.id, estateId: A.estate.id });
	});
});

describe('seconding (附议)', () => {
	it('a resident seconds once; a second attempt is refused with 409', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const r = await topics.second(residents[0], t.id);
		expect(r.secondCount).toBe(1);
		const e = await refusal(topics.second(residents[0], t.id));
		expect(e.status).toBe(409);
		expect(e.message).toBe('您已附议过该议题');
		expect((await topics.get(residents[0], t.id)).topic.secondCount).toBe(1);
	});

	it('ten simultaneous seconds by one person leave exactly one', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const results = await Promise.allSettled(Array.from({ length: 10 }, () => topics.second(residents[1], t.id)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results.filter((r) => r.status === 'rejected')) {
			expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, message: '您已附议过该议题' });
		}
		const rows = await db.select().from(table.topicSecond).where(eq(table.topicSecond.topicId, t.id));
		expect(rows).toHaveLength(1);
		expect((await topics.get(committee, t.id)).topic.secondCount).toBe(1);
	});

	it('reaching the threshold (3) flags the topic for the committee, once', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		expect((await topics.second(residents[0], t.id)).flagged).toBe(false);
		expect((await topics.second(residents[1], t.id)).flagged).toBe(false);
		const third = await topics.second(residents[2], t.id);
		expect(third).toMatchObject({ secondCount: 3, threshold: 3, flagged: true });
		expect((await topics.second(residents[3], t.id)).flagged).toBe(false);
		const view = await topics.get(committee, t.id);
		expect(view.topic.flaggedAt).toBeInstanceOf(Date);
		const flags = view.timeline.filter((e) => e.kind === 'flagged');
		expect(flags).toHaveLength(1);
		expect(flags[0].note).toBe('附议人数达到 3 人，提交居委会审议');
		expect(view.timeline.filter((e) => e.kind === 'seconded').map((e) => e.actorName)).toEqual(['居民0', '居民1', '居民2', '居民3']);
		const desk = await topics.awaitingScreening(committee, A.community.id);
		expect(desk.map((d) => d.id)).toContain(t.id);
	});

	it('a pending registration cannot second and is told it is not yet verified', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const e = await refusal(topics.second(pending, t.id));
		expect(e.status).toBe(403);
		expect(e.message).toBe('您的住户身份尚未经居委会核实，核实后才能附议、表决或测评');
	});

	it('a grid worker or committee member without a resident role cannot second; nor can the proposer', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		expect((await refusal(topics.second(grid, t.id))).status).toBe(403);
		expect((await refusal(topics.second(committee, t.id))).status).toBe(403);
		expect(await refusal(topics.second(proposer, t.id))).toMatchObject({ status: 409, message: '不能附议自己提出的议题' });
		const view = await topics.get(grid, t.id);
		expect(view.canSecond).toBe(false);
		expect(view.secondBlock).toBe('not_resident');
		expect((await topics.get(residents[0], t.id)).canSecond).toBe(true);
	});

	it('a topic no longer collecting cannot be seconded', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		await topics.screen(committee, t.id, { decision: 'accept' });
		expect(await refusal(topics.second(residents[0], t.id))).toMatchObject({ status: 409, message: '该议题已不在征集阶段，不能再附议' });
	});
});

describe('comments', () => {
	it('any verified role may comment; the author’s name is shown', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		await topics.comment(residents[0], t.id, { body: '同意，晚上太黑了' });
		await topics.comment(grid, t.id, '已上报');
		const view = await topics.get(proposer, t.id);
		expect(view.comments.map((c) => [c.authorName, c.body])).toEqual([
			['居民0', '同意，晚上太黑了'],
			['网格员小张', '已上报']
		]);
	});

	it('an empty or over-long comment is refused beside the field', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		expect((await refusal(topics.comment(residents[0], t.id, { body: '  ' }))).fields.body).toBe('请填写评论（最多1000个字）');
		expect((await refusal(topics.comment(residents[0], t.id, { body: '好'.repeat(1001) }))).fields.body).toBe('请填写评论（最多1000个字）');
		expect((await refusal(topics.comment(pending, t.id, { body: '好' }))).message).toContain('尚未经居委会核实');
	});
});

describe('screening (确定议题)', () => {
	it('accepting records the change on the timeline with the committee member’s name and in the audit log', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const accepted = await topics.screen(committee, t.id, { decision: 'accept', reason: '列入本月议事会' });
		expect(accepted.status).toBe('accepted');
		const view = await topics.get(residents[0], t.id);
		expect(view.timeline.at(-1)).toMatchObject({
			kind: 'status',
			fromStatus: 'collecting',
			toStatus: 'accepted',
			actorName: '王主任',
			note: '列入本月议事会'
		});
		const log = await audit.list(committee, await communities.get(A.community.id));
		expect(log.find((a) => a.targetId === t.id)).toMatchObject({ action: 'topic.accept', actorName: '王主任', targetType: 'topic' });
	});

	it('declining needs a public reason', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const e = await refusal(topics.screen(committee, t.id, { decision: 'decline', reason: ' ' }));
		expect(e.status).toBe(400);
		expect(e.fields.reason).toBe('不予受理必须填写理由，理由将向居民公开');
		expect((await topics.get(committee, t.id)).topic.status).toBe('collecting');
		const declined = await topics.screen(committee, t.id, { decision: 'decline', reason: '属于物业公司职责，已转交物业' });
		expect(declined).toMatchObject({ status: 'declined', declineReason: '属于物业公司职责，已转交物业' });
		const view = await topics.get(proposer, t.id);
		expect(view.timeline.at(-1)).toMatchObject({ toStatus: 'declined', actorName: '王主任', note: '属于物业公司职责，已转交物业' });
	});

	it('an unknown decision is refused beside the field', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		expect((await refusal(topics.screen(committee, t.id, { decision: 'postpone' }))).fields.decision).toBe('请选择审议结果：受理、不予受理或合并');
	});

	it('merging: into another open topic of the same community; seconds stay; both link to each other', async () => {
		const target = await topics.propose(proposer, A.community.id, { ...valid, title: '路灯不亮' });
		const dup = await topics.propose(residents[0], A.community.id, { ...valid, title: '晚上路灯坏了' });
		await topics.second(residents[1], dup.id);
		await topics.second(residents[2], target.id);

		expect((await refusal(topics.screen(committee, dup.id, { decision: 'merge' }))).fields.mergeIntoId).toBe('请选择要并入的议题');
		expect((await refusal(topics.screen(committee, dup.id, { decision: 'merge', mergeIntoId: dup.id }))).fields.mergeIntoId).toBe('不能把议题并入它自己');
		const foreign = await topics.propose(otherResident, B.community.id, valid);
		expect((await refusal(topics.screen(committee, dup.id, { decision: 'merge', mergeIntoId: foreign.id }))).fields.mergeIntoId).toBe('只能并入本社区的议题');
		const declined = await topics.propose(proposer, A.community.id, valid);
		await topics.screen(committee, declined.id, { decision: 'decline', reason: '重复' });
		expect((await refusal(topics.screen(committee, dup.id, { decision: 'merge', mergeIntoId: String(declined.id) }))).fields.mergeIntoId).toBe('不能并入已合并或未受理的议题');

		const merged = await topics.screen(committee, dup.id, { decision: 'merge', mergeIntoId: String(target.id) });
		expect(merged).toMatchObject({ status: 'merged', mergedIntoId: target.id, secondCount: 1 });
		const dupView = await topics.get(residents[0], dup.id);
		expect(dupView.mergedInto).toMatchObject({ id: target.id, title: '路灯不亮' });
		expect(dupView.timeline.at(-1)).toMatchObject({ toStatus: 'merged', actorName: '王主任' });
		const targetView = await topics.get(residents[0], target.id);
		expect(targetView.topic.secondCount).toBe(1);
		expect(targetView.mergedFrom).toEqual([{ id: dup.id, title: '晚上路灯坏了', secondCount: 1 }]);
		expect(targetView.timeline.at(-1)).toMatchObject({ kind: 'merged_from', actorName: '王主任' });

		// a merged topic is no longer a target, nor screenable
		const third = await topics.propose(proposer, A.community.id, valid);
		expect((await refusal(topics.screen(committee, third.id, { decision: 'merge', mergeIntoId: dup.id }))).fields.mergeIntoId).toBe('不能并入已合并或未受理的议题');
		expect(await refusal(topics.screen(committee, dup.id, { decision: 'accept' }))).toMatchObject({ status: 409 });
	});

	it('only the committee screens', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		expect((await refusal(topics.screen(residents[0], t.id, { decision: 'accept' }))).status).toBe(403);
		expect((await refusal(topics.screen(grid, t.id, { decision: 'accept' }))).status).toBe(403);
		expect((await refusal(topics.screen(null, t.id, { decision: 'accept' }))).status).toBe(401);
	});
});

describe('status changes', () => {
	it('moves along accepted → deliberating → voted → implementing → done, each on the timeline', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		await topics.screen(committee, t.id, { decision: 'accept' });
		await topics.progress(committee, t.id, { toStatus: 'deliberating', note: '11月22日在议事亭协商' });
		await db.transaction((tx) => topics.advance(tx, null, t.id, 'voted', '表决结束'));
		await db.transaction((tx) => topics.advance(tx, committee, t.id, 'implementing'));
		await topics.progress(committee, t.id, { toStatus: 'done' });
		const view = await topics.get(residents[0], t.id);
		expect(view.topic.status).toBe('done');
		expect(view.timeline.filter((e) => e.kind === 'status').map((e) => [e.fromStatus, e.toStatus, e.actorName])).toEqual([
			['collecting', 'accepted', '王主任'],
			['accepted', 'deliberating', '王主任'],
			['deliberating', 'voted', ''],
			['voted', 'implementing', '王主任'],
			['implementing', 'done', '王主任']
		]);
	});

	it('illegal transitions are refused and change nothing', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const e1 = await refusal(db.transaction((tx) => topics.advance(tx, committee, t.id, 'done')));
		expect(e1.status).toBe(409);
		expect(e1.message).toBe('议题不能从“征集中”变为“已办结”');
		expect((await refusal(topics.progress(committee, t.id, { toStatus: 'accepted' }))).status).toBe(409);
		await topics.screen(committee, t.id, { decision: 'accept' });
		expect((await refusal(topics.progress(committee, t.id, { toStatus: 'voted' }))).message).toBe('议题不能从“已受理”变为“已表决”');
		expect((await refusal(topics.progress(committee, t.id, { toStatus: 'collecting' }))).status).toBe(409);
		expect((await refusal(topics.progress(committee, t.id, { toStatus: 'finished' }))).fields.toStatus).toBe('请选择新的状态');
		const view = await topics.get(committee, t.id);
		expect(view.topic.status).toBe('accepted');
		expect(view.nextStatuses).toEqual(['deliberating']);
	});

	it('moving a topic on by hand reads the topic once, locked, not again through advance()', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		await topics.screen(committee, t.id, { decision: 'accept' });
		const { result, statements } = await statementsOf(() => topics.progress(committee, t.id, { toStatus: 'deliberating' }));
		expect(result.status).toBe('deliberating');
		const reads = readsOf(statements, 'topic');
		expect(reads).toHaveLength(1);
		expect(reads[0]).toMatch(/for update$/);
	});

	it('only the committee moves a topic on by hand', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		await topics.screen(committee, t.id, { decision: 'accept' });
		expect((await refusal(topics.progress(residents[0], t.id, { toStatus: 'deliberating' }))).status).toBe(403);
		expect((await refusal(db.transaction((tx) => topics.advance(tx, residents[0], t.id, 'deliberating')))).status).toBe(403);
		expect((await refusal(topics.progress(otherCommittee, t.id, { toStatus: 'deliberating' }))).status).toBe(403);
	});
});

describe('listing and searching', () => {
	let C: Place;
	let reader: SessionUser;
	let author: SessionUser;

	beforeAll(async () => {
		C = await makeCommunity('康乐社区');
		reader = (await makeUser({ communityId: C.community.id, role: 'resident', unitId: C.units[2].id })).actor;
		author = (await makeUser({ communityId: C.community.id, role: 'resident', unitId: C.units[3].id })).actor;
		const base = { description: '请居委会协调', category: 'other' };
		await topics.propose(author, C.community.id, { ...base, title: '小区路灯维修', category: 'facility' });
		await topics.propose(author, C.community.id, { ...base, title: '垃圾分类亭异味', category: 'environment' });
		await topics.propose(author, C.community.id, { ...base, title: '电梯加装意见征集', description: '单元门口路灯旁边加装电梯', scope: 'estate', estateId: C.estate.id });
		await topics.propose(author, C.community.id, { ...base, title: '物业费上涨100%？', category: 'property' });
		await topics.propose(author, C.community.id, { ...base, title: '停车_位划线', category: 'traffic' });
	});

	it('finds Chinese words in title or description', async () => {
		const r = await topics.list(reader, C.community.id, { q: '路灯' });
		expect(r.items.map((i) => i.title).sort()).toEqual(['小区路灯维修', '电梯加装意见征集'].sort());
		expect((await topics.list(reader, C.community.id, { q: '雨棚' })).items).toEqual([]);
	});

	it('treats % and _ in the search as plain characters', async () => {
		expect((await topics.list(reader, C.community.id, { q: '%' })).items.map((i) => i.title)).toEqual(['物业费上涨100%？']);
		expect((await topics.list(reader, C.community.id, { q: '_' })).items.map((i) => i.title)).toEqual(['停车_位划线']);
		expect((await topics.list(reader, C.community.id, { q: "路灯' or 1=1 --" })).items).toEqual([]);
	});

	it('filters by status, category and estate; newest first', async () => {
		const all = await topics.list(reader, C.community.id, {});
		expect(all.total).toBe(5);
		expect(all.items[0].title).toBe('停车_位划线');
		expect((await topics.list(reader, C.community.id, { category: 'environment' })).items.map((i) => i.title)).toEqual(['垃圾分类亭异味']);
		expect((await topics.list(reader, C.community.id, { estateId: String(C.estate.id) })).items.map((i) => i.title)).toEqual(['电梯加装意见征集']);
		expect((await topics.list(reader, C.community.id, { status: 'accepted' })).items).toEqual([]);
		expect((await topics.list(reader, C.community.id, { status: 'collecting', category: '', q: '' })).total).toBe(5);
		expect((await refusal(topics.list(reader, C.community.id, { status: 'lost' }))).status).toBe(400);
	});

	it('pages by 20 and says which ones the reader has seconded', async () => {
		for (let i = 0; i < 20; i++) await topics.propose(author, C.community.id, { title: `议题${i}`, description: '说明', category: 'other' });
		const p1 = await topics.list(reader, C.community.id, { page: '1' });
		const p2 = await topics.list(reader, C.community.id, { page: 2 });
		expect([p1.items.length, p2.items.length, p1.total, p1.pages]).toEqual([20, 5, 25, 2]);
		expect([p2.total, p2.pages]).toEqual([25, 2]);
		// a page past the end still says how many there are, so its links lead back
		const p3 = await topics.list(reader, C.community.id, { page: 3 });
		expect([p3.items.length, p3.total, p3.pages]).toEqual([0, 25, 2]);
		expect(p1.items[0].title).toBe('议题19');
		await topics.second(reader, p1.items[0].id);
		const again = await topics.list(reader, C.community.id, {});
		expect(again.items.filter((i) => i.seconded).map((i) => [i.title, i.secondCount])).toEqual([['议题19', 1]]);
	});

	it('the notice board counts topics per status', async () => {
		const h = await topics.home(reader, C.community.id);
		expect(h.counts.collecting).toBe(h.total);
		expect(h.open.length).toBeLessThanOrEqual(10);
		expect(h.canPropose).toBe(true);
		expect(h.isCommittee).toBe(false);
	});
});

describe('another community’s people are refused everything', () => {
	let t: topics.Topic;

	beforeAll(async () => {
		t = await topics.propose(proposer, A.community.id, valid);
	});

	it.each([
		['a resident', () => otherResident],
		['a committee member', () => otherCommittee]
	])('%s of another community', async (_who, who) => {
		const actor = who();
		const calls: [string, () => Promise<unknown>][] = [
			['list', () => topics.list(actor, A.community.id, {})],
			['home', () => topics.home(actor, A.community.id)],
			['get', () => topics.get(actor, t.id)],
			['propose', () => topics.propose(actor, A.community.id, valid)],
			['second', () => topics.second(actor, t.id)],
			['comment', () => topics.comment(actor, t.id, { body: '路过' })],
			['screen', () => topics.screen(actor, t.id, { decision: 'decline', reason: '不是本社区的事' })],
			['progress', () => topics.progress(actor, t.id, { toStatus: 'deliberating' })],
			['places', () => topics.places(actor, A.community.id)],
			['settings', () => topics.updateSettings(actor, A.community.id, { secondThreshold: 1 })],
			['desk', () => topics.awaitingScreening(actor, A.community.id)]
		];
		for (const [name, call] of calls) {
			const e = await refusal(call());
			expect([403, 404], name).toContain(e.status);
		}
		const view = await topics.get(proposer, t.id);
		expect(view.topic.status).toBe('collecting');
		expect(view.comments).toEqual([]);
		expect(view.topic.secondCount).toBe(0);
	});

	it('signed-out visitors are asked to sign in', async () => {
		expect((await refusal(topics.list(null, A.community.id, {}))).status).toBe(401);
		expect((await refusal(topics.get(null, t.id))).status).toBe(401);
	});

	it('a street admin of the community’s street may read but not write', async () => {
		const admin = (await makeUser({ role: 'street_admin', streetId: A.street.id })).actor;
		await expect(topics.get(admin, t.id)).resolves.toMatchObject({ canSecond: false, canComment: false });
		expect((await refusal(topics.comment(admin, t.id, { body: '看看' }))).status).toBe(403);
		const stranger = (await makeUser({ role: 'street_admin', streetId: B.street.id })).actor;
		expect((await refusal(topics.get(stranger, t.id))).status).toBe(403);
	});
});

describe('second threshold setting and the audit log', () => {
	it('the threshold must be 1 to 1000; lowering it flags topics that already have enough', async () => {
		const D = await makeCommunity();
		const chair = (await makeUser({ communityId: D.community.id, role: 'committee', name: '赵书记' })).actor;
		const r1 = (await makeUser({ communityId: D.community.id, role: 'resident' })).actor;
		const r2 = (await makeUser({ communityId: D.community.id, role: 'resident' })).actor;
		const t = await topics.propose(r1, D.community.id, valid);
		await topics.second(r2, t.id);
		for (const bad of ['0', '1001', '2.5', 'abc', '']) {
			expect((await refusal(topics.updateSettings(chair, D.community.id, { secondThreshold: bad }))).fields.secondThreshold).toBe(
				'附议门槛须为1至1000之间的整数'
			);
		}
		expect((await refusal(topics.updateSettings(r1, D.community.id, { secondThreshold: '1' }))).status).toBe(403);
		await expect(topics.updateSettings(chair, D.community.id, { secondThreshold: '1' })).resolves.toEqual({ secondThreshold: 1, flagged: 1 });
		expect((await topics.settings(chair, D.community.id)).secondThreshold).toBe(1);
		expect((await topics.get(r1, t.id)).timeline.filter((e) => e.kind === 'flagged')).toHaveLength(1);

		const log = await audit.list(chair, await communities.get(D.community.id));
		expect(log.map((a) => [a.action, a.actorName])).toEqual([['community.threshold', '赵书记']]);
		expect(log[0].detail).toMatchObject({ from: 3, to: 1 });
	});

	it('the audit log records committee actions and only the committee may read it', async () => {
		const A2 = await communities.get(A.community.id);
		const log = await audit.list(committee, A2);
		const actions = new Set(log.map((a) => a.action));
		for (const a of ['topic.accept', 'topic.decline', 'topic.merge', 'topic.status']) expect(actions).toContain(a);
		expect(log.every((a) => a.communityId === A.community.id)).toBe(true);
		expect((await refusal(audit.list(residents[0], A2))).status).toBe(403);
		expect((await refusal(audit.list(otherCommittee, A2))).status).toBe(403);
		const rows = await db
			.select()
			.from(table.auditLog)
			.where(and(eq(table.auditLog.communityId, A.community.id), eq(table.auditLog.actorId, residents[0].id)));
		expect(rows).toEqual([]);
	});
});

describe('the JSON API answers with the service’s statuses', () => {
	it('second: 201 the first time, 409 with the Chinese message on a repeat; 403 for another community', async () => {
		const { POST } = await import('../../src/routes/api/v1/topics/[topicId]/second/+server');
		const t = await topics.propose(proposer, A.community.id, valid);
		const call = (user: SessionUser) =>
			(POST as unknown as (e: unknown) => Promise<Response>)({
				locals: { user },
				params: { topicId: String(t.id) },
				request: new Request('http://x/', { method: 'POST' }),
				url: new URL('http://x/')
			});
		const first = await call(residents[2]);
		expect(first.status).toBe(201);
		expect(await first.json()).toMatchObject({ secondCount: 1 });
		const again = await call(residents[2]);
		expect(again.status).toBe(409);
		expect(await again.json()).toEqual({ error: { code: 'already_seconded', message: '您已附议过该议题', fields: {} } });
		expect((await call(otherResident)).status).toBe(403);
	});
});

describe('what refers to a topic', () => {
	it('its page learns whether a resident request or a cost-sharing plan refers to it, and finds them', async () => {
		const t = await topics.propose(proposer, A.community.id, { ...valid, title: '东门路灯' });
		expect((await topics.getWithLinks(committee, t.id)).linked).toEqual({ request: false, plans: false });

		const { id: planId } = await plans.create(committee, A.community.id, { topicId: t.id, title: '更换东门路灯', splitRule: 'voluntary' });
		expect((await topics.getWithLinks(committee, t.id)).linked).toEqual({ request: false, plans: true });
		expect((await plans.forTopic(committee, A.community.id, t.id)).map((p) => p.id)).toEqual([planId]);

		const { id: requestId } = await requests.report(residents[0], A.community.id, {
			category: 'facility',
			description: '1单元楼道灯不亮，晚上上下楼很危险。',
			location: '1单元3楼楼道',
			contactPreference: 'phone',
			buildingId: String(A.building.id)
		});
		await requests.classify(committee, requestId, { colour: 'red' });
		const { topicId } = await requests.escalate(committee, requestId, {});
		const escalated = await topics.getWithLinks(residents[0], topicId);
		expect(escalated.linked).toEqual({ request: true, plans: false });
		expect(escalated.view).toEqual(await topics.get(residents[0], topicId));
		expect(await requests.forTopic(residents[0], topicId)).toMatchObject({ id: requestId, viewable: true });
	});
});

describe('the list page', () => {
	it('gets the community’s own estates for its filter, also when the page shows no topic', async () => {
		const ours = await db
			.select({ id: table.estate.id, name: table.estate.name })
			.from(table.estate)
			.where(eq(table.estate.communityId, A.community.id))
			.orderBy(table.estate.id);
		expect(ours.length).toBeGreaterThan(0);
		const first = await topics.listWithEstates(committee, A.community.id, {});
		expect(first.items.length).toBeGreaterThan(0);
		expect(first.estates).toEqual(ours);
		const { estates, ...list } = first;
		expect(list).toEqual(await topics.list(committee, A.community.id, {}));
		expect((await topics.listWithEstates(committee, A.community.id, { page: 99 })).estates).toEqual(ours);
		const none = await topics.listWithEstates(committee, A.community.id, { q: '没有这样的议题' });
		expect([none.items.length, none.total, none.estates]).toEqual([0, 0, ours]);
		expect((await refusal(topics.listWithEstates(otherResident, A.community.id, {}))).status).toBe(403);
		expect(estates).not.toContainEqual(expect.objectContaining({ id: B.estate.id }));
	});
});
