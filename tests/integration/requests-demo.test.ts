/** The demo's requests: 安公社区's three months at the real scale, and 金阳's stories a visitor opens first. */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as demo from '$lib/server/demo';
import * as requests from '$lib/server/requests';
import { shiftMonth } from '$lib/domain/request-board';
import { actorOf } from './fixtures';

const userByPhone = async (phone: string) => (await db.select().from(table.user).where(eq(table.user.phone, phone)))[0];
const communityNamed = async (name: string) => (await db.select().from(table.community).where(eq(table.community.name, name)))[0];

describe('demo requests', () => {
	it('安公: 1,225 collected and 722 solved in the three months before this one, across every colour', async () => {
		// the file starts from the image with the demo seeded (tests/integration/setup.ts); seeding again does nothing
		expect(await demo.seedIfEmpty()).toBe(false);
		const angong = await communityNamed('安公社区');
		const committee = await actorOf((await userByPhone('13800000007')).id);
		const now = requests.currentMonth();
		const boards = await Promise.all([-3, -2, -1].map((n) => requests.board(committee, angong.id, shiftMonth(now, n))));
		expect(boards.reduce((s, b) => s + b.board.collected, 0)).toBe(1225);
		expect(boards.reduce((s, b) => s + b.board.solved, 0)).toBe(722);
		for (const b of boards) for (const c of ['green', 'yellow', 'red', 'grey'] as const) expect(b.board.byColour[c]).toBeGreaterThan(0);
		expect(boards.reduce((s, b) => s + b.board.escalated, 0)).toBe(1);
	});

	it('金阳: the grid worker has an overdue new request, 李建国 one to evaluate, and one request became the drains topic', async () => {
		const jinyang = await communityNamed('金阳社区');
		const grid = await actorOf((await userByPhone('13800000005')).id);
		const overdue = await requests.desk(grid, jinyang.id, { status: 'overdue' });
		expect(overdue.items.some((r) => r.status === 'new')).toBe(true);
		const li = await actorOf((await userByPhone('13800000002')).id);
		const mine = await requests.desk(li, jinyang.id, { status: 'all' });
		expect(mine.items).toHaveLength(1);
		expect((await requests.get(li, mine.items[0].id)).canEvaluate).toBe(true);
		expect((await requests.get(li, mine.items[0].id)).status).toBe('closed');
		const [drains] = await db.select().from(table.topic).where(eq(table.topic.title, 'A区3栋下水管道堵塞返味'));
		expect(await requests.forTopic(grid, drains.id)).toMatchObject({ communityId: jinyang.id, viewable: true });
	});
});
