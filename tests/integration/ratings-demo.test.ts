/** The demo's ratings: 安公社区's published quarter reproduces 2,212 raters at 99.5%, and the current quarter takes ratings. */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as demo from '$lib/server/demo';
import * as ratings from '$lib/server/ratings';
import { actorOf } from './fixtures';

const userByPhone = async (phone: string) => (await db.select().from(table.user).where(eq(table.user.phone, phone)))[0];

describe('demo ratings', () => {
	it('安公: four published quarters with a trend, the last one 2,212 raters at 99.5%; the open quarter takes a demo resident’s rating', async () => {
		// the file starts from the image with the demo seeded (tests/integration/setup.ts); seeding again does nothing
		expect(await demo.seedIfEmpty()).toBe(false);
		const [angong] = await db.select().from(table.community).where(eq(table.community.name, '安公社区'));
		const resident = await actorOf((await userByPhone('13800000008')).id);
		const rounds = await ratings.list(resident, angong.id);
		expect(rounds.map((r) => r.phase)).toEqual(['open', 'published', 'published', 'published', 'published']);
		const last = await ratings.results(resident, rounds[1].id);
		expect(last.raters).toBe(2212);
		expect(last.total.satisfaction).toBe('99.5%');
		expect(last.cadres[0]).toMatchObject({ name: '周丽', valid: 2212, satisfaction: '99.5%' });
		const trend = await ratings.trend(resident, angong.id);
		expect(trend.xLabels).toHaveLength(4);
		expect(trend.communitySeries.values.every((v) => v !== null && v > 98)).toBe(true);

		const open = await ratings.view(resident, rounds[0].id);
		expect(open.canRate).toBe(true);
		await ratings.rate(resident, rounds[0].id, { ratings: open.cadres.map((c) => ({ cadreId: c.id, level: 5 })) });
		expect((await ratings.view(resident, rounds[0].id)).cadres.every((c) => c.mine?.level === 5)).toBe(true);

		// 金阳: 马俊杰 flagged last quarter, with the talk and an overdue follow-up
		const [jinyang] = await db.select().from(table.community).where(eq(table.community.name, '金阳社区'));
		const committee = await actorOf((await userByPhone('13800000001')).id);
		const jy = await ratings.list(committee, jinyang.id);
		const q = await ratings.view(committee, jy[1].id);
		expect(q.figures!.cadres.filter((c) => c.flagged).map((c) => c.name)).toEqual(['马俊杰']);
		expect(q.talks).toHaveLength(1);
		expect(q.followUps.map((f) => f.overdue)).toEqual([false, true, true]);
		// the committee reads residents' comments per cadre; 陈志强 (the demo cadre) reads his own over four quarters
		expect(q.comments.map((c) => c.name)).toEqual(['张桂兰', '陈志强', '刘芳', '马俊杰']);
		const own = await ratings.own(await actorOf((await userByPhone('13800000004')).id), jinyang.id);
		expect(own.cadre.name).toBe('陈志强');
		expect(own.rounds.map((r) => [r.status, r.minCount, r.comments.length])).toEqual([
			['published', 5, 5],
			['published', 5, 2],
			['published', 5, 2],
			['published', 5, 0]
		]);
	});
});
