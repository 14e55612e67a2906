import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as votes from '$lib/server/votes';
import { ServiceError } from '$lib/server/errors';
import { makeCommunity, makeUser, refusal, makeCommunityWithOwners } from './fixtures';

type Place = Awaited<ReturnType<typeof makeCommunity>>;

const setup = makeCommunityWithOwners;


const binding = (extra: Record<string, unknown> = {}) => ({ title: '使用维修资金更换电梯', kind: 'binding', matter: 'use_fund', ...extra });
const poll = (extra: Record<string, unknown> = {}) => ({
	title: '楼道灯选哪种',
	kind: 'poll',
	options: ['太阳能灯', '声控灯', '维持现状'],
	...extra
});

async function makeTopic(place: Place, proposerId: number) {
	const [t] = await db
		.insert(table.topic)
		.values({ communityId: place.community.id, title: '电梯改造', description: '1栋电梯老化', category: 'facility', status: 'accepted', proposerId })
		.returning();
	return t;
}

describe('binding owners’ decisions (Art. 278)', () => {
	it('shows the scope’s heads and area before opening, then goes open → preliminary → final and the topic follows', async () => {
		const s = await setup();
		const topic = await makeTopic(s, s.owners[0].user.id);
		const { id } = await votes.create(s.committee.actor, s.community.id, binding({ topicId: topic.id }));

		const draft = await votes.get(s.owners[0].actor, id);
		expect(draft.status).toBe('draft');
		expect(draft.eligible).toEqual({ heads: 4, areaDm2: 8000 + 9000 + 10000 + 11000 });
		expect((await votes.result(s.owners[0].actor, id)).stage).toBe('draft');

		await votes.open(s.committee.actor, id);
		const [opened] = await db.select().from(table.topic).where(eq(table.topic.id, topic.id));
		expect(opened.status).toBe('deliberating');
		for (const i of [0, 1, 2]) await votes.cast(s.owners[i].actor, id, { choice: i === 2 ? 'no' : 'yes' });

		const live = await votes.result(s.owners[3].actor, id);
		expect(live).toMatchObject({
			stage: 'open',
			eligible: { heads: 4, areaDm2: 38000 },
			participated: { heads: 3, areaDm2: 27000 },
			yes: { heads: 2, areaDm2: 17000 },
			no: { heads: 1, areaDm2: 10000 },
			abstain: { heads: 0, areaDm2: 0 },
			participationPermille: { heads: 750, areaDm2: 710 },
			quorumMet: true,
			passed: true
		});

		const closed = await votes.close(s.committee.actor, id, { objectionDays: 0 });
		expect(closed.stage).toBe('preliminary');
		expect(closed).toMatchObject({ participated: { heads: 3, areaDm2: 27000 }, passed: true });
		// after close nobody may vote
		expect((await refusal(votes.cast(s.owners[3].actor, id, { choice: 'yes' }))).status).toBe(409);

		const final = await votes.finalize(s.committee.actor, id);
		expect(final.stage).toBe('final');
		const [t] = await db.select().from(table.topic).where(eq(table.topic.id, topic.id));
		expect(t.status).toBe('voted');
		const events = await db.select().from(table.topicEvent).where(eq(table.topicEvent.topicId, topic.id));
		expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
			['accepted', 'deliberating'],
			['deliberating', 'voted']
		]);
		expect(events[1].note).toContain('通过');
		const actions = (await db.select().from(table.auditLog).where(eq(table.auditLog.targetId, id))).map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(['vote.create', 'vote.open', 'vote.close', 'vote.finalize']));
	});

	it('an owner with two units counts once, with both areas, whichever unit they vote from', async () => {
		const s = await setup();
		await db.update(table.unit).set({ ownerKey: s.units[0].ownerKey }).where(eq(table.unit.id, s.units[1].id));
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		expect((await votes.get(s.committee.actor, id)).eligible).toEqual({ heads: 3, areaDm2: 38000 });
		await votes.open(s.committee.actor, id);

		await votes.cast(s.committee.actor, id, { unitId: s.units[1].id, choice: 'yes', method: 'paper' });
		const r = await votes.result(s.committee.actor, id);
		expect(r).toMatchObject({ participated: { heads: 1, areaDm2: 17000 }, yes: { heads: 1, areaDm2: 17000 } });

		// the same owner, from their other unit, online: refused
		const again = await refusal(votes.cast(s.owners[0].actor, id, { choice: 'no' }));
		expect(again.status).toBe(409);
		expect(again.message).toContain('已经投过票');
	});

	it('developer-held units together are one head, whatever owner keys they carry', async () => {
		const s = await setup();
		await db.update(table.unit).set({ developer: true }).where(eq(table.unit.id, s.units[2].id));
		await db.update(table.unit).set({ developer: true }).where(eq(table.unit.id, s.units[3].id));
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		const roll = await db.select().from(table.voteRoll).where(eq(table.voteRoll.voteId, id));
		expect(roll).toHaveLength(3);
		const dev = roll.find((r) => r.headKey === 'developer')!;
		expect(dev.areaDm2).toBe(21000);
		expect([...dev.unitIds].sort()).toEqual([s.units[2].id, s.units[3].id].sort());

		await votes.cast(s.committee.actor, id, { unitId: s.units[2].id, choice: 'abstain', method: 'door' });
		const second = await refusal(votes.cast(s.committee.actor, id, { unitId: s.units[3].id, choice: 'yes', method: 'paper' }));
		expect(second.status).toBe(409);
	});

	it('a paper or door-to-door ballot records the method, who recorded it and when; the public sees unit numbers only', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		await votes.cast(s.committee.actor, id, { unitId: s.units[0].id, choice: 'yes', method: 'paper' });
		await votes.cast(s.owners[1].actor, id, { choice: 'no' });

		const list = await votes.ballots(s.committee.actor, id);
		expect(list).toHaveLength(2);
		expect(list[0]).toMatchObject({ room: '101', ownerName: '业主0', choice: 'yes', method: 'paper', recordedByName: '王主任', voterName: null });
		expect(list[0]).toMatchObject({ createdAt: expect.any(Date) });
		expect(list[1]).toMatchObject({ room: '102', choice: 'no', method: 'online', recordedByName: null });
		const [logged] = await db
			.select()
			.from(table.auditLog)
			.where(and(eq(table.auditLog.action, 'vote.ballot_recorded'), eq(table.auditLog.targetId, id)));
		expect(logged.actorName).toBe('王主任');

		// residents see totals and unit numbers, never names, phones or who chose what
		expect((await refusal(votes.ballots(s.owners[2].actor, id))).status).toBe(403);
		const units = await votes.participatingUnits(s.owners[2].actor, id);
		expect(units.map((u) => u.room)).toEqual(['101', '102']);
		expect(JSON.stringify(units)).not.toMatch(/业主|1390/);
	});

	it('refuses a second ballot from the same owner with a clear message (409)', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		await votes.cast(s.owners[0].actor, id, { choice: 'yes' });
		const e = await refusal(votes.cast(s.owners[0].actor, id, { choice: 'no' }));
		expect(e.status).toBe(409);
		expect(e.code).toBe('already_voted');
		expect(e.message).toMatch(/已经投过票.*不能更改/);
		const e2 = await refusal(votes.cast(s.committee.actor, id, { unitId: s.units[0].id, choice: 'no', method: 'paper' }));
		expect(e2.status).toBe(409);
		const rows = await db.select().from(table.voteBallot).where(eq(table.voteBallot.voteId, id));
		expect(rows.map((r) => r.choice)).toEqual(['yes']);
	});

	it('100 concurrent ballots for one owner leave exactly one', async () => {
		// CI runs this file a second time with DATABASE_URL: then it must really be a PostgreSQL server over TCP
		const served = await db.execute(sql`select inet_server_port() as port`);
		const [{ port }] = (Array.isArray(served) ? served : (served as unknown as { rows: { port: number | null }[] }).rows) as { port: number | null }[];
		expect(port !== null).toBe(Boolean(process.env.DATABASE_URL));
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		const attempts = await Promise.allSettled(
			Array.from({ length: 100 }, (_, i) =>
				i % 2 === 0
					? votes.cast(s.owners[0].actor, id, { choice: 'yes' })
					: votes.cast(s.committee.actor, id, { unitId: s.units[0].id, choice: 'no', method: 'paper' })
			)
		);
		expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
		const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
		expect(refused.every((a) => a.reason instanceof ServiceError && a.reason.status === 409)).toBe(true);
		const [{ n }] = await db
			.select({ n: sql<number>`count(*)`.mapWith(Number) })
			.from(table.voteBallot)
			.where(eq(table.voteBallot.voteId, id));
		expect(n).toBe(1);
	});

	it('a register change after opening does not change the running vote', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		await db.update(table.unit).set({ areaDm2: 99999 }).where(eq(table.unit.id, s.units[0].id));
		await db.insert(table.unit).values({
			communityId: s.community.id,
			buildingId: s.building.id,
			entranceId: s.entrance.id,
			room: '301',
			areaDm2: 12000,
			ownerKey: 'NEW'
		});
		await votes.cast(s.owners[0].actor, id, { choice: 'yes' });
		const r = await votes.result(s.committee.actor, id);
		expect(r).toMatchObject({ eligible: { heads: 4, areaDm2: 38000 }, participated: { heads: 1, areaDm2: 8000 } });
	});

	it('without quorum a vote fails however many say yes; a special matter needs 3/4', async () => {
		const s = await setup();
		const a = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, a.id);
		await votes.cast(s.owners[0].actor, a.id, { choice: 'yes' });
		await votes.cast(s.owners[1].actor, a.id, { choice: 'yes' });
		expect(await votes.close(s.committee.actor, a.id)).toMatchObject({ quorumMet: false, passed: false });

		const b = await votes.create(s.committee.actor, s.community.id, binding({ matter: 'raise_fund', title: '筹集维修资金' }));
		await votes.open(s.committee.actor, b.id);
		for (const [i, choice] of ['yes', 'yes', 'no', 'abstain'].entries()) await votes.cast(s.owners[i].actor, b.id, { choice });
		const r = await votes.close(s.committee.actor, b.id);
		expect(r).toMatchObject({ matter: 'raise_fund', matterClass: 'special', ruleVersion: 'civil-code-2021', quorumMet: true, passed: false });
	});

	it('only verified owners on the roll vote online; a plain resident is refused', async () => {
		const s = await setup();
		const resident = await makeUser({ communityId: s.community.id, role: 'resident', unitId: s.units[0].id });
		const pending = await makeUser({ communityId: s.community.id, role: 'owner', unitId: s.units[1].id, status: 'pending' });
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		expect((await refusal(votes.cast(resident.actor, id, { choice: 'yes' }))).status).toBe(403);
		expect((await refusal(votes.cast(pending.actor, id, { choice: 'yes' }))).status).toBe(403);
		// owners may not record paper ballots
		expect((await refusal(votes.cast(s.owners[0].actor, id, { unitId: s.units[1].id, choice: 'yes', method: 'paper' }))).status).toBe(403);
	});

	it('a scope of one entrance counts only its units; places of another community are refused', async () => {
		const s = await setup();
		const [entrance2] = await db.insert(table.entrance).values({ communityId: s.community.id, buildingId: s.building.id, name: '2单元' }).returning();
		await db.insert(table.unit).values({
			communityId: s.community.id,
			buildingId: s.building.id,
			entranceId: entrance2.id,
			room: '101',
			areaDm2: 7000,
			ownerKey: 'E2'
		});
		const { id } = await votes.create(s.committee.actor, s.community.id, binding({ scope: 'entrance', scopeIds: [entrance2.id], matter: 'rebuild' }));
		expect((await votes.get(s.committee.actor, id)).eligible).toEqual({ heads: 1, areaDm2: 7000 });
		await votes.open(s.committee.actor, id);
		expect((await refusal(votes.cast(s.owners[0].actor, id, { choice: 'yes' }))).status).toBe(403);

		const other = await makeCommunity();
		const e = await refusal(votes.create(s.committee.actor, s.community.id, binding({ scope: 'entrance', scopeIds: [other.entrance.id] })));
		expect(e.status).toBe(400);
		expect(e.fields.scopeIds).toBeTruthy();
	});

	it('bad input gets Chinese messages beside the fields', async () => {
		const s = await setup();
		const noMatter = await refusal(votes.create(s.committee.actor, s.community.id, { title: '表决', kind: 'binding' }));
		expect(noMatter.status).toBe(400);
		expect(noMatter.fields.matter).toContain('第二百七十八条');
		const badKind = await refusal(votes.create(s.committee.actor, s.community.id, { title: '表决', kind: 'referendum' }));
		expect(badKind.fields.kind).toBeTruthy();
		const noTitle = await refusal(votes.create(s.committee.actor, s.community.id, binding({ title: '  ' })));
		expect(noTitle.fields.title).toBeTruthy();
		const oneOption = await refusal(votes.create(s.committee.actor, s.community.id, poll({ options: ['唯一'] })));
		expect(oneOption.fields.options).toBeTruthy();
		const anonChange = await refusal(votes.create(s.committee.actor, s.community.id, poll({ anonymous: true, changeable: true })));
		expect(anonChange.fields.changeable).toBeTruthy();
		const attendees = await refusal(votes.create(s.committee.actor, s.community.id, poll({ eligibility: 'attendees' })));
		expect(attendees.message).toContain('议事会');
		const past = await refusal(votes.create(s.committee.actor, s.community.id, binding({ closesAt: '2020-01-01T00:00:00Z' })));
		expect(past.fields.closesAt).toBeTruthy();

		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		const noChoice = await refusal(votes.cast(s.owners[0].actor, id, { choice: 'maybe' }));
		expect(noChoice.fields.choice).toContain('同意');
		expect((await refusal(votes.open(s.committee.actor, id))).status).toBe(409);
	});
});

