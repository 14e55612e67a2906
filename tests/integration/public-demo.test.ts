/**
 * 公示 without an account (issue 15 item 6): the monthly board and final vote results are public by default, minutes
 * and plan notices once the committee turns them on; every public notice is the community's own with every name and
 * phone left out; a switch that is off, a record of another community or one not yet published answers 404.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as minutes from '$lib/server/minutes';
import * as plans from '$lib/server/plans';
import * as publicity from '$lib/server/publicity';
import * as requests from '$lib/server/requests';
import * as resolutions from '$lib/server/resolutions';
import * as votes from '$lib/server/votes';
import { actorOf, makeCommunityWithOwners, refusal } from './fixtures';

const userByPhone = async (phone: string) => (await db.select().from(table.user).where(eq(table.user.phone, phone)))[0];
const communityNamed = async (name: string) => (await db.select().from(table.community).where(eq(table.community.name, name)))[0];
const PHONE = /1[3-9]\d{9}/;
const allOn = { board: 'on', results: 'on', minutes: 'on', plans: 'on' };

describe('public notices', () => {
	it('the board is public by default and shows the same figures as the residents’ board, with no phone', async () => {
		const jinyang = await communityNamed('金阳社区');
		const resident = await actorOf((await userByPhone('13800000002')).id);
		const month = requests.currentMonth();
		const open = await requests.publicBoard(jinyang.id, month);
		expect(open.board).toEqual((await requests.board(resident, jinyang.id, month)).board);
		expect(JSON.stringify(open)).not.toMatch(PHONE);
		// the committee turns it off: the link answers as if there were nothing
		const committee = await actorOf((await userByPhone('13800000001')).id);
		await publicity.updateSettings(committee, jinyang.id, { results: 'on' });
		expect((await refusal(requests.publicBoard(jinyang.id, month))).status).toBe(404);
		await publicity.updateSettings(committee, jinyang.id, { board: 'on', results: 'on' });
		expect(await publicity.settings(committee, jinyang.id)).toEqual({ board: true, results: true, minutes: false, plans: false });
		// only the committee changes them, and each change is in the audit log
		expect((await refusal(publicity.updateSettings(resident, jinyang.id, allOn))).status).toBe(403);
		const log = await db.select().from(table.auditLog).where(eq(table.auditLog.communityId, jinyang.id));
		expect(log.filter((l) => l.action === 'community.publicity')).toHaveLength(2);
	});

	it('published minutes: 404 until turned on, then the decisions without attendees, speakers or the people responsible', async () => {
		const jinyang = await communityNamed('金阳社区');
		const resident = await actorOf((await userByPhone('13800000002')).id);
		const committee = await actorOf((await userByPhone('13800000001')).id);
		const lights = (await resolutions.board(resident, jinyang.id)).resolutions.find((r) => r.text.includes('感应灯'))!;
		expect((await refusal(minutes.publicNotice(jinyang.id, lights.sessionId))).status).toBe(404);
		await publicity.updateSettings(committee, jinyang.id, allOn);
		const shown = await minutes.publicNotice(jinyang.id, lights.sessionId);
		expect(shown.resolutions.map((r) => r.text)).toContain(lights.text);
		// every name the residents' minutes carry is left out
		const full = await minutes.published(resident, lights.sessionId);
		const doc = full.versions[0].document;
		const names = [
			...doc.attendees.flatMap((g) => g.people.map((p) => p.name)),
			...doc.agenda.flatMap((a) => [a.presenter, ...a.discussion.map((d) => d.speaker)]),
			...doc.resolutions.map((r) => r.responsible),
			...full.versions[0].confirmations.map((c) => c.name)
		].filter((n) => n && n.length >= 2);
		expect(names.length).toBeGreaterThan(2);
		const text = JSON.stringify(shown);
		for (const name of names) expect(text, name).not.toContain(name);
		expect(text).not.toMatch(PHONE);
		// a session of another community under this community's address: 404
		const other = await makeCommunityWithOwners();
		await publicity.updateSettings(other.committee.actor, other.community.id, allOn);
		expect((await refusal(minutes.publicNotice(other.community.id, lights.sessionId))).status).toBe(404);
	});

	it('a plan notice: amounts, suppliers and sources, the ledger numbered within the plan, and no payer or pledger name', async () => {
		const angong = await communityNamed('安公社区');
		const committee = await actorOf((await userByPhone('13800000007')).id);
		const plan = (await db.select().from(table.plan).where(eq(table.plan.communityId, angong.id))).find((p) => p.status !== 'draft')!;
		expect((await refusal(plans.publicNotice(angong.id, plan.id))).status).toBe(404);
		await publicity.updateSettings(committee, angong.id, allOn);
		const shown = await plans.publicNotice(angong.id, plan.id);
		const full = await plans.ledger(committee, plan.id, true);
		expect(shown.totalFen).toBe(full.totalFen);
		expect(shown.totals).toEqual(full.totals);
		expect(shown.lines.map((l) => l.n)).toEqual(full.lines.map((_, i) => i + 1));
		const names = [...full.pledges.map((p) => p.name), ...full.lines.map((l) => (l.kind === 'payment' ? l.party : null))].filter((n): n is string => !!n);
		const text = JSON.stringify(shown);
		for (const name of names) expect(text, name).not.toContain(name);
		expect(text).not.toMatch(PHONE);
	});
});

describe('public vote results', () => {
	it('a final result only, without the homes that took part; another community’s vote or an open one is 404', async () => {
		const s = await makeCommunityWithOwners();
		const [topic] = await db
			.insert(table.topic)
			.values({ communityId: s.community.id, title: '电梯改造', description: '1栋电梯老化', category: 'facility', status: 'accepted', proposerId: s.owners[0].user.id })
			.returning();
		const { id } = await votes.create(s.committee.actor, s.community.id, { title: '使用维修资金更换电梯', kind: 'binding', matter: 'use_fund', topicId: topic.id });
		await votes.open(s.committee.actor, id);
		for (const i of [0, 1, 2]) await votes.cast(s.owners[i].actor, id, { choice: 'yes' });
		expect((await refusal(votes.publicNotice(s.community.id, id))).status).toBe(404);
		await votes.close(s.committee.actor, id, { objectionDays: 0 });
		expect((await refusal(votes.publicNotice(s.community.id, id))).status).toBe(404);
		await votes.finalize(s.committee.actor, id);
		const shown = await votes.publicNotice(s.community.id, id);
		expect(shown.result).toMatchObject({ stage: 'final', passed: true, participated: { heads: 3 } });
		expect(shown).not.toHaveProperty('participating');
		const text = JSON.stringify(shown);
		for (const o of s.owners) {
			expect(text).not.toContain(o.user.name);
			expect(text).not.toContain(o.user.phone);
		}
		const other = await makeCommunityWithOwners();
		expect((await refusal(votes.publicNotice(other.community.id, id))).status).toBe(404);
		await publicity.updateSettings(s.committee.actor, s.community.id, { board: 'on' });
		expect((await refusal(votes.publicNotice(s.community.id, id))).status).toBe(404);
	});
});
