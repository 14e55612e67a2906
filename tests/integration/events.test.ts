/**
 * The events of issue 15 beyond the first ones: sessions (published, moved, cancelled, reminded the day before,
 * also to invitees without an account), minutes, a vote closing soon and its preliminary result, a cost plan's
 * publication, bill and payment, a rating round opening and closing soon, a late resolution, and a request
 * reported without an account, told by SMS. Each reaches exactly the people it concerns and nobody else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth';
import * as notify from '$lib/server/notify';
import * as clock from '$lib/server/notify/clock';
import * as follows from '$lib/server/notify/follows';
import * as minutes from '$lib/server/minutes';
import * as plans from '$lib/server/plans';
import * as ratings from '$lib/server/ratings';
import * as requests from '$lib/server/requests';
import * as sessions from '$lib/server/sessions';
import * as votes from '$lib/server/votes';
import { messagesTo } from '../support/sms-outbox';
import { makeCommunityWithOwners, makeUser } from './fixtures';

type Setup = Awaited<ReturnType<typeof makeCommunityWithOwners>>;
const HOUR = 3_600_000;

let s: Setup;
let other: Setup;
let committee: SessionUser;
let owners: SessionUser[];
/** a verified tenant of the first unit (a resident, not an owner) */
let tenant: SessionUser;

async function reached(eventKey: string): Promise<number[]> {
	const rows = await db.select({ userId: table.inboxItem.userId }).from(table.inboxItem).where(eq(table.inboxItem.eventKey, eventKey));
	return rows.map((r) => r.userId).sort((a, b) => a - b);
}
async function inviteesReached(eventKey: string): Promise<number[]> {
	const i = table.invitationInboxItem;
	const rows = await db.select({ id: i.invitationId }).from(i).where(eq(i.eventKey, eventKey));
	return rows.map((r) => r.id).sort((a, b) => a - b);
}
const ids = (...people: SessionUser[]) => people.map((p) => p.id).sort((a, b) => a - b);

async function makeTopic(title = '双福巷燃气管道') {
	const [t] = await db
		.insert(table.topic)
		.values({ communityId: s.community.id, title, description: '11家餐馆要沿居民外墙铺燃气管道', category: 'business', status: 'accepted', proposerId: owners[0].id })
		.returning();
	return t;
}

async function scheduled(opts: { startsInHours?: number; openToResidents?: boolean } = {}) {
	const topic = await makeTopic();
	const start = Date.now() + (opts.startsInHours ?? 48) * HOUR;
	return sessions.create(committee, s.community.id, {
		kind: 'joint',
		title: '双福巷燃气管道三方联席会',
		venueText: '双福巷社区议事厅',
		startsAt: new Date(start).toISOString(),
		endsAt: new Date(start + 2 * HOUR).toISOString(),
		quorumMin: '',
		openToResidents: opts.openToResidents ?? true,
		topicIds: [topic.id]
	});
}

beforeAll(async () => {
	s = await makeCommunityWithOwners();
	other = await makeCommunityWithOwners();
	committee = s.committee.actor;
	owners = s.owners.map((o) => o.actor);
	tenant = (await makeUser({ communityId: s.community.id, role: 'resident', unitId: s.units[0].id, name: '租户' })).actor;
});

