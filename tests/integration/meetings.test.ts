import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as votes from '$lib/server/votes';
import * as art278 from '$lib/domain/art278';
import { tallyElection, tallyMeeting } from '$lib/domain/meeting';
import { makeCommunityWithOwners, refusal } from './fixtures';

const DAY = 86_400_000;

/** moves a meeting's notice back, as if it had been published that many days ago */
async function noticedDaysAgo(voteId: number, days: number) {
	await db
		.update(table.vote)
		.set({ noticedAt: new Date(Date.now() - days * DAY) })
		.where(eq(table.vote.id, voteId));
}

const meetingInput = {
	title: '2026年度业主大会',
	kind: 'meeting',
	items: [
		{ title: '修改管理规约', matter: 'management_rules' },
		{ title: '筹集维修资金', matter: 'raise_fund' },
		{ title: '续聘物业服务企业', matter: 'property_firm' }
	]
};

describe('owners’ meetings with several matters', () => {
	it('runs from notice to final result, each matter under its own class, blanks counted as abstentions', async () => {
		const s = await makeCommunityWithOwners();
		const { id } = await votes.create(s.committee.actor, s.community.id, meetingInput);
		const draft = await votes.get(s.owners[0].actor, id);
		expect(draft).toMatchObject({ kind: 'binding', form: 'meeting', noticedAt: null });
		expect(draft.items.map((i) => [i.title, i.matterClass])).toEqual([
			['修改管理规约', 'ordinary'],
			['筹集维修资金', 'special'],
			['续聘物业服务企业', 'ordinary']
		]);

		// no voting before the notice, nor within 15 days of it
		expect((await refusal(votes.open(s.committee.actor, id))).code).toBe('notice_missing');
		expect((await refusal(votes.publishNotice(s.owners[0].actor, id))).status).toBe(403);
		await votes.publishNotice(s.committee.actor, id);
		const told = await db
			.select({ userId: table.inboxItem.userId })
			.from(table.inboxItem)
			.where(and(eq(table.inboxItem.kind, 'meeting_notice'), eq(table.inboxItem.communityId, s.community.id)));
		expect(told.map((t) => t.userId).sort()).toEqual(s.owners.map((o) => o.user.id).sort());
		const early = await refusal(votes.open(s.committee.actor, id));
		expect(early.code).toBe('notice_period');
		expect(early.message).toMatch(/须满15日才能开始投票.*最早于/);
		await noticedDaysAgo(id, 14.9);
		expect((await refusal(votes.open(s.committee.actor, id))).code).toBe('notice_period');
		await noticedDaysAgo(id, 15);
		await votes.open(s.committee.actor, id);

		const [i1, i2, i3] = draft.items.map((i) => String(i.id));
		await votes.cast(s.owners[0].actor, id, { choices: { [i1]: 'yes', [i2]: 'yes', [i3]: 'yes' } });
		// a paper ballot with the third matter left blank
		await votes.cast(s.committee.actor, id, { unitId: s.units[1].id, method: 'paper', choices: { [i1]: 'yes', [i2]: 'yes' } });
		await votes.cast(s.owners[3].actor, id, { choices: { [i1]: 'no', [i2]: 'yes', [i3]: 'no' } });
		// not on the ballot, a single choice, twice
		expect((await refusal(votes.cast(s.owners[2].actor, id, { choices: { '999999': 'yes' } }))).fields).toHaveProperty('choices.999999');
		expect((await refusal(votes.cast(s.owners[2].actor, id, { choice: 'yes' }))).fields).toHaveProperty('choices');
		expect((await refusal(votes.cast(s.owners[0].actor, id, { choices: {} }))).status).toBe(409);

		const closed = await votes.close(s.committee.actor, id, { objectionDays: 0 });
		// the API answer is the pure count of the same ballots
		const pure = tallyMeeting(
			s.units.map((u, k) => ({ key: `h${k}`, areaDm2: u.areaDm2 })),
			[
				{ key: 'h0', choices: { 1: 'yes', 2: 'yes', 3: 'yes' } },
				{ key: 'h1', choices: { 1: 'yes', 2: 'yes' } },
				{ key: 'h3', choices: { 1: 'no', 2: 'yes', 3: 'no' } }
			],
			art278.RULES['civil-code-2021'],
			[1, 2, 3].map((n, k) => ({ id: n, title: draft.items[k].title, matter: draft.items[k].matter, matterClass: draft.items[k].matterClass }))
		);
		expect(closed).toMatchObject({ stage: 'preliminary', kind: 'meeting', eligible: pure.eligible, participated: pure.participated, quorumMet: true });
		if (closed.kind !== 'meeting') throw new Error('not a meeting');
		expect(closed.items.map(({ yes, no, abstain, passed }) => ({ yes, no, abstain, passed }))).toEqual(
			pure.items.map(({ yes, no, abstain, passed }) => ({ yes, no, abstain, passed }))
		);
		// 2 of 3 heads for the rules (8000+9000 of 30000 area is more than half): passes; the fund needs 3/4: all yes, passes;
		// the firm: 1 yes, 1 no, 1 blank: fails
		expect(closed.items.map((i) => i.passed)).toEqual([true, true, false]);
		expect(closed.items[2].abstain).toEqual({ heads: 1, areaDm2: 9000 });

		const final = await votes.finalize(s.committee.actor, id);
		expect(final).toMatchObject({ stage: 'final', kind: 'meeting' });
		const register = await votes.ballots(s.committee.actor, id);
		expect(register.find((r) => r.unitId === s.units[1].id)).toMatchObject({ method: 'paper', choices: { [i1]: 'yes', [i2]: 'yes' } });
	});

	it('refuses a meeting without matters and a second notice', async () => {
		const s = await makeCommunityWithOwners();
		expect((await refusal(votes.create(s.committee.actor, s.community.id, { title: '大会', kind: 'meeting', items: [] }))).fields).toHaveProperty('items');
		expect((await refusal(votes.create(s.committee.actor, s.community.id, { title: '大会', kind: 'meeting' }))).fields).toHaveProperty('items');
		const { id } = await votes.create(s.committee.actor, s.community.id, meetingInput);
		await votes.publishNotice(s.committee.actor, id);
		expect((await refusal(votes.publishNotice(s.committee.actor, id))).code).toBe('already_noticed');
		// a single-matter vote has no meeting notice
		const single = await votes.create(s.committee.actor, s.community.id, { title: '用维修资金', kind: 'binding', matter: 'use_fund' });
		expect((await refusal(votes.publishNotice(s.committee.actor, single.id))).status).toBe(400);
	});
});

