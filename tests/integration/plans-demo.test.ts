/** The demo's plans: 安公's 12 lights (8,000 元 solar quote chosen, part funded, pledges) and 康乐's stair lights, closed at 0 分. */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as demo from '$lib/server/demo';
import * as plans from '$lib/server/plans';
import { actorOf } from './fixtures';

const userByPhone = async (phone: string) => (await db.select().from(table.user).where(eq(table.user.phone, phone)))[0];

describe('demo plans', () => {
	it('安公 shows the chosen 8,000 元 quote with its reason and what is raised; 康乐 is closed with 340 元 of donations and a balance of 0', async () => {
		// the file starts from the image with the demo seeded (tests/integration/setup.ts); seeding again does nothing
		expect(await demo.seedIfEmpty()).toBe(false);
		const [angong] = await db.select().from(table.community).where(eq(table.community.name, '安公社区'));
		const resident = await actorOf((await userByPhone('13800000008')).id);
		const list = await plans.list(resident, angong.id);
		expect(list.plans).toHaveLength(1);
		const view = await plans.view(resident, list.plans[0].id);
		expect(view.items[0].quotes.map((q) => [q.amountFen, q.chosen])).toEqual([
			[1_200_000, false],
			[800_000, true]
		]);
		expect(view.totalFen).toBe(800_000);
		expect(view.progress.raisedFen).toBe(500_000 + 20_000 + 10_000);
		expect(view.approval.canCollect).toBe(true);

		const [kangle] = await db.select().from(table.community).where(eq(table.community.name, '康乐社区'));
		const committee = await actorOf((await userByPhone('13800000571')).id);
		const kl = await plans.list(committee, kangle.id);
		const led = await plans.ledger(committee, kl.plans[0].id);
		expect(led.plan.status).toBe('closed');
		expect(led.totals).toMatchObject({ paymentsFen: 34_000, sourcesFen: 52_000, spentFen: 86_000, balanceFen: 0 });
		// the 安公 resident cannot read 康乐's plans
		await expect(plans.ledger(resident, kl.plans[0].id)).rejects.toMatchObject({ status: 403 });
	});
});
