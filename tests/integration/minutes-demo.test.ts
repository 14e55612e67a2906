/** The demo's minutes: 金阳's repaired stairwell lights with two published versions, a resolution done and the topic evaluated. */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as demo from '$lib/server/demo';
import * as minutes from '$lib/server/minutes';
import * as resolutions from '$lib/server/resolutions';
import { actorOf } from './fixtures';

const userByPhone = async (phone: string) => (await db.select().from(table.user).where(eq(table.user.phone, phone)))[0];

describe('demo minutes and resolutions', () => {
	it('金阳: the 坝坝会 minutes in two intact versions with the reason, the lights resolution done, the topic 已办结 and open to a demo resident’s evaluation', async () => {
		// the file starts from the image with the demo seeded (tests/integration/setup.ts); seeding again does nothing
		expect(await demo.seedIfEmpty()).toBe(false);
		const [jinyang] = await db.select().from(table.community).where(eq(table.community.name, '金阳社区'));
		const resident = await actorOf((await userByPhone('13800000002')).id);
		const board = await resolutions.board(resident, jinyang.id);
		const lights = board.resolutions.find((r) => r.text.includes('感应灯'))!;
		expect(lights).toMatchObject({ status: 'done', responsibleName: '刘芳', late: false });
		expect(board.topicsDone.map((t) => t.title)).toContain('A区1栋楼道声控灯不亮');
		const done = board.topicsDone.find((t) => t.title === 'A区1栋楼道声控灯不亮')!;
		expect(done.evaluation.total).toBeGreaterThan(0);
		expect(done.evaluation.mine).toBeNull();

		const page = await minutes.published(resident, lights.sessionId);
		expect(page.versions.map((v) => v.version)).toEqual([2, 1]);
		expect(page.versions.every((v) => v.intact)).toBe(true);
		expect(page.versions[0].reason).toContain('捐款明细');
		expect(page.versions[0].changes).toHaveLength(1);
		expect(page.versions[0].confirmations.map((c) => c.name)).toContain('李建国');

		// the draft as it stands is what was published last: nothing waits to be published
		const committee = await actorOf((await userByPhone('13800000001')).id);
		expect((await minutes.draft(committee, lights.sessionId)).changes).toEqual([]);

		const detail = await resolutions.get(resident, lights.id);
		expect(detail.progress.at(-1)).toMatchObject({ done: true });
		await resolutions.evaluate(resident, done.id, { choice: 'satisfied' });
	});
});