describe('electing the owners’ committee', () => {
	it('counts each candidate by consenting heads and area as the pure rule does, and refuses too many marks', async () => {
		const s = await makeCommunityWithOwners();
		expect((await refusal(votes.create(s.committee.actor, s.community.id, { title: '选举', kind: 'election', candidates: [{ name: '甲' }] }))).fields).toHaveProperty('seats');
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '第一届业主委员会选举',
			kind: 'election',
			seats: 1,
			candidates: [
				{ name: '张三', unitId: s.units[0].id, statement: '退休工程师' },
				{ name: '李四', unitId: s.units[1].id },
				{ name: '王五' }
			]
		});
		const draft = await votes.get(s.owners[0].actor, id);
		expect(draft).toMatchObject({ form: 'election', seats: 1, matter: 'elect_committee', matterClass: 'ordinary' });
		await votes.publishNotice(s.committee.actor, id);
		await noticedDaysAgo(id, 16);
		await votes.open(s.committee.actor, id);
		const [a, b, c] = draft.candidates.map((x) => x.id);
		expect((await refusal(votes.cast(s.owners[0].actor, id, { candidateIds: [a, b] }))).fields).toHaveProperty('candidateIds');
		expect((await refusal(votes.cast(s.owners[0].actor, id, { candidateIds: [999999] }))).fields).toHaveProperty('candidateIds');
		await votes.cast(s.owners[0].actor, id, { candidateIds: [a] });
		await votes.cast(s.owners[1].actor, id, { candidateIds: [b] });
		await votes.cast(s.owners[2].actor, id, { candidateIds: [] });
		await votes.cast(s.committee.actor, id, { unitId: s.units[3].id, method: 'door', candidateIds: [c] });
		const r = await votes.close(s.committee.actor, id, { objectionDays: 0 });
		if (r.kind !== 'election') throw new Error('not an election');
		// nobody has more than half: nobody elected
		expect(r.candidates.every((x) => !x.passed && !x.elected)).toBe(true);
		const pure = tallyElection(
			s.units.map((u, k) => ({ key: `h${k}`, areaDm2: u.areaDm2 })),
			[
				{ key: 'h0', candidateIds: [a] },
				{ key: 'h1', candidateIds: [b] },
				{ key: 'h2', candidateIds: [] },
				{ key: 'h3', candidateIds: [c] }
			],
			art278.RULES['civil-code-2021'],
			draft.candidates.map((x) => ({ id: x.id, name: x.name })),
			1
		);
		expect(r.candidates.map(({ id: cid, yes, passed, elected, tie }) => ({ cid, yes, passed, elected, tie }))).toEqual(
			pure.candidates.map(({ id: cid, yes, passed, elected, tie }) => ({ cid, yes, passed, elected, tie }))
		);
	});

	it('two seats, three passing: the two with most consenting heads; an exact tie at the last seat goes to a run-off', async () => {
		const s = await makeCommunityWithOwners();
		// seven owners of equal area (so that heads and area tie together)
		for (const u of s.units) await db.update(table.unit).set({ areaDm2: 10000 }).where(eq(table.unit.id, u.id));
		const more = await db
			.insert(table.unit)
			.values(['301', '302', '401'].map((room, k) => ({ ...s.units[0], id: undefined, room, areaDm2: 10000, ownerKey: `X${s.community.id}-${k}`, ownerName: `业主X${k}` })))
			.returning();
		const units = [...s.units, ...more];
		const run = async (marks: number[][]) => {
			const { id } = await votes.create(s.committee.actor, s.community.id, {
				title: `选举 ${marks.length}`,
				kind: 'election',
				seats: 2,
				candidates: [{ name: '甲' }, { name: '乙' }, { name: '丙' }]
			});
			const cands = (await votes.get(s.committee.actor, id)).candidates.map((x) => x.id);
			await votes.publishNotice(s.committee.actor, id);
			await noticedDaysAgo(id, 15);
			await votes.open(s.committee.actor, id);
			for (const [k, m] of marks.entries()) {
				await votes.cast(s.committee.actor, id, { unitId: units[k].id, method: 'paper', candidateIds: m.map((i) => cands[i]) });
			}
			const r = await votes.close(s.committee.actor, id, { objectionDays: 0 });
			if (r.kind !== 'election') throw new Error('not an election');
			return r;
		};
		// 甲 5, 乙 5, 丙 4 of 7: all more than half; the two seats go to 甲 and 乙
		const plain = await run([[0, 1], [0, 1], [0, 1], [0, 2], [0, 2], [1, 2], [1, 2]]);
		expect(plain.candidates.map((x) => [x.name, x.yes.heads, x.passed, x.elected, x.tie])).toEqual([
			['甲', 5, true, true, false],
			['乙', 5, true, true, false],
			['丙', 4, true, false, false]
		]);
		// 甲 5, 乙 4, 丙 4: 甲 elected, 乙 and 丙 tied for the last seat
		const tied = await run([[0, 1], [0, 1], [0, 1], [0, 2], [0, 2], [1, 2], [2]]);
		expect(tied.candidates.find((x) => x.name === '甲')).toMatchObject({ elected: true, tie: false });
		expect(tied.candidates.filter((x) => x.tie).map((x) => x.name).sort()).toEqual(['丙', '乙'].sort());
		expect(tied.candidates.filter((x) => x.elected).map((x) => x.name)).toEqual(['甲']);
		expect(tied.runoffSeats).toBe(1);
	});
});