describe('a session', () => {
	it('published: every resident when it is open to them, and the invitee without an account on their link page; not the committee member who published it or another community', async () => {
		const session = await scheduled();
		const { invitation } = await sessions.invite(committee, session.id, { kind: 'party', role: 'utility', organisation: '天然气公司', name: '王经理', phone: '13900000001' });
		await sessions.publish(committee, session.id);
		expect(await reached(`session:${session.id}:published`)).toEqual(ids(...owners, tenant));
		expect(await inviteesReached(`session:${session.id}:published`)).toEqual([invitation.id]);
		for (const o of other.owners) expect(await reached(`session:${session.id}:published`)).not.toContain(o.user.id);
		const [item] = (await notify.list(owners[1])).items;
		expect(item).toMatchObject({ kind: 'session_published', title: '会议通知', link: `/c/${s.community.id}/sessions/${session.id}` });
		expect(item.body).toContain('双福巷社区议事厅');
	});

	it('closed to residents: only the residents invited by name and its followers hear of it', async () => {
		const session = await scheduled({ openToResidents: false });
		await sessions.invite(committee, session.id, { kind: 'resident', name: '业主1', phone: s.owners[1].user.phone });
		await sessions.publish(committee, session.id);
		expect(await reached(`session:${session.id}:published`)).toEqual(ids(owners[1]));
	});

	it('moved: those told hear the new time, once per change; a change of its description alone tells nobody; cancelled: they hear that too', async () => {
		const session = await scheduled();
		const { invitation, token } = await sessions.invite(committee, session.id, { kind: 'party', role: 'deputy', organisation: '区人大', name: '李代表' });
		await sessions.publish(committee, session.id);
		const base = {
			kind: 'joint',
			title: session.title,
			venueText: '双福巷社区议事厅',
			startsAt: session.startsAt.toISOString(),
			endsAt: session.endsAt.toISOString(),
			quorumMin: '',
			openToResidents: true
		};
		await sessions.update(committee, session.id, { ...base, description: '补充说明' });
		const changed = async () =>
			(await db.select().from(table.inboxItem).where(eq(table.inboxItem.userId, owners[2].id))).filter((r) => r.kind === 'session_changed' && r.link.endsWith(`/${session.id}`));
		expect(await changed()).toHaveLength(0);
		const later = new Date(session.startsAt.getTime() + 24 * HOUR);
		await sessions.update(committee, session.id, { ...base, startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 2 * HOUR).toISOString() });
		expect(await changed()).toHaveLength(1);
		// the invitee reads it on the link's page, in their language
		const view = await sessions.byToken(token);
		expect(view.inbox.map((i) => i.kind)).toEqual(['session_changed', 'session_published']);
		expect(view.inbox[0].title).toBe('会议有变动');
		await sessions.cancel(committee, session.id, { reason: '燃气公司方案未定' });
		expect(await reached(`session:${session.id}:cancelled`)).toEqual(ids(...owners, tenant));
		expect(await inviteesReached(`session:${session.id}:cancelled`)).toEqual([invitation.id]);
	});

	it('the day before: the clock reminds the residents and invitees once, however often it ticks', async () => {
		const session = await scheduled({ startsInHours: 30 });
		const { invitation } = await sessions.invite(committee, session.id, { kind: 'party', role: 'property', organisation: '金阳物业', name: '赵经理' });
		await sessions.publish(committee, session.id);
		const key = `session:${session.id}:reminder:${session.startsAt.toISOString()}`;
		await clock.tick(new Date());
		expect(await reached(key)).toEqual([]);
		const dayBefore = new Date(session.startsAt.getTime() - 20 * HOUR);
		await clock.tick(dayBefore);
		await clock.tick(new Date(dayBefore.getTime() + 60_000));
		expect(await reached(key)).toEqual(ids(...owners, tenant));
		expect(await inviteesReached(key)).toEqual([invitation.id]);
		expect((await db.select().from(table.inboxItem).where(eq(table.inboxItem.eventKey, key))).length).toBe(owners.length + 1);
	});
});

describe('minutes', () => {
	it('reach those who checked in (asked to confirm) and the invitee who came, not residents who stayed home', async () => {
		const session = await scheduled({ startsInHours: -0.5 });
		const { invitation, token } = await sessions.invite(committee, session.id, { kind: 'party', role: 'utility', organisation: '天然气公司', name: '钱工' });
		await sessions.publish(committee, session.id);
		await sessions.start(committee, session.id, { confirm: true });
		await sessions.checkIn(owners[0], session.id);
		await sessions.checkInByToken(token);
		await sessions.end(committee, session.id);
		await minutes.publish(committee, session.id, { opinion: '管道改走北侧。' });
		expect(await reached(`minutes:${session.id}:v1`)).toEqual(ids(owners[0]));
		expect(await inviteesReached(`minutes:${session.id}:v1`)).toEqual([invitation.id]);
		const [item] = (await notify.list(owners[0])).items;
		expect(item.body).toContain('请查看并确认');
	});
});

describe('a vote', () => {
	it('closing within 24 hours: only the owners who have not voted are reminded, once', async () => {
		const { id } = await votes.create(committee, s.community.id, { title: '更换电梯', kind: 'binding', matter: 'ordinary' });
		await votes.open(committee, id);
		await votes.cast(owners[0], id, { choice: 'yes' });
		await db.update(table.vote).set({ closesAt: new Date(Date.now() + 10 * HOUR) }).where(eq(table.vote.id, id));
		await clock.tick();
		await clock.tick();
		expect(await reached(`vote:${id}:closing`)).toEqual(ids(...owners.slice(1)));
		expect(await reached(`vote:${id}:closing`)).not.toContain(tenant.id);
	});

	it('its preliminary result and objection window reach the roll and its followers, not another community', async () => {
		const { id } = await votes.create(committee, s.community.id, { title: '使用维修基金修屋顶', kind: 'binding', matter: 'ordinary' });
		await votes.open(committee, id);
		await follows.follow(tenant, 'vote', id);
		await votes.close(committee, id, { objectionDays: 7 });
		expect(await reached(`vote:${id}:preliminary`)).toEqual(ids(...owners, tenant));
		const item = (await notify.list(owners[1])).items.find((i) => i.kind === 'vote_preliminary')!;
		expect(item.body).toMatch(/初步结果：未通过。\s*如有异议，请在 .* 前提出。/);
	});
});

