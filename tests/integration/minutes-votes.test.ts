import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as votes from '$lib/server/votes';
import { makeCommunityWithOwners, refusal } from './fixtures';
import { checkIn, makeSession, makeTopic } from './minutes-fixtures';

const setup = makeCommunityWithOwners;

const livePoll = (agendaItemId: number, extra: Record<string, unknown> = {}) => ({
	title: '管道改走巷道北侧',
	kind: 'poll',
	options: ['同意', '不同意'],
	eligibility: 'attendees',
	agendaItemId,
	...extra
});

describe('votes opened from a session agenda item', () => {
	it('stores the session and the agenda item’s topic', async () => {
		const s = await setup();
		const topic = await makeTopic(s);
		const { session, items } = await makeSession(s, { topicId: topic.id });
		const { id } = await votes.create(s.committee.actor, s.community.id, livePoll(items[0].id));
		const v = await votes.get(s.committee.actor, id);
		expect(v.sessionId).toBe(session.id);
		expect(v.topicId).toBe(topic.id);
		expect(v.eligibility).toBe('attendees');
	});

	it('a binding vote can be opened from an agenda item too', async () => {
		const s = await setup();
		const { session, items } = await makeSession(s);
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '使用维修资金',
			kind: 'binding',
			matter: 'use_fund',
			agendaItemId: items[1].id
		});
		expect((await votes.get(s.committee.actor, id)).sessionId).toBe(session.id);
	});

	it('attendee eligibility without an agenda item is refused with its reason beside the field', async () => {
		const s = await setup();
		const e = await refusal(votes.create(s.committee.actor, s.community.id, { ...livePoll(1), agendaItemId: undefined }));
		expect(e.status).toBe(400);
		expect(e.fields.eligibility).toBe('按到会人员表决须从议事会的议程事项发起');
	});

	it('an agenda item of another community is refused', async () => {
		const s = await setup();
		const other = await setup();
		const { items } = await makeSession(other);
		const e = await refusal(votes.create(s.committee.actor, s.community.id, livePoll(items[0].id)));
		expect(e.status).toBe(400);
		expect(e.fields.agendaItemId).toBeTruthy();
	});

	it('only those checked in at the session may vote in an attendees’ poll; the count is of attendees', async () => {
		const s = await setup();
		const { session, items } = await makeSession(s);
		await checkIn(s, session.id, { userId: s.owners[0].user.id, name: '业主0', role: 'resident' });
		await checkIn(s, session.id, { name: '王经理', role: 'utility', organisation: '天然气公司' });
		const { id } = await votes.create(s.committee.actor, s.community.id, livePoll(items[0].id));
		const opened = await votes.open(s.committee.actor, id);
		expect(opened.eligible.heads).toBe(2);
		const yes = (await votes.get(s.committee.actor, id)).options[0].id;

		await votes.cast(s.owners[0].actor, id, { optionIds: [yes] });
		// a verified owner of the community who did not come is refused
		const e = await refusal(votes.cast(s.owners[1].actor, id, { optionIds: [yes] }));
		expect(e.status).toBe(403);
		expect(e.message).toBe('只有在议事会签到的参会人可以参加这次表决');
		// a latecomer checks in and may vote; the close counts them as eligible
		await checkIn(s, session.id, { userId: s.owners[1].user.id, name: '业主1', role: 'resident' });
		await votes.cast(s.owners[1].actor, id, { optionIds: [yes] });
		const r = await votes.close(s.committee.actor, id);
		expect(r).toMatchObject({ stage: 'final', eligible: { heads: 3 }, participated: { heads: 2 } });
		expect((r as votes.PollResult).options[0].count).toBe(2);
	});
});

describe('votes close by themselves at their closing time', () => {
	async function openPollClosingIn(s: Awaited<ReturnType<typeof setup>>, topicId?: number) {
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '楼道灯选哪种',
			kind: 'poll',
			options: ['太阳能灯', '声控灯'],
			topicId,
			closesAt: new Date(Date.now() + 60_000).toISOString()
		});
		await votes.open(s.committee.actor, id);
		return id;
	}
	const pastDue = (id: number) =>
		db.update(table.vote).set({ closesAt: sql`now() - interval '1 minute'` }).where(eq(table.vote.id, id));

	it('the first reader after closesAt finds the poll closed with its final count, and the topic follows', async () => {
		const s = await setup();
		const topic = await makeTopic(s, '楼道灯', 'accepted');
		const id = await openPollClosingIn(s, topic.id);
		const opt = (await votes.get(s.owners[0].actor, id)).options[0].id;
		await votes.cast(s.owners[0].actor, id, { optionIds: [opt] });
		await pastDue(id);

		// a resident merely reading the result closes it: no committee, no timer
		const r = await votes.result(s.owners[2].actor, id);
		expect(r.stage).toBe('final');
		expect((r as votes.PollResult).options[0].count).toBe(1);
		const [row] = await db.select().from(table.vote).where(eq(table.vote.id, id));
		expect(row.status).toBe('final');
		expect(row.closedAt!.getTime()).toBe(row.closesAt!.getTime());
		const [t] = await db.select().from(table.topic).where(eq(table.topic.id, topic.id));
		expect(t.status).toBe('voted');
		const log = await db.select().from(table.auditLog).where(eq(table.auditLog.targetId, id));
		expect(log.filter((l) => l.action === 'vote.auto_close')).toHaveLength(1);
	});

	it('a ballot after closesAt is refused and does not count', async () => {
		const s = await setup();
		const id = await openPollClosingIn(s);
		const opt = (await votes.get(s.owners[0].actor, id)).options[0].id;
		await pastDue(id);
		const e = await refusal(votes.cast(s.owners[1].actor, id, { optionIds: [opt] }));
		expect(e.status).toBe(409);
		const r = (await votes.result(s.owners[1].actor, id)) as votes.PollResult;
		expect(r.participated.heads).toBe(0);
	});

	it('the community’s vote list closes due votes before showing them', async () => {
		const s = await setup();
		const id = await openPollClosingIn(s);
		await pastDue(id);
		const list = await votes.list(s.owners[0].actor, s.community.id);
		expect(list.find((v) => v.id === id)!.status).toBe('final');
	});

	it('a binding vote past closesAt becomes preliminary with its objection window starting at closesAt', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '更换电梯',
			kind: 'binding',
			matter: 'use_fund',
			objectionDays: 3,
			closesAt: new Date(Date.now() + 60_000).toISOString()
		});
		await votes.open(s.committee.actor, id);
		for (const i of [0, 1, 2]) await votes.cast(s.owners[i].actor, id, { choice: 'yes' });
		await pastDue(id);
		const r = await votes.result(s.owners[3].actor, id);
		expect(r.stage).toBe('preliminary');
		const [row] = await db.select().from(table.vote).where(eq(table.vote.id, id));
		expect(row.objectionEndsAt!.getTime() - row.closesAt!.getTime()).toBe(3 * 86_400_000);
	});

	it('readers arriving together close it once', async () => {
		const s = await setup();
		const id = await openPollClosingIn(s);
		await pastDue(id);
		const results = await Promise.all(s.owners.map((o) => votes.result(o.actor, id)));
		expect(results.every((r) => r.stage === 'final')).toBe(true);
		const log = await db.select().from(table.auditLog).where(eq(table.auditLog.targetId, id));
		expect(log.filter((l) => l.action === 'vote.auto_close')).toHaveLength(1);
	});
});
