import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as minutes from '$lib/server/minutes';
import * as resolutions from '$lib/server/resolutions';
import * as votes from '$lib/server/votes';
import * as sessions from '$lib/server/sessions';
import { shanghaiToday } from '$lib/domain/resolution';
import { makeCommunityWithOwners, makeUser, refusal } from './fixtures';
import { checkIn, invite, makeSession, makeTopic } from './minutes-fixtures';
import { sessionReads, statementsDuring } from './statements';

const setup = makeCommunityWithOwners;
type Setup = Awaited<ReturnType<typeof setup>>;

const dayOffset = (days: number) => shanghaiToday(new Date(Date.now() + days * 86_400_000));

/** a held session on the gas-pipe topic with a resident, a gas company invitee and two points recorded */
async function heldSession(s: Setup) {
	const topic = await makeTopic(s);
	const { session, items } = await makeSession(s, { topicId: topic.id });
	const resident = await checkIn(s, session.id, { userId: s.owners[0].user.id, name: '业主0', role: 'resident' });
	const token = sessions.generateToken();
	const inv = await invite(s, session.id, { name: '王经理', role: 'utility', organisation: '天然气公司' }, token);
	const gas = await checkIn(s, session.id, { invitationId: inv.id, name: '王经理', role: 'utility', organisation: '天然气公司' });
	await minutes.addRecord(s.committee.actor, session.id, { agendaItemId: items[0].id, speaker: '业主0', speakerRole: '居民', point: '管道不能贴卧室外墙' });
	const rec = await minutes.addRecord(s.committee.actor, session.id, {
		agendaItemId: items[0].id,
		speaker: '王经理',
		speakerRole: '天然气公司',
		point: '可改走巷道北侧'
	});
	const res = await resolutions.create(s.committee.actor, session.id, {
		text: '燃气管道改走巷道北侧',
		responsibleName: '王经理',
		deadline: dayOffset(30),
		agendaItemId: items[0].id
	});
	return { topic, session, items, resident, inv, gas, rec, res, token };
}

describe('the secretary’s record', () => {
	it('the committee records speakers and points per agenda item; the draft files them under their item', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const d = await minutes.draft(s.committee.actor, h.session.id);
		expect(d.document.agenda[0].discussion.map((x) => `${x.speaker}：${x.point}`)).toEqual(['业主0：管道不能贴卧室外墙', '王经理：可改走巷道北侧']);
		expect(d.document.attendees.map((g) => g.role)).toEqual(['utility', 'resident']);
		expect(d.document.resolutions[0]).toMatchObject({ number: 1, text: '燃气管道改走巷道北侧', responsible: '王经理' });
		const log = await db.select().from(table.auditLog).where(eq(table.auditLog.action, 'minutes.record'));
		expect(log.length).toBeGreaterThanOrEqual(2);
	});

	it('a resident cannot record, an empty point is refused beside the field, and a session not yet held is refused', async () => {
		const s = await setup();
		const h = await heldSession(s);
		expect((await refusal(minutes.addRecord(s.owners[0].actor, h.session.id, { agendaItemId: h.items[0].id, speaker: 'x', point: 'y' }))).status).toBe(403);
		const empty = await refusal(minutes.addRecord(s.committee.actor, h.session.id, { agendaItemId: h.items[0].id, speaker: '张三', point: '  ' }));
		expect(empty.fields.point).toBe('请填写发言要点（不超过2000字）');
		const { session: planned, items } = await makeSession(s, { status: 'published' });
		const early = await refusal(minutes.addRecord(s.committee.actor, planned.id, { agendaItemId: items[0].id, speaker: '张三', point: '意见' }));
		expect(early.status).toBe(409);
		// an agenda item of another session is not this session's
		const wrong = await refusal(minutes.addRecord(s.committee.actor, h.session.id, { agendaItemId: items[0].id, speaker: '张三', point: '意见' }));
		expect(wrong.fields.agendaItemId).toBeTruthy();
	});

	it('a poll taken in the session appears in the minutes with its result in words', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '管道改走巷道北侧',
			kind: 'poll',
			options: ['同意', '不同意'],
			eligibility: 'attendees',
			agendaItemId: h.items[0].id
		});
		await votes.open(s.committee.actor, id);
		const opt = (await votes.get(s.committee.actor, id)).options[0].id;
		await votes.cast(s.owners[0].actor, id, { optionIds: [opt] });
		await votes.close(s.committee.actor, id);
		const d = await minutes.draft(s.committee.actor, h.session.id);
		expect(d.document.votes).toEqual([{ id, title: '管道改走巷道北侧', kind: 'poll', result: ['同意：1 票', '不同意：0 票', '参加 1 人，应参加 2 人'] }]);
	});
});