describe('objections and the final result', () => {
	it('finalizing is refused during the objection period and while objections are unanswered', async () => {
		const s = await setup();
		const outsider = await makeUser({ communityId: s.community.id, role: 'resident' });
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		await votes.open(s.committee.actor, id);
		for (const o of s.owners) await votes.cast(o.actor, id, { choice: 'yes' });
		await votes.close(s.committee.actor, id, { objectionDays: 7 });

		const early = await refusal(votes.finalize(s.committee.actor, id));
		expect(early.status).toBe(409);
		expect(early.message).toContain('询异公示期');

		const { id: objectionId } = await votes.object(s.owners[1].actor, id, { body: '我家面积登记有误' });
		expect((await refusal(votes.object(outsider.actor, id, { body: '我也有意见' }))).status).toBe(403);
		const seen = await votes.objections(s.owners[2].actor, id);
		expect(seen).toEqual([expect.objectContaining({ body: '我家面积登记有误', answer: null })]);
		expect(seen[0]).not.toHaveProperty('userName');

		// the notice period ends
		await db.update(table.vote).set({ objectionEndsAt: new Date(Date.now() - 1000) }).where(eq(table.vote.id, id));
		expect((await refusal(votes.object(s.owners[1].actor, id, { body: '晚了' }))).status).toBe(409);
		const pending = await refusal(votes.finalize(s.committee.actor, id));
		expect(pending.code).toBe('objections_pending');

		await votes.answerObjection(s.committee.actor, id, objectionId, { answer: '已核对房产证，面积无误' });
		expect((await refusal(votes.answerObjection(s.committee.actor, id, objectionId, { answer: '再答' }))).status).toBe(409);
		const final = await votes.finalize(s.committee.actor, id);
		expect(final).toMatchObject({ stage: 'final', passed: true });
	});
});

