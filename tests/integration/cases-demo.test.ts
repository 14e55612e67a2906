/**
 * The demo tells each community's case whole (issue 17 item 13): every part of the site has records a newcomer can
 * open in 金阳, 安公 and 康乐, read through the same services the pages use; 金阳's street lights have their cost plan
 * and the A区3栋 owners their maintenance-fund decision, counted by Art. 278.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as demo from '$lib/server/demo';
import * as minutes from '$lib/server/minutes';
import * as plans from '$lib/server/plans';
import * as ratings from '$lib/server/ratings';
import * as requests from '$lib/server/requests';
import * as resolutions from '$lib/server/resolutions';
import * as sessions from '$lib/server/sessions';
import * as topics from '$lib/server/topics';
import * as votes from '$lib/server/votes';
import { shiftMonth } from '$lib/domain/request-board';
import { actorOf } from './fixtures';

const userByPhone = async (phone: string) => (await db.select().from(table.user).where(eq(table.user.phone, phone)))[0];
const communityNamed = async (name: string) => (await db.select().from(table.community).where(eq(table.community.name, name)))[0];

describe('the demo, community by community', () => {
	it('金阳, 安公 and 康乐 each have topics, a held session with intact minutes, votes, a plan, a published rating round, requests and resolutions', async () => {
		expect(await demo.seedIfEmpty()).toBe(false);
		for (const [name, phone] of [['金阳社区', '13800000001'], ['安公社区', '13800000007'], ['康乐社区', '13800000571']] as const) {
			const community = await communityNamed(name);
			const committee = await actorOf((await userByPhone(phone)).id);
			const topicList = await topics.list(committee, community.id, {});
			expect(topicList.items.length, `${name}: topics`).toBeGreaterThanOrEqual(2);
			expect(new Set(topicList.items.map((t) => t.status)).size, `${name}: topics at different stages`).toBeGreaterThanOrEqual(2);

			const held = (await sessions.list(committee, community.id)).past.filter((s) => s.status === 'ended');
			expect(held.length, `${name}: a session held`).toBeGreaterThanOrEqual(1);
			const record = await minutes.published(committee, held[0].id);
			expect(record.versions.length, `${name}: minutes published`).toBeGreaterThanOrEqual(1);
			expect(record.versions.every((v) => v.intact), `${name}: minutes intact`).toBe(true);
			// what is published is what the session's record gives today: nothing waits to be published
			expect((await minutes.draft(committee, held[0].id)).changes, `${name}: minutes as recorded`).toEqual([]);

			const voteList = await votes.list(committee, community.id);
			expect(voteList.length, `${name}: votes`).toBeGreaterThanOrEqual(1);
			for (const v of voteList) expect((await votes.result(committee, v.id)).stage).toBe(v.status);

			const planList = await plans.list(committee, community.id);
			expect(planList.plans.length, `${name}: plans`).toBeGreaterThanOrEqual(1);
			const rounds = await ratings.list(committee, community.id);
			expect(rounds.filter((r) => r.phase === 'published').length, `${name}: published rating rounds`).toBe(4);

			const board = await requests.board(committee, community.id, shiftMonth(requests.currentMonth(), -1));
			expect(board.board.collected, `${name}: requests last month`).toBeGreaterThan(0);
			expect((await resolutions.board(committee, community.id)).resolutions.length, `${name}: resolutions`).toBeGreaterThanOrEqual(1);
		}
	});

	it('金阳: the street lights’ plan (12 solar lights, 8,000 元 from estate income, a subsidy and pledges), the drains decision passed under Art. 278, the lights poll open to the owner', async () => {
		const jinyang = await communityNamed('金阳社区');
		const owner = await actorOf((await userByPhone('13800000003')).id);
		const list = await plans.list(owner, jinyang.id);
		const lights = list.plans.find((p) => p.title.includes('路灯'))!;
		const view = await plans.view(owner, lights.id);
		expect(view.items[0].name).toContain('12盏');
		expect(view.items[0].quotes.map((q) => [q.amountFen, q.chosen])).toEqual([
			[1_160_000, false],
			[800_000, true]
		]);
		expect(view.totalFen).toBe(800_000);
		expect(view.sources.map((s) => [s.kind, s.amountFen])).toEqual([
			['hoa_income', 400_000],
			['community_fund', 200_000],
			['residents', 200_000]
		]);
		expect(view.progress.raisedFen).toBe(400_000 + 50_000 + 30_000);

		const [drains] = await db.select().from(table.topic).where(eq(table.topic.title, 'A区3栋下水管道堵塞返味'));
		expect(drains.status).toBe('voted');
		const decision = (await votes.list(owner, jinyang.id)).find((v) => v.topicId === drains.id)!;
		const result = await votes.result(owner, decision.id);
		expect(result).toMatchObject({ stage: 'final', kind: 'binding', quorumMet: true, passed: true });

		const poll = (await votes.list(owner, jinyang.id)).find((v) => v.kind === 'poll' && v.status === 'open' && v.title.includes('路灯'))!;
		const detail = await votes.get(owner, poll.id);
		await votes.cast(owner, poll.id, { optionIds: [detail.options[0].id] });
		expect((await votes.result(owner, poll.id)).participated.heads).toBe(7);
	});
});