describe('published minutes are versioned and never silently changed', () => {
	it('a correction makes a new version with its reason; the old version’s content and hash are unchanged', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const v1 = await minutes.publish(s.committee.actor, h.session.id, { opinion: '各方同意管道改走巷道北侧。' });
		expect(v1.version).toBe(1);
		const [stored1] = await db.select().from(table.minutesVersion).where(eq(table.minutesVersion.id, v1.id));
		expect(minutes.hashOf(stored1.content)).toBe(v1.contentHash);

		// the secretary corrects a point and the deadline; publishing without a reason is refused
		await minutes.updateRecord(s.committee.actor, h.rec.id, { speaker: '王经理', speakerRole: '天然气公司', point: '可改走巷道北侧，12月底前完工' });
		await resolutions.update(s.committee.actor, h.res.id, { text: '燃气管道改走巷道北侧', responsibleName: '王经理', deadline: dayOffset(20) });
		const noReason = await refusal(minutes.publish(s.committee.actor, h.session.id, {}));
		expect(noReason.fields.reason).toBe('更正已发布的纪要须写明更正原因');

		const v2 = await minutes.publish(s.committee.actor, h.session.id, { reason: '天然气公司更正完工时间' });
		expect(v2.version).toBe(2);
		expect(v2.contentHash).not.toBe(v1.contentHash);

		const [after1] = await db.select().from(table.minutesVersion).where(eq(table.minutesVersion.id, v1.id));
		expect(after1.content).toBe(stored1.content);
		expect(after1.contentHash).toBe(v1.contentHash);
		expect(after1.reason).toBeNull();

		const page = await minutes.published(s.owners[2].actor, h.session.id);
		expect(page.versions.map((x) => x.version)).toEqual([2, 1]);
		expect(page.versions[0].reason).toBe('天然气公司更正完工时间');
		expect(page.versions.every((x) => x.intact)).toBe(true);
		expect(page.versions[1].document.agenda[0].discussion[1].point).toBe('可改走巷道北侧');
		expect(page.versions[0].changes).toEqual([
			{ kind: 'changed', section: 'discussion', ref: '1', field: 'point', before: '王经理（天然气公司）：可改走巷道北侧', after: '王经理（天然气公司）：可改走巷道北侧，12月底前完工' },
			{ kind: 'changed', section: 'resolutions', ref: '1', field: 'deadline', before: dayOffset(30), after: dayOffset(20) }
		]);
	});

	it('the database refuses to change or delete a published version', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const v1 = await minutes.publish(s.committee.actor, h.session.id, {});
		await expect(db.execute(sql`update minutes_version set content = '{}' where id = ${v1.id}`)).rejects.toThrow();
		await expect(db.execute(sql`delete from minutes_version where id = ${v1.id}`)).rejects.toThrow();
		const [row] = await db.select().from(table.minutesVersion).where(eq(table.minutesVersion.id, v1.id));
		expect(row.contentHash).toBe(v1.contentHash);
	});

	it('publishing the same content again is refused; publishing moves the topic to 落实中', async () => {
		const s = await setup();
		const h = await heldSession(s);
		await minutes.publish(s.committee.actor, h.session.id, {});
		const [t] = await db.select().from(table.topic).where(eq(table.topic.id, h.topic.id));
		expect(t.status).toBe('implementing');
		expect((await refusal(minutes.publish(s.committee.actor, h.session.id, { reason: '再发一次' }))).status).toBe(409);
	});
});

describe('participants confirm the minutes', () => {
	it('a signed-in attendee and an invitee through the link confirm once each; others are refused; all are listed', async () => {
		const s = await setup();
		const h = await heldSession(s);
		expect((await refusal(minutes.confirm(s.owners[0].actor, h.session.id))).status).toBe(409);
		await minutes.publish(s.committee.actor, h.session.id, {});

		await minutes.confirm(s.owners[0].actor, h.session.id);
		expect((await refusal(minutes.confirm(s.owners[0].actor, h.session.id))).status).toBe(409);
		const absent = await refusal(minutes.confirm(s.owners[1].actor, h.session.id));
		expect(absent.status).toBe(403);
		expect(absent.message).toBe('只有签到参会的人可以确认纪要');

		let before: Awaited<ReturnType<typeof minutes.forInvitation>> | undefined;
		const reads = await statementsDuring(async () => {
			before = await minutes.forInvitation(h.token);
		});
		expect(before).toMatchObject({ canConfirm: true, attended: true, latest: { version: 1 } });
		// the session the link opened is the one shown: read once
		expect(sessionReads(reads)).toBe(1);
		await minutes.confirmByToken(h.token);
		expect((await minutes.forInvitation(h.token)).confirmed).toBe(true);
		expect((await refusal(minutes.confirmByToken(h.token))).status).toBe(409);

		const list = await minutes.confirmations(s.owners[3].actor, h.session.id);
		expect(list.map((c) => [c.name, c.role, c.organisation, c.version])).toEqual([
			['业主0', 'resident', '', 1],
			['王经理', 'utility', '天然气公司', 1]
		]);
		expect(JSON.stringify(list)).not.toMatch(/1[3-9]\d{9}/);
	});

	it('a wrong, revoked or expired link shows nothing of the session', async () => {
		const s = await setup();
		const h = await heldSession(s);
		await minutes.publish(s.committee.actor, h.session.id, {});
		for (const bad of [sessions.generateToken(), 'short', '../../etc']) {
			const e = await refusal(minutes.forInvitation(bad));
			expect(e.status).toBe(404);
			expect(e.message).toMatch(/[\u4e00-\u9fff]/);
			expect(JSON.stringify(e)).not.toContain(h.session.title);
		}
		const expired = sessions.generateToken();
		await invite(s, h.session.id, { name: '过期', role: 'merchant', organisation: '张记' }, expired, new Date(Date.now() - 1000));
		expect((await refusal(minutes.forInvitation(expired))).status).toBe(410);
		await db.update(table.sessionInvitation).set({ revokedAt: new Date() }).where(eq(table.sessionInvitation.id, h.inv.id));
		expect((await refusal(minutes.confirmByToken(h.token))).status).toBe(410);
	});
});