describe('consultative polls', () => {
	it('an anonymous poll keeps who voted apart from what was chosen', async () => {
		const s = await setup();
		const residents = [];
		for (let i = 0; i < 3; i++) residents.push(await makeUser({ communityId: s.community.id, role: 'resident' }));
		const { id } = await votes.create(s.committee.actor, s.community.id, poll({ anonymous: true }));
		const v = await votes.get(s.committee.actor, id);
		await votes.open(s.committee.actor, id);
		await votes.cast(residents[0].actor, id, { optionIds: [v.options[0].id] });
		await votes.cast(residents[1].actor, id, { optionIds: [v.options[1].id] });
		await votes.cast(residents[2].actor, id, { optionIds: [v.options[1].id] });
		expect((await refusal(votes.cast(residents[0].actor, id, { optionIds: [v.options[2].id] }))).status).toBe(409);

		// while open: participation only, the counts come at close (anonymous-polls.test.ts has the rest)
		const r = await votes.result(s.committee.actor, id);
		expect(r).toMatchObject({ participated: { heads: 3 } });
		expect((r as votes.PollResult).options.map((o) => o.count)).toEqual([null, null, null]);

		// no table row holds both a voter and a choice: look at every vote_* table's columns
		const columns = await db
			.select({ table: sql<string>`table_name`, column: sql<string>`column_name` })
			.from(sql`information_schema.columns`)
			.where(sql`table_schema = current_schema() and table_name like 'vote%'`);
		const tables = new Map<string, typeof columns>();
		for (const c of columns) tables.set(c.table, [...(tables.get(c.table) ?? []), c]);
		expect([...tables.keys()].sort()).toEqual(['vote', 'vote_ballot', 'vote_candidate', 'vote_item', 'vote_objection', 'vote_option', 'vote_participation', 'vote_roll', 'vote_sealed_choice']);
		const VOTER = ['user_id', 'voter_id', 'voter_key', 'unit_id', 'head_key', 'recorded_by_id'];
		const CHOICE = ['option_id', 'option_ids', 'choice'];
		let checked = 0;
		for (const [name, cols] of tables) {
			const names = cols.map((c) => c.column);
			const voterCols = names.filter((c) => VOTER.includes(c));
			const choiceCols = names.filter((c) => CHOICE.includes(c));
			if (voterCols.length === 0 || choiceCols.length === 0) continue;
			checked++;
			const either = (cs: string[]) => sql.raw(cs.map((c) => `"${c}" is not null`).join(' or '));
			const [{ n }] = await db
				.select({ n: sql<number>`count(*)`.mapWith(Number) })
				.from(sql.raw(`"${name}"`))
				.where(sql`vote_id = ${id} and (${either(voterCols)}) and (${either(choiceCols)})`);
			expect(n, name).toBe(0);
		}
		expect(checked).toBe(2); // vote_ballot (binding ballots are open by law) and vote_participation (named polls)
		// the option counters and the sealed choices carry no voter; no ballot touched the counters
		for (const t of ['vote_option', 'vote_sealed_choice']) expect(tables.get(t)!.map((c) => c.column).filter((c) => VOTER.includes(c)), t).toEqual([]);
		const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: { xmin: string }[] }).rows) as { xmin: string }[];
		const xmins = rowsOf(await db.execute(sql`select xmin::text as xmin from vote_option where vote_id = ${id}`));
		const partXmins = rowsOf(await db.execute(sql`select xmin::text as xmin from vote_participation where vote_id = ${id}`));
		for (const x of xmins) expect(partXmins.map((r) => r.xmin)).not.toContain(x.xmin);
		// and the participation rows keep no choice
		const parts = await db.select().from(table.voteParticipation).where(eq(table.voteParticipation.voteId, id));
		expect(parts).toHaveLength(3);
		expect(parts.every((p) => p.optionIds === null)).toBe(true);
		const committeeView = await votes.ballots(s.committee.actor, id);
		expect(committeeView.every((b) => 'optionIds' in b && b.optionIds === null)).toBe(true);
		const closed = (await votes.close(s.committee.actor, id)) as votes.PollResult;
		expect(closed.options.map((o) => o.count)).toEqual([1, 2, 0]);
	});

	it('one ballot per household: a second resident of the same unit is refused', async () => {
		const s = await setup();
		const a = await makeUser({ communityId: s.community.id, role: 'resident', unitId: s.units[0].id });
		const b = await makeUser({ communityId: s.community.id, role: 'resident', unitId: s.units[0].id });
		const c = await makeUser({ communityId: s.community.id, role: 'resident', unitId: s.units[1].id });
		const noHome = await makeUser({ communityId: s.community.id, role: 'resident' });
		const { id } = await votes.create(s.committee.actor, s.community.id, poll({ eligibility: 'households' }));
		const v = await votes.get(s.committee.actor, id);
		expect(v.eligible.heads).toBe(4);
		await votes.open(s.committee.actor, id);
		await votes.cast(a.actor, id, { optionIds: [v.options[0].id] });
		const again = await refusal(votes.cast(b.actor, id, { optionIds: [v.options[1].id] }));
		expect(again.status).toBe(409);
		expect(again.message).toContain('您家');
		await votes.cast(c.actor, id, { optionIds: [v.options[1].id] });
		expect((await refusal(votes.cast(noHome.actor, id, { optionIds: [v.options[1].id] }))).status).toBe(403);
		// the committee records a paper ballot for a household without an account
		await votes.cast(s.committee.actor, id, { unitId: s.units[2].id, optionIds: [v.options[2].id], method: 'paper' });
		const r = (await votes.close(s.committee.actor, id)) as votes.PollResult;
		expect(r.stage).toBe('final');
		expect(r.participated.heads).toBe(3);
		expect(r.options.map((o) => o.count)).toEqual([1, 1, 1]);
	});

	it('a changeable poll lets a resident change their ballot until close; multiple choice respects the maximum', async () => {
		const s = await setup();
		const r1 = await makeUser({ communityId: s.community.id, role: 'resident' });
		const { id } = await votes.create(s.committee.actor, s.community.id, poll({ changeable: true, multiple: true, maxChoices: 2 }));
		const v = await votes.get(s.committee.actor, id);
		await votes.open(s.committee.actor, id);
		const tooMany = await refusal(votes.cast(r1.actor, id, { optionIds: v.options.map((o) => o.id) }));
		expect(tooMany.fields.optionIds).toContain('最多只能选 2 项');
		expect((await votes.cast(r1.actor, id, { optionIds: [v.options[0].id, v.options[1].id] })).changed).toBe(false);
		expect((await votes.cast(r1.actor, id, { optionIds: [v.options[2].id] })).changed).toBe(true);
		const r = (await votes.result(r1.actor, id)) as votes.PollResult;
		expect(r.participated.heads).toBe(1);
		expect(r.options.map((o) => o.count)).toEqual([0, 0, 1]);
		await votes.close(s.committee.actor, id);
		expect((await refusal(votes.cast(r1.actor, id, { optionIds: [v.options[0].id] }))).status).toBe(409);
	});

	it('a poll that does not allow changes refuses a second ballot', async () => {
		const s = await setup();
		const r1 = await makeUser({ communityId: s.community.id, role: 'resident' });
		const { id } = await votes.create(s.committee.actor, s.community.id, poll());
		const v = await votes.get(s.committee.actor, id);
		await votes.open(s.committee.actor, id);
		await votes.cast(r1.actor, id, { optionIds: [v.options[0].id] });
		expect((await refusal(votes.cast(r1.actor, id, { optionIds: [v.options[1].id] }))).status).toBe(409);
		const foreign = await refusal(votes.cast(r1.actor, id, { optionIds: [999999] }));
		expect(foreign.status).toBe(400);
	});
	it('concurrent ballots from one household leave one; concurrent changes leave one ballot with one choice', async () => {
		const s = await setup();
		const members: Awaited<ReturnType<typeof makeUser>>[] = [];
		for (let i = 0; i < 5; i++) members.push(await makeUser({ communityId: s.community.id, role: 'resident', unitId: s.units[0].id }));
		const fixed = await votes.create(s.committee.actor, s.community.id, poll({ eligibility: 'households' }));
		const changeable = await votes.create(s.committee.actor, s.community.id, poll({ eligibility: 'households', changeable: true }));
		for (const v of [fixed, changeable]) await votes.open(s.committee.actor, v.id);
		const optionsOf = async (id: number) => (await votes.get(s.committee.actor, id)).options.map((o) => o.id);

		const fixedOptions = await optionsOf(fixed.id);
		const attempts = await Promise.allSettled(
			Array.from({ length: 100 }, (_, i) => votes.cast(members[i % 5].actor, fixed.id, { optionIds: [fixedOptions[i % 3]] }))
		);
		expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
		const countRows = async (id: number) =>
			(await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table.voteParticipation).where(eq(table.voteParticipation.voteId, id)))[0].n;
		const counted = async (id: number) =>
			(await db.select({ n: table.voteOption.count }).from(table.voteOption).where(eq(table.voteOption.voteId, id))).reduce((s, o) => s + o.n, 0);
		expect(await countRows(fixed.id)).toBe(1);
		expect(await counted(fixed.id)).toBe(1);

		const changeOptions = await optionsOf(changeable.id);
		const changes = await Promise.allSettled(
			Array.from({ length: 30 }, (_, i) => votes.cast(members[i % 5].actor, changeable.id, { optionIds: [changeOptions[i % 3]] }))
		);
		expect(changes.every((a) => a.status === 'fulfilled')).toBe(true);
		expect(await countRows(changeable.id)).toBe(1);
		expect(await counted(changeable.id)).toBe(1);
	});
});

