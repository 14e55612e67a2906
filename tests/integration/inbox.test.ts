/**
 * The inbox (站内消息) and following (关注): each event reaches exactly the people it concerns, written with the
 * change; nobody else (the actor, another community, someone outside the vote's scope) gets a thing; telling an
 * event twice adds nothing; one marks only one's own items read; the words follow the reader's language.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth';
import * as notify from '$lib/server/notify';
import { statement } from '$lib/server/notify/events';
import * as follows from '$lib/server/notify/follows';
import * as requests from '$lib/server/requests';
import * as topics from '$lib/server/topics';
import * as votes from '$lib/server/votes';
import * as i18n from '$lib/paraglide/runtime';
import { actorOf, makeCommunity, makeUser, refusal } from './fixtures';

const { GET: inboxRoute } = await import('../../src/routes/api/v1/me/inbox/+server');
const { POST: readRoute } = await import('../../src/routes/api/v1/me/inbox/[itemId]/read/+server');
const followRoute = await import('../../src/routes/api/v1/me/follows/[targetType]/[targetId]/+server');

type Place = Awaited<ReturnType<typeof makeCommunity>>;

let A: Place;
let B: Place;
/** 王主任: the committee member who acts, and also the owner of A's fourth unit */
let committee: SessionUser;
/** verified owners of A's first three units (building 1) */
let owners: SessionUser[];
/** a verified resident (not an owner) of A's first unit */
let resident: SessionUser;
/** an owner whose registration is still pending */
let pending: SessionUser;
/** a verified owner in A's second building, outside a building-1 vote */
let outsider: SessionUser;
let grid: SessionUser;
let street: SessionUser;
/** a verified owner and the committee of another community */
let otherOwner: SessionUser;
let otherCommittee: SessionUser;

/** the event keys of a person's inbox items, oldest first */
async function keysOf(user: SessionUser): Promise<string[]> {
	const rows = await db.select().from(table.inboxItem).where(eq(table.inboxItem.userId, user.id)).orderBy(table.inboxItem.id);
	return rows.map((r) => r.eventKey);
}

/** who got an item with this event key */
async function reached(eventKey: string): Promise<number[]> {
	const rows = await db.select({ userId: table.inboxItem.userId }).from(table.inboxItem).where(eq(table.inboxItem.eventKey, eventKey));
	return rows.map((r) => r.userId).sort((a, b) => a - b);
}
const ids = (...people: SessionUser[]) => people.map((p) => p.id).sort((a, b) => a - b);

function event(user: SessionUser | null, params: Record<string, string>, query = '', method = 'GET') {
	const request = new Request(`http://localhost/api/v1/x${query}`, { method });
	return { request, url: new URL(request.url), params, locals: { user, session: null } } as never;
}

beforeAll(async () => {
	A = await makeCommunity('金阳社区');
	B = await makeCommunity('安公社区');
	const [b2] = await db.insert(table.building).values({ communityId: A.community.id, estateId: A.estate.id, name: '2栋' }).returning();
	const [e2] = await db.insert(table.entrance).values({ communityId: A.community.id, buildingId: b2.id, name: '1单元' }).returning();
	const [u2] = await db
		.insert(table.unit)
		.values({ communityId: A.community.id, buildingId: b2.id, entranceId: e2.id, room: '101', areaDm2: 9000, ownerKey: 'OUT-1', ownerName: '外楼业主' })
		.returning();
	const c = await makeUser({ communityId: A.community.id, role: 'committee', name: '王主任' });
	await db.insert(table.membership).values({ userId: c.user.id, communityId: A.community.id, role: 'owner', unitId: A.units[3].id, status: 'verified' });
	committee = await actorOf(c.user.id);
	owners = [];
	for (const i of [0, 1, 2]) owners.push((await makeUser({ communityId: A.community.id, role: 'owner', unitId: A.units[i].id, name: `业主${i}` })).actor);
	resident = (await makeUser({ communityId: A.community.id, role: 'resident', unitId: A.units[0].id, name: '租户' })).actor;
	pending = (await makeUser({ communityId: A.community.id, role: 'owner', unitId: A.units[1].id, status: 'pending' })).actor;
	outsider = (await makeUser({ communityId: A.community.id, role: 'owner', unitId: u2.id, name: '2栋业主' })).actor;
	const [g] = await db.insert(table.grid).values({ communityId: A.community.id, name: '第一网格' }).returning();
	await db.update(table.building).set({ gridId: g.id }).where(eq(table.building.id, A.building.id));
	const gu = await makeUser({ name: '刘芳' });
	await db.insert(table.membership).values({ userId: gu.user.id, communityId: A.community.id, role: 'grid', gridId: g.id, status: 'verified' });
	grid = await actorOf(gu.user.id);
	street = (await makeUser({ role: 'street_admin', streetId: A.street.id })).actor;
	otherOwner = (await makeUser({ communityId: B.community.id, role: 'owner', unitId: B.units[0].id })).actor;
	otherCommittee = (await makeUser({ communityId: B.community.id, role: 'committee' })).actor;
});