describe('resolutions followed to done', () => {
	it('status is computed: not started, in progress, overdue after the deadline day, done', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const late = await resolutions.create(s.committee.actor, h.session.id, { text: '张贴施工公告', responsibleName: '张桂兰', deadline: dayOffset(-1) });
		const today = await resolutions.create(s.committee.actor, h.session.id, { text: '通知商户', responsibleName: '张桂兰', deadline: dayOffset(0) });
		const statusOf = async (id: number) => (await resolutions.get(s.owners[1].actor, id)).resolution.status;
		expect(await statusOf(h.res.id)).toBe('not_started');
		expect(await statusOf(late.id)).toBe('overdue');
		await resolutions.addProgress(s.committee.actor, today.id, { note: '已电话通知8家' });
		expect(await statusOf(today.id)).toBe('in_progress');
		await resolutions.addProgress(s.committee.actor, late.id, { note: '公告已张贴', done: 'on' });
		const done = await resolutions.get(s.owners[1].actor, late.id);
		expect(done.resolution).toMatchObject({ status: 'done', late: true, doneOn: shanghaiToday() });
		expect((await refusal(resolutions.addProgress(s.committee.actor, late.id, { note: '再报一次', done: 'on' }))).status).toBe(409);
		const board = await resolutions.board(s.owners[1].actor, s.community.id);
		expect(board.counts).toEqual({ not_started: 1, in_progress: 1, done: 1, overdue: 0 });
	});

	it('a deadline that is not a calendar day and a future progress date are refused beside their fields', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const bad = await refusal(resolutions.create(s.committee.actor, h.session.id, { text: 'x', responsibleName: 'y', deadline: '2026-02-30' }));
		expect(bad.fields.deadline).toBe('请填写完成期限，如 2026-12-31');
		const future = await refusal(resolutions.addProgress(s.committee.actor, h.res.id, { note: 'x', on: dayOffset(2) }));
		expect(future.fields.on).toBe('进展日期不能晚于今天');
	});

	it('the responsible person with an account may report progress; another resident may not', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const r = await resolutions.create(s.committee.actor, h.session.id, {
			text: '巷口设专人值守',
			responsibleName: '业主2',
			responsibleUserId: s.owners[2].user.id,
			deadline: dayOffset(5)
		});
		await resolutions.addProgress(s.owners[2].actor, r.id, { note: '已排班' });
		// the record page offers the community's staff to pick from; an account from elsewhere is refused
		const grid = await makeUser({ communityId: s.community.id, role: 'grid', name: '刘网格' });
		expect((await minutes.draft(s.committee.actor, h.session.id)).staff.map((u) => u.name)).toEqual(expect.arrayContaining(['王主任', '刘网格']));
		const stranger = await makeUser({ role: 'resident', communityId: (await setup()).community.id });
		const e = await refusal(resolutions.create(s.committee.actor, h.session.id, { text: 'x', responsibleName: 'y', responsibleUserId: stranger.user.id, deadline: dayOffset(3) }));
		expect(e.fields.responsibleUserId).toBe('第一责任人账号不属于本社区');
		void grid;
		expect((await refusal(resolutions.addProgress(s.owners[3].actor, r.id, { note: '我来报' }))).status).toBe(403);
	});

	it('when all of a topic’s resolutions are done the topic is 已办结, and each resident evaluates once', async () => {
		const s = await setup();
		const h = await heldSession(s);
		const second = await resolutions.create(s.committee.actor, h.session.id, {
			text: '施工前三天张贴公告',
			responsibleName: '张桂兰',
			deadline: dayOffset(10),
			agendaItemId: h.items[0].id
		});
		await minutes.publish(s.committee.actor, h.session.id, {});
		expect((await refusal(resolutions.evaluate(s.owners[1].actor, h.topic.id, { choice: 'satisfied' }))).status).toBe(409);

		const first = await resolutions.addProgress(s.committee.actor, h.res.id, { note: '管道已改走北侧', done: 'on' });
		expect(first.topicDone).toBe(false);
		let [t] = await db.select().from(table.topic).where(eq(table.topic.id, h.topic.id));
		expect(t.status).toBe('implementing');
		const last = await resolutions.addProgress(s.committee.actor, second.id, { note: '公告已张贴', done: 'on' });
		expect(last.topicDone).toBe(true);
		[t] = await db.select().from(table.topic).where(eq(table.topic.id, h.topic.id));
		expect(t.status).toBe('done');
		const events = await db.select().from(table.topicEvent).where(eq(table.topicEvent.topicId, h.topic.id));
		expect(events.at(-1)).toMatchObject({ toStatus: 'done', note: '全部 2 项决议已完成，议题办结' });

		await resolutions.evaluate(s.owners[1].actor, h.topic.id, { choice: 'satisfied' });
		await resolutions.evaluate(s.owners[2].actor, h.topic.id, { choice: 'basically', comment: '施工噪音稍大' });
		const again = await refusal(resolutions.evaluate(s.owners[1].actor, h.topic.id, { choice: 'dissatisfied' }));
		expect(again.status).toBe(409);
		expect(again.message).toBe('您已评价过这个议题');
		const bad = await refusal(resolutions.evaluate(s.owners[3].actor, h.topic.id, { choice: 'great' }));
		expect(bad.fields.choice).toBeTruthy();
		const ev = await resolutions.evaluations(s.owners[1].actor, h.topic.id);
		expect(ev).toMatchObject({ satisfied: 1, basically: 1, dissatisfied: 0, total: 2, mine: 'satisfied' });
		expect(JSON.stringify(ev.comments)).not.toContain('业主');
		const board = await resolutions.board(s.owners[3].actor, s.community.id);
		expect(board.topicsDone.map((x) => x.id)).toEqual([h.topic.id]);
	});

	it('concurrent evaluations by one resident leave one', async () => {
		const s = await setup();
		const h = await heldSession(s);
		await minutes.publish(s.committee.actor, h.session.id, {});
		await resolutions.addProgress(s.committee.actor, h.res.id, { note: '完成', done: 'on' });
		const results = await Promise.allSettled(Array.from({ length: 5 }, () => resolutions.evaluate(s.owners[1].actor, h.topic.id, { choice: 'satisfied' })));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rows = await db.select().from(table.topicEvaluation).where(eq(table.topicEvaluation.topicId, h.topic.id));
		expect(rows).toHaveLength(1);
	});
});