describe('another community', () => {
	it('its committee and residents are refused everything (403)', async () => {
		const s = await setup();
		const other = await makeCommunity();
		const theirCommittee = await makeUser({ communityId: other.community.id, role: 'committee' });
		const theirOwner = await makeUser({ communityId: other.community.id, role: 'owner', unitId: other.units[0].id });
		const { id } = await votes.create(s.committee.actor, s.community.id, binding());
		const p = await votes.create(s.committee.actor, s.community.id, poll());
		await votes.open(s.committee.actor, id);
		await votes.open(s.committee.actor, p.id);
		for (const who of [theirCommittee.actor, theirOwner.actor]) {
			const calls: (() => Promise<unknown>)[] = [
				() => votes.create(who, s.community.id, binding()),
				() => votes.list(who, s.community.id),
				() => votes.get(who, id),
				() => votes.result(who, id),
				() => votes.ballots(who, id),
				() => votes.participatingUnits(who, id),
				() => votes.cast(who, id, { choice: 'yes' }),
				() => votes.cast(who, id, { unitId: s.units[0].id, choice: 'yes', method: 'paper' }),
				() => votes.cast(who, p.id, { optionIds: [1] }),
				() => votes.close(who, id),
				() => votes.finalize(who, id),
				() => votes.objections(who, id)
			];
			for (const call of calls) expect((await refusal(call())).status).toBe(403);
		}
		expect((await refusal(votes.result(null, id))).status).toBe(401);
		const [{ n }] = await db
			.select({ n: sql<number>`count(*)`.mapWith(Number) })
			.from(table.voteBallot)
			.where(eq(table.voteBallot.voteId, id));
		expect(n).toBe(0);
	});
});

