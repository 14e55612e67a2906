/**
 * Demo cost-sharing plans (DOMAIN.md §3, §5): 金阳社区's street lights before their session (solar, 8,000 元, estate
 * income paid in, a subsidy applied for, residents' pledges), 安公社区's 12 street lights (物业 quoted 12,000 元, solar lights
 * 8,000 元 after 70-odd calls; the 业委会 pays from estate income, the community adds a subsidy, residents pledge
 * the rest) and 康乐社区's stair lights (340 元 of owners' donations and a community subsidy, settled and closed).
 * Relative imports only: the CLI loads this module with tsx.
 */
import { shanghaiDate } from '../../time';
import { and, asc, eq, inArray, like, notInArray } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import { KANGLE_COMMITTEE, STAIR_LIGHTS } from './kangle';

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 60 * 60 * 1000);
const dateOf = (d: Date) => shanghaiDate(d);

type Plan = typeof table.plan.$inferSelect;

async function ledger(tx: Tx, plan: Plan, createdById: number, rows: Omit<typeof table.planLedger.$inferInsert, 'communityId' | 'planId' | 'createdById'>[]) {
	for (const r of rows) await tx.insert(table.planLedger).values({ ...r, communityId: plan.communityId, planId: plan.id, createdById });
}

export async function seedPlans(tx: Tx) {
	const communities = await tx.select().from(table.community).where(inArray(table.community.name, ['金阳社区', '安公社区', '康乐社区']));
	const jinyang = communities.find((c) => c.name === '金阳社区');
	const angong = communities.find((c) => c.name === '安公社区');
	const kangle = communities.find((c) => c.name === '康乐社区');
	if (jinyang) await seedJinyang(tx, jinyang.id);
	if (angong) await seedAngong(tx, angong.id);
	if (kangle) await seedKangle(tx, kangle.id);
}

/**
 * 金阳's street lights, ahead of the 议事亭 session that settles them: the 12 lights of the A/B main road as solar
 * lights for 8,000 元 instead of the 物业's 11,600 元 rewiring, paid by the estate income the 业委会 has already paid
 * in, a community subsidy applied for from the street, and residents' voluntary pledges, two of them paid.
 */
async function seedJinyang(tx: Tx, communityId: number) {
	const [committee] = await tx.select().from(table.user).where(eq(table.user.phone, '13800000001'));
	const [topic] = await tx
		.select()
		.from(table.topic)
		.where(and(eq(table.topic.communityId, communityId), like(table.topic.title, '%路灯损坏%')));
	if (!committee || !topic) return;
	const [plan] = await tx
		.insert(table.plan)
		.values({
			communityId,
			topicId: topic.id,
			title: '金阳花园A/B区主路12盏路灯改造（太阳能）',
			description:
				'A区、B区之间主路共12盏路灯，6盏不亮，其余线路老化。物业报价更换线路和灯头11600元，另需每年电费；居民推荐太阳能路灯，免布线、免电费，比价后谈到8000元。业委会同意从小区公共收益（停车费、广告位收入）出4000元，社区从为民服务资金补贴2000元（已报街道审批），其余2000元由居民自愿认捐。方案先行公示，在议事亭协商会上最终确定。',
			collection: 'voluntary',
			splitRule: 'voluntary',
			surplusPolicy: 'estate_fund',
			status: 'published',
			publishedAt: ago(2),
			createdById: committee.id,
			createdAt: ago(3)
		})
		.returning();
	const [item] = await tx.insert(table.planItem).values({ communityId, planId: plan.id, name: '主路路灯12盏', note: '含拆除旧灯杆、安装和两年质保' }).returning();
	await tx.insert(table.planQuote).values({ communityId, planId: plan.id, itemId: item.id, supplier: '金阳物业服务中心（更换线路和灯头）', amountFen: 1_160_000, note: '另需每年电费约900元' });
	const [solar] = await tx
		.insert(table.planQuote)
		.values({ communityId, planId: plan.id, itemId: item.id, supplier: '太阳能路灯厂家（居民推荐）', amountFen: 800_000, note: '免布线、免电费，两年质保' })
		.returning();
	await tx
		.update(table.planItem)
		.set({ chosenQuoteId: solar.id, chosenReason: '太阳能路灯不用重新布线、不交电费；做照明生意的居民帮忙比了几家，价格谈到8000元。' })
		.where(eq(table.planItem.id, item.id));
	const [hoa] = await tx
		.insert(table.planSource)
		.values([
			{ communityId, planId: plan.id, kind: 'hoa_income', name: '金阳花园业委会（小区公共收益）', amountFen: 400_000, status: 'received', receivedAt: ago(1, 5) },
			{ communityId, planId: plan.id, kind: 'community_fund', name: '金阳社区为民服务资金（已报街道审批）', amountFen: 200_000, status: 'promised' },
			{ communityId, planId: plan.id, kind: 'residents', name: '', amountFen: 200_000, status: 'promised' }
		])
		.returning();
	await ledger(tx, plan, committee.id, [{ kind: 'source', amountFen: 400_000, sourceId: hoa.id, reference: 'JY-YWH-2026-12', createdAt: ago(1, 5) }]);

	// pledges from owners who seconded the topic (the demo resident and owner are left free to pledge themselves)
	const seconders = await tx
		.select({ userId: table.topicSecond.userId, name: table.user.name, unitId: table.membership.unitId })
		.from(table.topicSecond)
		.innerJoin(table.user, eq(table.user.id, table.topicSecond.userId))
		.innerJoin(table.membership, and(eq(table.membership.userId, table.topicSecond.userId), eq(table.membership.communityId, communityId)))
		.where(and(eq(table.topicSecond.topicId, topic.id), notInArray(table.user.phone, ['13800000002', '13800000003'])))
		.orderBy(asc(table.topicSecond.createdAt));
	const amounts = [50_000, 30_000, 30_000, 20_000, 10_000];
	for (const [i, o] of seconders.slice(0, amounts.length).entries()) {
		const [pledge] = await tx
			.insert(table.planPledge)
			.values({ communityId, planId: plan.id, userId: o.userId, unitId: o.unitId, amountFen: amounts[i], showName: i !== 1, createdAt: ago(1, 20 - i) })
			.returning();
		if (i >= 2) continue;
		const paidAt = ago(0, 20 - i * 3);
		const [pay] = await tx
			.insert(table.planPayment)
			.values({
				communityId,
				planId: plan.id,
				unitId: o.unitId,
				pledgeId: pledge.id,
				payerName: o.name,
				showName: pledge.showName,
				amountFen: amounts[i],
				method: i === 0 ? 'cash' : 'transfer',
				paidOn: dateOf(paidAt),
				receiptNo: `JY-LD-00${i + 1}`,
				recordedById: committee.id,
				createdAt: paidAt
			})
			.returning();
		await ledger(tx, plan, committee.id, [{ kind: 'payment', amountFen: amounts[i], paymentId: pay.id, unitId: o.unitId, reference: pay.receiptNo, createdAt: paidAt }]);
	}
}