describe('another community sees nothing and changes nothing', () => {
	it('refuses the other community’s committee and residents, page and service alike', async () => {
		const s = await setup();
		const h = await heldSession(s);
		await minutes.publish(s.committee.actor, h.session.id, {});
		const other = await setup();
		const outsider = await makeUser({ communityId: other.community.id, role: 'resident' });
		const calls: [string, () => Promise<unknown>][] = [
			['record', () => minutes.addRecord(other.committee.actor, h.session.id, { agendaItemId: h.items[0].id, speaker: 'x', point: 'y' })],
			['edit record', () => minutes.updateRecord(other.committee.actor, h.rec.id, { speaker: 'x', point: 'y' })],
			['draft', () => minutes.draft(other.committee.actor, h.session.id)],
			['publish', () => minutes.publish(other.committee.actor, h.session.id, { reason: 'x' })],
			['read minutes', () => minutes.published(outsider.actor, h.session.id)],
			['notice', () => minutes.notice(outsider.actor, h.session.id)],
			['confirmations', () => minutes.confirmations(outsider.actor, h.session.id)],
			['confirm', () => minutes.confirm(outsider.actor, h.session.id)],
			['create resolution', () => resolutions.create(other.committee.actor, h.session.id, { text: 'x', responsibleName: 'y', deadline: dayOffset(1) })],
			['progress', () => resolutions.addProgress(other.committee.actor, h.res.id, { note: 'x' })],
			['read resolution', () => resolutions.get(outsider.actor, h.res.id)],
			['board', () => resolutions.board(outsider.actor, s.community.id)],
			['evaluate', () => resolutions.evaluate(outsider.actor, h.topic.id, { choice: 'satisfied' })]
		];
		for (const [name, call] of calls) {
			const e = await refusal(call());
			expect([name, e.status]).toEqual([name, 403]);
		}
		expect((await refusal(minutes.published(null, h.session.id))).status).toBe(401);
	});
});