describe('JSON API', () => {
	type Handler = (event: never) => Promise<Response>;
	const call = (handler: Handler, user: unknown, params: Record<string, string>, body?: unknown) =>
		handler({
			locals: { user },
			params,
			url: new URL('http://localhost/api/v1/test'),
			request: new Request('http://localhost/api/v1/test', {
				method: body === undefined ? 'GET' : 'POST',
				...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
			})
		} as never);

	it('creates, opens, records a paper ballot, refuses the second with 409, and reports the result', async () => {
		const list = await import('../../src/routes/api/v1/communities/[communityId]/votes/+server');
		const openRoute = await import('../../src/routes/api/v1/votes/[voteId]/open/+server');
		const ballotsRoute = await import('../../src/routes/api/v1/votes/[voteId]/ballots/+server');
		const resultRoute = await import('../../src/routes/api/v1/votes/[voteId]/result/+server');
		const closeRoute = await import('../../src/routes/api/v1/votes/[voteId]/close/+server');
		const s = await setup();
		const outsider = await makeUser({ communityId: (await makeCommunity()).community.id, role: 'resident' });
		const cid = String(s.community.id);

		const created = await call(list.POST as Handler, s.committee.actor, { communityId: cid }, { title: '选聘物业', kind: 'binding', matter: 'ordinary' });
		expect(created.status).toBe(201);
		const { id } = await created.json();
		const vid = String(id);
		expect((await call(openRoute.POST as Handler, s.committee.actor, { voteId: vid }, {})).status).toBe(200);

		const paper = { unitId: s.units[0].id, choice: 'yes', method: 'paper' };
		expect((await call(ballotsRoute.POST as Handler, s.committee.actor, { voteId: vid }, paper)).status).toBe(201);
		const again = await call(ballotsRoute.POST as Handler, s.committee.actor, { voteId: vid }, paper);
		expect(again.status).toBe(409);
		expect((await again.json()).error).toMatchObject({ code: 'already_voted', message: expect.stringContaining('已经投过票') });
		const online = await call(ballotsRoute.POST as Handler, s.owners[1].actor, { voteId: vid }, { choice: 'no' });
		expect(online.status).toBe(201);

		const result = await (await call(resultRoute.GET as Handler, s.owners[2].actor, { voteId: vid })).json();
		expect(result).toMatchObject({
			stage: 'open',
			eligible: { heads: 4, areaDm2: 38000 },
			participated: { heads: 2, areaDm2: 17000 },
			yes: { heads: 1, areaDm2: 8000 },
			no: { heads: 1, areaDm2: 9000 },
			abstain: { heads: 0, areaDm2: 0 },
			quorumMet: false,
			passed: false
		});
		const closed = await call(closeRoute.POST as Handler, s.committee.actor, { voteId: vid }, { objectionDays: 3 });
		expect((await closed.json()).stage).toBe('preliminary');

		for (const [handler, params] of [
			[resultRoute.GET, { voteId: vid }],
			[list.GET, { communityId: cid }],
			[ballotsRoute.POST, { voteId: vid }]
		] as [Handler, Record<string, string>][]) {
			const res = await call(handler, outsider.actor, params, handler === ballotsRoute.POST ? { choice: 'yes' } : undefined);
			expect(res.status).toBe(403);
			expect((await res.json()).error.message).toBe('您没有权限进行此操作');
		}
		const bad = await call(list.POST as Handler, s.committee.actor, { communityId: cid }, { title: '', kind: 'binding' });
		expect(bad.status).toBe(400);
		expect(Object.keys((await bad.json()).error.fields)).toEqual(expect.arrayContaining(['title']));
	});
});