async function seedAngong(tx: Tx, communityId: number) {
	const [committee] = await tx.select().from(table.user).where(eq(table.user.phone, '13800000007'));
	const [topic] = await tx
		.select()
		.from(table.topic)
		.where(and(eq(table.topic.communityId, communityId), eq(table.topic.title, '小区路灯维修改造')));
	if (!committee || !topic) return;
	const [plan] = await tx
		.insert(table.plan)
		.values({
			communityId,
			topicId: topic.id,
			title: '安公小区12盏路灯改造（太阳能）',
			description: '物业报价12000元，社区没有预算、物业公司无力承担。做照明生意的居民推荐太阳能路灯，打了七十多个电话把价格谈到8000元。业委会同意从小区公共收益出5000元，社区补贴2000元，其余1000元由居民自愿认捐。',
			collection: 'voluntary',
			splitRule: 'voluntary',
			surplusPolicy: 'estate_fund',
			status: 'published',
			publishedAt: ago(3),
			createdById: committee.id,
			createdAt: ago(4)
		})
		.returning();
	const [item] = await tx.insert(table.planItem).values({ communityId, planId: plan.id, name: '小区路灯12盏', note: '含安装和一年保修' }).returning();
	await tx.insert(table.planQuote).values({ communityId, planId: plan.id, itemId: item.id, supplier: '物业公司报价（普通路灯，需重新布线）', amountFen: 1_200_000, note: '另需每年电费' });
	const [solar] = await tx
		.insert(table.planQuote)
		.values({ communityId, planId: plan.id, itemId: item.id, supplier: '太阳能路灯厂家（居民推荐）', amountFen: 800_000, note: '免布线、免电费，三年质保' })
		.returning();
	await tx.update(table.planItem).set({ chosenQuoteId: solar.id, chosenReason: '太阳能路灯不用布线、不交电费，维护简单；居民联系了七十多家，价格从12000元降到8000元。' }).where(eq(table.planItem.id, item.id));
	const [hoa] = await tx
		.insert(table.planSource)
		.values([
			{ communityId, planId: plan.id, kind: 'hoa_income', name: '安公小区业委会', amountFen: 500_000, status: 'received', receivedAt: ago(2) },
			{ communityId, planId: plan.id, kind: 'community_fund', name: '安公社区', amountFen: 200_000, status: 'promised' },
			{ communityId, planId: plan.id, kind: 'residents', name: '', amountFen: 100_000, status: 'promised' }
		])
		.returning();
	await ledger(tx, plan, committee.id, [{ kind: 'source', amountFen: 500_000, sourceId: hoa.id, reference: 'YWH-2026-031', createdAt: ago(2) }]);

	// residents' pledges: the owners who seconded the topic, some named, some not
	const owners = await tx
		.select({ userId: table.membership.userId, unitId: table.membership.unitId, name: table.user.name })
		.from(table.membership)
		.innerJoin(table.user, eq(table.user.id, table.membership.userId))
		.where(and(eq(table.membership.communityId, communityId), inArray(table.membership.role, ['owner', 'resident']), eq(table.membership.status, 'verified')));
	const amounts = [20_000, 10_000, 5_000, 15_000, 10_000];
	const pledged = owners.slice(0, amounts.length);
	for (const [i, o] of pledged.entries()) {
		const [pledge] = await tx
			.insert(table.planPledge)
			.values({ communityId, planId: plan.id, userId: o.userId, unitId: o.unitId, amountFen: amounts[i], showName: i % 2 === 0, createdAt: ago(2, i) })
			.returning();
		if (i < 2) {
			const paidAt = ago(1, i);
			const [pay] = await tx
				.insert(table.planPayment)
				.values({
					communityId,
					planId: plan.id,
					unitId: o.unitId,
					pledgeId: pledge.id,
					payerName: o.name,
					showName: pledge.showName,
					amountFen: amounts[i],
					method: i === 0 ? 'cash' : 'transfer',
					paidOn: dateOf(paidAt),
					receiptNo: `AG-LD-00${i + 1}`,
					recordedById: committee.id,
					createdAt: paidAt
				})
				.returning();
			await ledger(tx, plan, committee.id, [{ kind: 'payment', amountFen: amounts[i], paymentId: pay.id, unitId: o.unitId, reference: pay.receiptNo, createdAt: paidAt }]);
		}
	}
}