describe('changeable online ballots (the community’s rules, off by default)', () => {
	it('off by default: a second online ballot is refused', async () => {
		const s = await makeCommunityWithOwners();
		expect(await votes.ownersRules(s.committee.actor, s.community.id)).toEqual({ electionOrder: 'heads_then_area', changeableBallots: false });
		const { id } = await votes.create(s.committee.actor, s.community.id, { title: '用维修资金', kind: 'binding', matter: 'use_fund' });
		await votes.open(s.committee.actor, id);
		await votes.cast(s.owners[0].actor, id, { choice: 'yes' });
		expect((await refusal(votes.cast(s.owners[0].actor, id, { choice: 'no' }))).status).toBe(409);
	});

	it('when the rules allow it, the last online ballot before close counts and every change is in the audit; paper stays as recorded', async () => {
		const s = await makeCommunityWithOwners();
		expect((await refusal(votes.updateOwnersRules(s.owners[0].actor, s.community.id, { changeableBallots: 'on' }))).status).toBe(403);
		await votes.updateOwnersRules(s.committee.actor, s.community.id, { changeableBallots: 'on', electionOrder: 'area_then_heads' });
		const { id } = await votes.create(s.committee.actor, s.community.id, meetingInput);
		expect((await votes.get(s.committee.actor, id)).changeable).toBe(true);
		await votes.publishNotice(s.committee.actor, id);
		await noticedDaysAgo(id, 15);
		await votes.open(s.committee.actor, id);
		const [i1, i2] = (await votes.get(s.committee.actor, id)).items.map((i) => String(i.id));
		expect(await votes.cast(s.owners[0].actor, id, { choices: { [i1]: 'yes', [i2]: 'yes' } })).toMatchObject({ changed: false });
		expect(await votes.cast(s.owners[0].actor, id, { choices: { [i1]: 'no' } })).toMatchObject({ changed: true });
		await votes.cast(s.committee.actor, id, { unitId: s.units[1].id, method: 'paper', choices: { [i1]: 'yes' } });
		expect((await refusal(votes.cast(s.owners[1].actor, id, { choices: { [i1]: 'no' } }))).message).toContain('不能在网上更改');
		const live = await votes.result(s.committee.actor, id);
		if (live.kind !== 'meeting') throw new Error('not a meeting');
		expect(live.participated.heads).toBe(2);
		expect(live.items[0].no).toEqual({ heads: 1, areaDm2: s.units[0].areaDm2 });
		expect(live.items[1].abstain.heads).toBe(2);
		const changes = await db
			.select({ detail: table.auditLog.detail })
			.from(table.auditLog)
			.where(and(eq(table.auditLog.targetId, id), eq(table.auditLog.action, 'vote.ballot_changed')));
		expect(changes).toHaveLength(1);
		expect(changes[0].detail).toMatchObject({ from: { choices: { [i1]: 'yes', [i2]: 'yes' } }, to: { choices: { [i1]: 'no' } } });
		// an election created under these rules ranks by area first
		const e = await votes.create(s.committee.actor, s.community.id, { title: '选举', kind: 'election', seats: 1, candidates: [{ name: '甲' }] });
		const [row] = await db.select({ order: table.vote.electionOrder }).from(table.vote).where(eq(table.vote.id, e.id));
		expect(row.order).toBe('area_then_heads');
	});
});