describe('a vote opens', () => {
	it('a binding vote reaches the owners on its roll only: not the committee member who opened it, a tenant, a pending owner, an owner outside its scope or another community', async () => {
		const { id } = await votes.create(committee, A.community.id, { title: '1栋外墙维修', kind: 'binding', matter: 'ordinary', scope: 'building', scopeIds: [A.building.id] });
		await votes.open(committee, id);
		// the committee member owns a unit on the roll too, but opened it
		expect(await reached(`vote:${id}:opened`)).toEqual(ids(...owners));
		for (const nobody of [committee, resident, pending, outsider, grid, street, otherOwner, otherCommittee]) {
			expect(await keysOf(nobody)).not.toContain(`vote:${id}:opened`);
		}
		const inbox = await notify.list(owners[0]);
		expect(inbox.items[0]).toMatchObject({ kind: 'vote_opened', title: '业主共同决定开始表决', link: `/c/${A.community.id}/votes/${id}` });
		expect(inbox.items[0].body).toContain('1栋外墙维修');
	});

	it('a binding roll’s owners are found unit by unit through the unit index, even before the new members were ever analysed', async () => {
		// a freshly imported community: 3,000 owners nobody has analysed yet (the planner then believes there is one)
		const big = await makeCommunity('新导入社区');
		const c = big.community.id;
		await db.execute(sql`insert into unit (community_id, building_id, entrance_id, room, area_dm2, owner_key)
			select ${c}, ${big.building.id}, ${big.entrance.id}, 'x' || g, 9000, 'X' || g from generate_series(1, 3000) g`);
		await db.execute(sql`insert into "user" (phone, name, password_hash) select 'x' || g || '-' || ${c}, '业主', 'x' from generate_series(1, 3000) g`);
		await db.execute(sql`insert into membership (user_id, community_id, role, unit_id, status)
			select u.id, ${c}, 'owner', un.id, 'verified' from "user" u join unit un on un.community_id = ${c} and 'x' || substr(un.room, 2) || '-' || ${c} = u.phone`);
		const { id } = await votes.create(committee, A.community.id, { title: '占位', kind: 'binding', matter: 'ordinary' });
		await db.execute(sql`insert into vote_roll (vote_id, community_id, head_key, area_dm2, unit_ids) select ${id}, ${c}, 'o:' || owner_key, area_dm2, array[id] from unit where community_id = ${c}`);
		const vote = { id, communityId: c, kind: 'binding', eligibility: 'owners', scope: 'community' as const, scopeIds: [], sessionId: null, title: '大表决', closesAt: null };
		const out = await db.execute(sql`explain ${statement({ kind: 'vote_opened', actorId: committee.id, vote })}`);
		const plan = ((Array.isArray(out) ? out : (out as { rows: unknown[] }).rows) as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n');
		expect(plan).toContain('membership_unit_id_index');
		expect(plan).not.toMatch(/Seq Scan on membership/);
	});

	it('a poll reaches the residents in its scope, tenants included, and not those outside it', async () => {
		const { id } = await votes.create(committee, A.community.id, { title: '1栋楼道灯选哪种', kind: 'poll', options: ['声控灯', '太阳能灯'], scope: 'building', scopeIds: [A.building.id] });
		await votes.open(committee, id);
		expect(await reached(`vote:${id}:opened`)).toEqual(ids(...owners, resident));
		expect(await keysOf(outsider)).not.toContain(`vote:${id}:opened`);
		expect(await keysOf(otherOwner)).not.toContain(`vote:${id}:opened`);
	});
});

describe('a vote’s final result', () => {
	it('a poll’s result reaches its roll and its followers; following after the opening hears only the result', async () => {
		const { id } = await votes.create(committee, A.community.id, { title: '小区活动日选哪天', kind: 'poll', options: ['周六', '周日'] });
		await votes.open(committee, id);
		await follows.follow(street, 'vote', id);
		await follows.follow(grid, 'vote', id);
		// another community's resident cannot follow it, nor learn that it exists
		expect((await refusal(follows.follow(otherOwner, 'vote', id))).status).toBe(404);
		expect((await refusal(follows.follow(otherOwner, 'vote', 999_999))).status).toBe(404);
		await votes.close(committee, id);
		expect(await reached(`vote:${id}:final`)).toEqual(ids(...owners, resident, outsider, grid, street));
		expect(await keysOf(street)).not.toContain(`vote:${id}:opened`);
		expect(await keysOf(otherOwner)).not.toContain(`vote:${id}:final`);
	});

	it('a binding result goes out when it is final, not at the preliminary count, and says whether it passed', async () => {
		const { id } = await votes.create(committee, A.community.id, { title: '更换电梯', kind: 'binding', matter: 'ordinary' });
		await votes.open(committee, id);
		await votes.close(committee, id, { objectionDays: 0 });
		expect(await reached(`vote:${id}:final`)).toEqual([]);
		await votes.finalize(committee, id);
		expect(await reached(`vote:${id}:final`)).toEqual(ids(...owners, outsider));
		const [item] = (await notify.list(outsider)).items;
		expect(item).toMatchObject({ kind: 'vote_result', title: '表决结果已公布' });
		expect(item.body).toBe('“更换电梯”最终结果：未通过。');
	});
});

describe('a topic changes status', () => {
	it('reaches its proposer, seconders and followers, not the committee member who moved it, an uninvolved neighbour, or someone who has since lost sight of the community', async () => {
		const t = await topics.propose(owners[0], A.community.id, { title: '小区路灯维修', description: '路灯坏了三盏', category: 'facility' });
		await topics.second(owners[1], t.id);
		await follows.follow(resident, 'topic', t.id);
		// a follow left over from before a move to another community: they hear nothing more
		await db.insert(table.follow).values({ userId: otherOwner.id, targetType: 'topic', targetId: t.id, communityId: A.community.id });
		await topics.screen(committee, t.id, { decision: 'accept' });
		expect(await reached(`topic:${t.id}:status:accepted`)).toEqual(ids(owners[0], owners[1], resident));
		await topics.progress(committee, t.id, { toStatus: 'deliberating', note: '下周议事会讨论' });
		expect(await reached(`topic:${t.id}:status:deliberating`)).toEqual(ids(owners[0], owners[1], resident));
		for (const nobody of [committee, owners[2], outsider, otherOwner]) expect((await keysOf(nobody)).filter((k) => k.startsWith(`topic:${t.id}:`))).toEqual([]);
		const [item] = (await notify.list(owners[1])).items;
		expect(item.body).toBe('议题“小区路灯维修”现在的状态是“协商中”。 说明：下周议事会讨论');

		await follows.unfollow(resident, 'topic', t.id);
		await topics.progress(committee, t.id, { toStatus: 'implementing' });
		expect(await reached(`topic:${t.id}:status:implementing`)).toEqual(ids(owners[0], owners[1]));
	});

	it('a vote’s opening moves its topic on: the topic’s people hear of both, the committee member of neither', async () => {
		const t = await topics.propose(resident, A.community.id, { title: '加装充电桩', description: '电动车充电难', category: 'facility' });
		await topics.screen(committee, t.id, { decision: 'accept' });
		const { id } = await votes.create(committee, A.community.id, { title: '加装充电桩意向', kind: 'poll', options: ['同意', '不同意'], topicId: t.id });
		await votes.open(committee, id);
		expect(await keysOf(resident)).toEqual(expect.arrayContaining([`topic:${t.id}:status:deliberating`, `vote:${id}:opened`]));
		expect((await keysOf(committee)).filter((k) => k.includes(`:${t.id}:`) || k.startsWith(`vote:${id}:`))).toEqual([]);
	});
});

describe('a request moves', () => {
	it('reaches the reporter who signed in and the handlers who follow it; another resident, the handler who acted and another community cannot follow or hear', async () => {
		const reported = await requests.report(owners[2], A.community.id, { category: 'facility', description: '2楼楼道灯不亮', buildingId: String(A.building.id) });
		await follows.follow(grid, 'request', reported.id);
		// a request carries contact details: a neighbour of the same community may not follow it, another community may not either
		expect((await refusal(follows.follow(owners[0], 'request', reported.id))).status).toBe(404);
		expect((await refusal(follows.follow(otherCommittee, 'request', reported.id))).status).toBe(404);
		const before = (await db.select().from(table.follow).where(eq(table.follow.targetId, reported.id))).filter((f) => f.targetType === 'request');
		expect(before.map((f) => f.userId)).toEqual([grid.id]);

		await requests.classify(committee, reported.id, { colour: 'yellow', note: '明天派电工' });
		await requests.recordStep(committee, reported.id, { step: 'arrive' });
		await requests.close(committee, reported.id, { result: '已更换灯泡' });
		const items = await db.select().from(table.inboxItem).where(eq(table.inboxItem.link, `/c/${A.community.id}/requests/${reported.id}`));
		// accepted and closed, not the time stamp of arriving; each to the reporter and the following grid worker
		expect(items.map((i) => `${i.userId}:${i.params.step}`).sort()).toEqual(
			[`${owners[2].id}:accepted`, `${owners[2].id}:closed`, `${grid.id}:accepted`, `${grid.id}:closed`].sort()
		);
		const [closed, accepted] = (await notify.list(owners[2])).items;
		expect(accepted.body).toBe('设施维修：受理（黄） 明天派电工');
		expect(closed.body).toBe('设施维修：办结 已更换灯泡');
		for (const nobody of [committee, owners[0], otherCommittee]) expect(await keysOf(nobody)).not.toContain(expect.stringMatching(`^request:${reported.id}:`));
	});

	it('a report without an account has nobody to tell in the inbox but its followers', async () => {
		const reported = await requests.report(null, A.community.id, { category: 'environment', description: '垃圾桶满了', reporterPhone: '13700000001', buildingId: String(A.building.id) });
		await follows.follow(committee, 'request', reported.id);
		await requests.classify(grid, reported.id, { colour: 'green' });
		const items = await db.select().from(table.inboxItem).where(eq(table.inboxItem.link, `/c/${A.community.id}/requests/${reported.id}`));
		expect(items.map((i) => i.userId)).toEqual([committee.id]);
	});
});

describe('telling an event again', () => {
	it('adds no second item for anyone', async () => {
		const t = await topics.propose(owners[0], A.community.id, { title: '健身器材', description: '器材老化', category: 'facility' });
		await topics.second(owners[1], t.id);
		await topics.screen(committee, t.id, { decision: 'accept' });
		const key = `topic:${t.id}:status:accepted`;
		const once = await db.select().from(table.inboxItem).where(eq(table.inboxItem.eventKey, key));
		await db.transaction((tx) =>
			notify.notify(tx, { kind: 'topic_status', actorId: committee.id, topic: t, status: 'accepted' }).then(() =>
				notify.notify(tx, { kind: 'topic_status', actorId: null, topic: t, status: 'accepted' })
			)
		);
		const again = await db.select().from(table.inboxItem).where(eq(table.inboxItem.eventKey, key));
		expect(again.map((r) => r.id).sort()).toEqual(once.map((r) => r.id).sort());
		expect(again).toHaveLength(2);
	});
});

describe('reading one’s inbox', () => {
	it('marks only one’s own items read; another’s item is not found and stays unread', async () => {
		const mine = await notify.list(owners[1]);
		const theirs = (await notify.list(owners[0])).items[0];
		expect(mine.unread).toBeGreaterThan(1);
		expect((await refusal(notify.markRead(owners[1], theirs.id))).status).toBe(404);
		const [still] = await db.select().from(table.inboxItem).where(eq(table.inboxItem.id, theirs.id));
		expect(still.readAt).toBeNull();
		const done = await notify.markRead(owners[1], mine.items[0].id);
		expect(done.item.readAt).not.toBeNull();
		expect(done.unread).toBe(mine.unread - 1);
		// marking again changes nothing
		expect((await notify.markRead(owners[1], mine.items[0].id)).item.readAt).toEqual(done.item.readAt);
		expect(await notify.unreadCount(owners[1].id)).toBe(mine.unread - 1);
		await notify.markAllRead(owners[1]);
		expect(await notify.unreadCount(owners[1].id)).toBe(0);
		expect(await notify.unreadCount(owners[0].id)).toBeGreaterThan(0);
	});

	it('the API: newest first, ?before= for older ones, read marks for one’s own only, in the reader’s language', async () => {
		const res = await inboxRoute(event(owners[0], {}));
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(Object.keys(body).sort()).toEqual(['items', 'unread']);
		const itemIds = body.items.map((i: { id: number }) => i.id);
		expect(itemIds).toEqual([...itemIds].sort((a: number, b: number) => b - a));
		const older = await (await inboxRoute(event(owners[0], {}, `?before=${itemIds[0]}`))).json();
		expect(older.items.map((i: { id: number }) => i.id)).toEqual(itemIds.slice(1));
		expect((await inboxRoute(event(owners[0], {}, '?before=abc'))).status).toBe(400);
		expect((await inboxRoute(event(null, {}))).status).toBe(401);

		expect((await readRoute(event(owners[1], { itemId: String(itemIds[0]) }, '', 'POST'))).status).toBe(404);
		const read = await readRoute(event(owners[0], { itemId: String(itemIds[0]) }, '', 'POST'));
		expect(read.status).toBe(200);
		expect((await read.json()).unread).toBe(body.unread - 1);

		const original = i18n.getLocale;
		i18n.overwriteGetLocale(() => 'en');
		try {
			const english = await (await inboxRoute(event(owners[0], {}))).json();
			const opened = english.items.find((i: { kind: string; body: string }) => i.kind === 'vote_opened' && i.body.includes('1栋外墙维修'));
			expect(opened.title).toBe('An owners’ decision is open for voting');
			expect(opened.body).toBe('“1栋外墙维修” is open for voting.');
		} finally {
			i18n.overwriteGetLocale(original);
		}
	});

	it('the follow API: readers may follow and unfollow, others are told it is not there', async () => {
		const t = await topics.propose(owners[0], A.community.id, { title: '停车位划线', description: '车位不够', category: 'traffic' });
		const p = { targetType: 'topic', targetId: String(t.id) };
		expect(await (await followRoute.PUT(event(street, p, '', 'PUT'))).json()).toEqual({ following: true });
		expect(await (await followRoute.GET(event(street, p))).json()).toEqual({ following: true });
		expect(await (await followRoute.DELETE(event(street, p, '', 'DELETE'))).json()).toEqual({ following: false });
		expect((await followRoute.PUT(event(otherOwner, p, '', 'PUT'))).status).toBe(404);
		expect((await followRoute.PUT(event(pending, p, '', 'PUT'))).status).toBe(404);
		expect((await followRoute.PUT(event(null, p, '', 'PUT'))).status).toBe(401);
		expect((await followRoute.PUT(event(owners[1], { targetType: 'resolution', targetId: String(t.id) }, '', 'PUT'))).status).toBe(404);
		const rows = await db.select().from(table.follow).where(and(eq(table.follow.targetType, 'topic'), eq(table.follow.targetId, t.id)));
		expect(rows).toEqual([]);
	});
});