async function seedKangle(tx: Tx, communityId: number) {
	// 康乐's committee member and the stair-lights topic come from kangle.ts
	const [committee] = await tx.select().from(table.user).where(eq(table.user.phone, KANGLE_COMMITTEE));
	const [topic] = await tx.select().from(table.topic).where(and(eq(table.topic.communityId, communityId), eq(table.topic.title, STAIR_LIGHTS)));
	if (!committee || !topic) return;
	const [plan] = await tx
		.insert(table.plan)
		.values({
			communityId,
			topicId: topic.id,
			title: '康乐小区楼道感应灯更换',
			description: '60户居民自愿捐款，不足部分由社区补贴。',
			collection: 'voluntary',
			splitRule: 'voluntary',
			surplusPolicy: 'estate_fund',
			status: 'closed',
			actualCostFen: 86_000,
			closingNote: '30盏感应灯已全部更换',
			publishedAt: ago(30),
			closedAt: ago(12),
			createdById: committee.id,
			createdAt: ago(32)
		})
		.returning();
	const [item] = await tx.insert(table.planItem).values({ communityId, planId: plan.id, name: '楼道感应灯30盏', note: '3栋楼、每层两盏' }).returning();
	await tx.insert(table.planQuote).values({ communityId, planId: plan.id, itemId: item.id, supplier: '灯具店（含上门安装）', amountFen: 120_000 });
	const [chosen] = await tx.insert(table.planQuote).values({ communityId, planId: plan.id, itemId: item.id, supplier: '批发市场买灯，社区电工安装', amountFen: 86_000 }).returning();
	await tx.update(table.planItem).set({ chosenQuoteId: chosen.id, chosenReason: '社区电工义务安装，只需买灯的钱。' }).where(eq(table.planItem.id, item.id));
	const [subsidy] = await tx
		.insert(table.planSource)
		.values([
			{ communityId, planId: plan.id, kind: 'community_fund', name: '康乐社区', amountFen: 52_000, status: 'received', receivedAt: ago(20) },
			{ communityId, planId: plan.id, kind: 'residents', name: '', amountFen: 34_000, status: 'promised' }
		])
		.returning();
	const units = await tx.select({ id: table.unit.id, ownerName: table.unit.ownerName }).from(table.unit).where(eq(table.unit.communityId, communityId)).limit(14);
	// 340 元 from 14 households: 13 × 20 元 and one 80 元
	const gifts = units.map((u, i) => ({ unit: u, fen: i === 0 ? 8_000 : 2_000 }));
	await ledger(tx, plan, committee.id, [{ kind: 'source', amountFen: subsidy.amountFen, sourceId: subsidy.id, reference: 'KL-SQ-2026-11', createdAt: ago(20) }]);
	for (const [i, g] of gifts.entries()) {
		const at = ago(28 - i);
		const [pay] = await tx
			.insert(table.planPayment)
			.values({
				communityId,
				planId: plan.id,
				unitId: g.unit.id,
				payerName: g.unit.ownerName,
				showName: i % 3 !== 2,
				amountFen: g.fen,
				method: 'cash',
				paidOn: dateOf(at),
				receiptNo: `KL-${String(i + 1).padStart(3, '0')}`,
				recordedById: committee.id,
				createdAt: at
			})
			.returning();
		await ledger(tx, plan, committee.id, [{ kind: 'payment', amountFen: g.fen, paymentId: pay.id, unitId: g.unit.id, reference: pay.receiptNo, createdAt: at }]);
	}
	await ledger(tx, plan, committee.id, [{ kind: 'expense', amountFen: -86_000, note: '楼道感应灯30盏', reference: 'FP-KL-0093', createdAt: ago(13) }]);
}
