/**
 * 康乐社区's people and topics (DOMAIN.md §3: 60 households, stair lights paid partly by owners' donations and partly by
 * a community subsidy): the committee member 孟静 (13800000571, password demo1234) and a few owners from the register
 * who take part, and three topics at different stages, the stair lights done. The other parts of the demo (requests,
 * ratings, the 坝坝会 and its minutes, the door-to-door poll, the plan) find these by phone and title.
 * Relative imports only: the CLI loads this module with tsx.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import type { TopicCategory, TopicStatus } from '../db/schema';

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 60 * 60 * 1000);

export const KANGLE = '康乐社区';
export const KANGLE_COMMITTEE = '13800000571';
export const STAIR_LIGHTS = '楼道灯坏了，晚上上下楼看不见';

type Person = { id: number; name: string };

interface TopicPlan {
	title: string;
	description: string;
	category: TopicCategory;
	proposer: Person;
	proposedDaysAgo: number;
	seconders: Person[];
	/** later status changes by the committee: [status, days ago, note] */
	steps: [TopicStatus, number, string][];
}

export async function seedKangle(tx: Tx) {
	const [community] = await tx.select().from(table.community).where(eq(table.community.name, KANGLE));
	if (!community) return;
	// the same password as every demo account: its hash is taken from one of them
	const [someone] = await tx.select({ hash: table.user.passwordHash }).from(table.user).limit(1);
	if (!someone) return;
	const [committee] = await tx.insert(table.user).values({ phone: KANGLE_COMMITTEE, name: '孟静', passwordHash: someone.hash, createdAt: ago(60) }).returning({ id: table.user.id, name: table.user.name });
	await tx.insert(table.membership).values({ userId: committee.id, communityId: community.id, role: 'committee', status: 'verified', createdAt: ago(60) });

	// owners from the register who use the site: every seventh household
	const units = await tx
		.select({ id: table.unit.id, ownerName: table.unit.ownerName, ownerPhone: table.unit.ownerPhone })
		.from(table.unit)
		.where(and(eq(table.unit.communityId, community.id), eq(table.unit.developer, false)))
		.orderBy(asc(table.unit.id));
	const picked: typeof units = [];
	for (const [i, u] of units.entries()) {
		if (picked.length < 7 && i % 7 === 2 && u.ownerPhone && !picked.some((p) => p.ownerPhone === u.ownerPhone)) picked.push(u);
	}
	const owners = await tx
		.insert(table.user)
		.values(picked.map((u) => ({ phone: u.ownerPhone!, name: u.ownerName!, passwordHash: someone.hash, createdAt: ago(50) })))
		.returning({ id: table.user.id, name: table.user.name });
	await tx.insert(table.membership).values(
		owners.map((o, i) => ({ userId: o.id, communityId: community.id, role: 'owner' as const, unitId: picked[i].id, status: 'verified' as const, verifiedById: committee.id, verifiedAt: ago(45), createdAt: ago(48) }))
	);

	const topics: TopicPlan[] = [
		{
			title: STAIR_LIGHTS,
			description: '康乐小区3栋楼的楼道灯大多不亮，老人晚上上下楼很危险，希望换成感应灯。',
			category: 'safety',
			proposer: owners[0],
			proposedDaysAgo: 44,
			seconders: owners.slice(1, 6),
			steps: [
				['accepted', 43, '已受理。先入户征求各户意见，再在楼前庭院开坝坝会商量费用。'],
				['deliberating', 42, '入户意向调查开始，网格内60户逐户登记。'],
				['voted', 39, '入户调查结果：多数住户同意更换为感应灯，并愿意自愿捐款。'],
				['implementing', 37, '坝坝会商定：更换30盏感应灯，住户自愿捐款，不足部分社区补贴；孟静负责落实。'],
				['done', 12, '30盏感应灯已全部更换，捐款340元和社区补贴的收支明细已公示，结余为零。']
			]
		},
		{
			title: '2栋楼下增设电动车充电桩',
			description: '2栋好几户把电动车推进楼道充电，电线从窗户拉下来，很危险。希望在楼下空地装几个充电桩，按次收费也可以。',
			category: 'safety',
			proposer: owners[2],
			proposedDaysAgo: 9,
			seconders: [owners[0], owners[3], owners[4], owners[5], owners[6]],
			steps: [['accepted', 3, '已受理。已请供电所和物业现场查看场地和电源，下次议事会讨论安装位置和收费。']]
		},
		{
			title: '小区东门增设无障碍坡道',
			description: '东门只有台阶，坐轮椅的老人和推婴儿车的家长进出要人抬。希望在台阶旁边修一条坡道。',
			category: 'elderly',
			proposer: owners[3],
			proposedDaysAgo: 5,
			seconders: [owners[1], owners[5]],
			steps: []
		}
	];
	for (const t of topics) await insertTopic(tx, community.id, committee, community.secondThreshold, t);
}

async function insertTopic(tx: Tx, communityId: number, committee: Person, threshold: number, plan: TopicPlan) {
	const last = plan.steps.at(-1);
	const proposedAt = ago(plan.proposedDaysAgo);
	const secondTimes = plan.seconders.map((_, i) => new Date(proposedAt.getTime() + (i + 1) * 7 * 60 * 60 * 1000));
	const flagged = plan.seconders.length >= threshold;
	const [t] = await tx
		.insert(table.topic)
		.values({
			communityId,
			title: plan.title,
			description: plan.description,
			category: plan.category,
			status: last ? last[0] : 'collecting',
			proposerId: plan.proposer.id,
			secondCount: plan.seconders.length,
			flaggedAt: flagged ? secondTimes[threshold - 1] : null,
			createdAt: proposedAt,
			updatedAt: last ? ago(last[1]) : (secondTimes.at(-1) ?? proposedAt)
		})
		.returning({ id: table.topic.id });
	const events: (typeof table.topicEvent.$inferInsert)[] = [
		{ communityId, topicId: t.id, kind: 'proposed', toStatus: 'collecting', actorId: plan.proposer.id, actorName: plan.proposer.name, createdAt: proposedAt },
		...plan.seconders.map((s, i) => ({ communityId, topicId: t.id, kind: 'seconded', actorId: s.id, actorName: s.name, createdAt: secondTimes[i] }))
	];
	if (flagged) events.push({ communityId, topicId: t.id, kind: 'flagged', actorName: '', note: `附议人数达到 ${threshold} 人，提交居委会审议`, createdAt: secondTimes[threshold - 1] });
	let from: TopicStatus = 'collecting';
	for (const [to, daysAgo, note] of plan.steps) {
		events.push({ communityId, topicId: t.id, kind: 'status', fromStatus: from, toStatus: to, actorId: committee.id, actorName: committee.name, note, createdAt: ago(daysAgo) });
		from = to;
	}
	await tx.insert(table.topicEvent).values(events);
	if (plan.seconders.length > 0) {
		await tx.insert(table.topicSecond).values(plan.seconders.map((s, i) => ({ communityId, topicId: t.id, userId: s.id, createdAt: secondTimes[i] })));
	}
	if (plan.steps.length > 0) {
		await tx.insert(table.auditLog).values(
			plan.steps.map(([to, daysAgo, note], i) => ({
				communityId,
				actorId: committee.id,
				actorName: committee.name,
				action: i === 0 ? 'topic.accept' : 'topic.status',
				targetType: 'topic',
				targetId: t.id,
				detail: { title: plan.title, from: i === 0 ? 'collecting' : plan.steps[i - 1][0], to, note },
				createdAt: ago(daysAgo)
			}))
		);
	}
}