describe('a cost plan', () => {
	async function levy() {
		const topic = await makeTopic('小区路灯损坏');
		const c = committee;
		const { id } = await plans.create(c, s.community.id, { topicId: topic.id, title: '更换12盏路灯', splitRule: 'area' });
		const item = await plans.addItem(c, id, { name: '12盏路灯', note: '' });
		const q = await plans.addQuote(c, id, { itemId: item.id, supplier: '太阳能灯厂', amount: '8000' });
		await plans.chooseQuote(c, id, { quoteId: q.id, reason: '便宜' });
		await plans.addSource(c, id, { kind: 'hoa_income', amount: '4200' });
		await plans.addSource(c, id, { kind: 'residents', amount: '3800' });
		return id;
	}

	it('a levy: each owner hears of it and gets a bill with their own share only; the tenant gets neither', async () => {
		const id = await levy();
		await plans.publish(committee, id);
		expect(await reached(`plan:${id}:published`)).toEqual(ids(...owners));
		expect(await reached(`plan:${id}:bill`)).toEqual(ids(...owners));
		const bills = await db.select().from(table.inboxItem).where(eq(table.inboxItem.eventKey, `plan:${id}:bill`));
		const byUser = new Map(bills.map((b) => [b.userId, b.params.amountFen]));
		expect(owners.map((o) => byUser.get(o.id))).toEqual([80_000, 90_000, 100_000, 110_000]);
		const mine = (await notify.list(owners[0])).items.find((i) => i.kind === 'plan_bill')!;
		expect(mine.body).toBe('“更换12盏路灯”：您名下房屋分摊 800.00 元。');
	});

	it('a payment reaches the owners of the unit it was for, no one else', async () => {
		const topic = await makeTopic('楼道灯');
		const c = committee;
		const { id } = await plans.create(c, s.community.id, { topicId: topic.id, title: '楼道灯众筹', splitRule: 'voluntary' });
		const item = await plans.addItem(c, id, { name: '声控灯', note: '' });
		const q = await plans.addQuote(c, id, { itemId: item.id, supplier: '五金店', amount: '340' });
		await plans.chooseQuote(c, id, { quoteId: q.id, reason: '唯一报价' });
		await plans.addSource(c, id, { kind: 'residents', amount: '340' });
		await plans.publish(c, id);
		// a voluntary plan concerns every resident in its scope
		expect(await reached(`plan:${id}:published`)).toEqual(ids(...owners, tenant));
		const pay = await plans.recordPayment(c, id, { unitId: s.units[2].id, amount: '50', method: 'cash', receiptNo: 'K-7' });
		expect(await reached(`plan:${id}:payment:${pay.id}`)).toEqual(ids(owners[2]));
		const item2 = (await notify.list(owners[2])).items[0];
		expect(item2.body).toContain('收据号 K-7');
	});
});

describe('a rating round', () => {
	it('opening reaches every resident; closing in 3 days reminds only those who have not rated, in their own inbox', async () => {
		const cadre = await ratings.createCadre(committee, s.community.id, { name: '刘书记', post: '社区书记' });
		const { id } = await ratings.createRound(committee, s.community.id, {
			year: 2026,
			quarter: 4,
			opensAt: new Date(Date.now() - HOUR).toISOString(),
			closesAt: new Date(Date.now() + 10 * 24 * HOUR).toISOString()
		});
		expect(await reached(`rating:${id}:opened`)).toEqual(ids(...owners, tenant));
		await ratings.rate(owners[0], id, { ratings: [{ cadreId: cadre.id, level: 5 }] });
		await clock.tick();
		expect(await reached(`rating:${id}:closing`)).toEqual([]);
		await clock.tick(new Date(Date.now() + 8 * 24 * HOUR));
		expect(await reached(`rating:${id}:closing`)).toEqual(ids(...owners.slice(1), tenant));
		// the committee member is a rater too (committee only, no residence here): not on the list of residents
		expect(await reached(`rating:${id}:closing`)).not.toContain(committee.id);
	});
});

describe('a late resolution', () => {
	it('reaches the topic’s proposer and followers once its deadline has passed, not an uninvolved neighbour', async () => {
		const topic = await makeTopic('屋顶漏水');
		const session = await scheduled({ startsInHours: -0.5 });
		await sessions.publish(committee, session.id);
		await follows.follow(owners[3], 'topic', topic.id);
		const [r] = await db
			.insert(table.resolution)
			.values({ communityId: s.community.id, sessionId: session.id, topicId: topic.id, text: '物业在月底前修好屋顶', responsibleName: '物业', deadline: '2026-01-10', createdById: committee.id })
			.returning();
		await clock.tick();
		expect(await reached(`resolution:${r.id}:late`)).toEqual([]);
		await db.insert(table.minutesVersion).values({ communityId: s.community.id, sessionId: session.id, version: 1, content: '{}', contentHash: 'x', publishedById: committee.id, publishedByName: '王主任' });
		await clock.tick();
		expect(await reached(`resolution:${r.id}:late`)).toEqual(ids(owners[0], owners[3]));
	});
});

describe('a request reported without an account', () => {
	it('its reporter gets one text per step at the phone they left; a reporter with an account gets none', async () => {
		const phone = '13912340001';
		const valid = { category: 'facility', description: '1单元楼道灯不亮，晚上上下楼很危险。', location: '1单元3楼楼道', contactPreference: 'phone' };
		const { id } = await requests.report(null, s.community.id, { ...valid, reporterPhone: phone, reporterName: '张阿姨' });
		await requests.classify(committee, id, { colour: 'green' });
		await requests.dispatch(committee, id, { party: '金阳物业公司' });
		const texts = messagesTo(phone);
		expect(texts.map((t) => t.template)).toEqual(['request_update', 'request_update']);
		expect(texts[0].text).toContain(`第 ${id} 号`);
		expect(texts[0].params.step).toMatch(/绿/);
		const signedIn = await requests.report(owners[1], s.community.id, valid);
		await requests.classify(committee, signedIn.id, { colour: 'green' });
		expect(messagesTo(s.owners[1].user.phone)).toEqual([]);
	});
});

describe('invitations sent, not copied', () => {
	it('several people at once; a mistake in one row invites nobody and names that row; each unused link stays visible and can be texted again, the same link each time', async () => {
		const session = await scheduled();
		const bad = await (async () => {
			try {
				await sessions.inviteMany(committee, session.id, { name_0: '王经理', role_0: 'utility', organisation_0: '天然气公司', phone_0: '13900000011', name_2: '李代表', role_2: 'deputy', phone_2: '123' });
			} catch (e) {
				return e as { fields: Record<string, string> };
			}
		})();
		expect(bad?.fields).toEqual({ phone_2: '请输入11位手机号码，例如 13800138000' });
		const nul = await sessions.inviteMany(committee, session.id, { name_0: 'a\u0000b', role_0: 'utility' }).catch((e) => e as { status: number; fields: Record<string, string> });
		expect(Array.isArray(nul)).toBe(false);
		expect((nul as { status: number }).status).toBe(400);
		expect(Object.keys((nul as { fields: Record<string, string> }).fields)).toEqual(['name_0']);
		expect((await sessions.invitations(committee, session.id)).rows).toHaveLength(0);
		const made = await sessions.inviteMany(committee, session.id, {
			name_0: '王经理',
			role_0: 'utility',
			organisation_0: '天然气公司',
			phone_0: '13900000011',
			name_2: '李代表',
			role_2: 'deputy',
			organisation_2: '区人大',
			phone_2: '13900000012'
		});
		expect(made.map((r) => r.invitation.name)).toEqual(['王经理', '李代表']);
		const { rows } = await sessions.invitations(committee, session.id);
		expect(rows.map((r) => r.linkToken)).toEqual(made.map((r) => r.token));
		await sessions.publish(committee, session.id);
		await sessions.sendLetter(committee, session.id, made[0].invitation.id, 'https://yst.example');
		await sessions.sendLetter(committee, session.id, made[0].invitation.id, 'https://yst.example');
		const texts = messagesTo('13900000011');
		expect(texts.map((t) => t.template)).toEqual(['invitation_letter', 'invitation_letter']);
		expect(texts[0].params.url).toBe(`https://yst.example/i/${made[0].token}`);
		expect(texts[1].params.url).toBe(texts[0].params.url);
		expect(texts[0].text).toContain('双福巷燃气管道三方联席会');
		// the link still opens after being sent twice; once answered, it is no longer kept nor sent
		await sessions.rsvp(made[0].token, { answer: 'attend' });
		const after = (await sessions.invitations(committee, session.id)).rows.find((r) => r.id === made[0].invitation.id)!;
		expect(after.linkToken).toBeNull();
		await expect(sessions.sendLetter(committee, session.id, made[0].invitation.id, 'https://yst.example')).rejects.toMatchObject({ status: 409, code: 'link_used' });
		// nobody but the committee may send
		await expect(sessions.sendLetter(owners[0], session.id, made[1].invitation.id, 'https://yst.example')).rejects.toMatchObject({ status: 403 });
		expect(messagesTo('13900000012')).toEqual([]);
	});
});
