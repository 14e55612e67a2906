/**
 * Demo requests (码上报), DOMAIN.md §7: three months and this one for 金阳社区 (a few dozen, handled by the grid
 * worker 刘芳 and the committee) and 安公社区 at its real scale: 1,225 collected and 722 solved in the three months
 * before this one (one of them became the street-light topic), and 康乐社区's few a month.
 * Relative imports only: the CLI loads this module with tsx.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ilike, inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import { random } from './random';
import { KANGLE_COMMITTEE } from './kangle';
import { deadlineFor, type Colour } from '../../domain/request-clock';
import { monthRange, monthOf, shiftMonth } from '../../domain/request-board';

type Insert = typeof table.request.$inferInsert;
type Category = Insert['category'];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// the tracking tokens of demo requests are thrown away: nobody holds their links
const hash = () => createHash('sha256').update(randomBytes(15).toString('hex')).digest('hex');

const PROBLEMS: Record<Category, string[]> = {
	facility: ['楼道声控灯不亮', '单元门门禁坏了，关不上', '电梯按钮失灵', '楼顶防水层破损，顶楼漏水', '信报箱锈坏', '健身器材螺丝松动'],
	environment: ['垃圾桶满了没人清运', '绿化带里有建筑垃圾', '下水道返味', '楼道堆放杂物', '小区有流浪狗聚集'],
	safety: ['电动车在楼道里充电', '消防栓没有水', '外墙瓷砖有脱落风险', '井盖松动', '楼道灭火器过期'],
	noise: ['楼下商铺晚上音响太吵', '装修在午休时间施工', '广场舞音量过大'],
	neighbour: ['楼上漏水到我家，协商不成', '邻居占用公共走廊', '宠物粪便不清理'],
	property: ['物业维修报修后一直没人来', '停车费收费标准不清楚', '保安夜间不巡逻'],
	traffic: ['消防通道被车堵住', '小区门口路口没有减速带', '共享单车乱停放'],
	other: ['希望增加老年人活动场地', '快递柜不够用', '建议在小区设置便民晾衣区']
};
const CATEGORY_WEIGHTS: [Category, number][] = [
	['facility', 30],
	['environment', 20],
	['safety', 12],
	['noise', 8],
	['neighbour', 7],
	['property', 12],
	['traffic', 7],
	['other', 4]
];
const RESULTS: Record<Category, string> = {
	facility: '已维修完毕，恢复正常使用。',
	environment: '已安排保洁清理干净，并加密清运频次。',
	safety: '已现场消除隐患，并张贴提醒。',
	noise: '已上门沟通，对方承诺控制音量和时间。',
	neighbour: '网格员组织双方调解，达成一致。',
	property: '已督促物业公司整改并回复居民。',
	traffic: '已清理通道并设置禁停标识。',
	other: '已记录并答复居民，纳入社区工作计划。'
};

interface Place {
	buildingId: number;
	gridId: number | null;
	label: string;
}

async function placesOf(tx: Tx, communityId: number): Promise<Place[]> {
	const rows = await tx
		.select({ id: table.building.id, gridId: table.building.gridId, name: table.building.name, estate: table.estate.name })
		.from(table.building)
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(eq(table.building.communityId, communityId));
	return rows.map((b) => ({ buildingId: b.id, gridId: b.gridId, label: `${b.estate} ${b.name}` }));
}

async function userByPhone(tx: Tx, phone: string) {
	const [u] = await tx.select({ id: table.user.id, name: table.user.name }).from(table.user).where(eq(table.user.phone, phone));
	return u ?? null;
}

interface Plan {
	communityId: number;
	places: Place[];
	/** per month, oldest first: how many reported, how many of them solved within the window */
	months: { month: string; collected: number; solved: number }[];
	handler: (p: Place) => { id: number; name: string };
	seed: number;
	windowEnd: number;
}

/** inserts one community's bulk requests, their timeline and evaluations, in a few multi-row statements */
async function bulk(tx: Tx, plan: Plan) {
	const rand = random(plan.seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
	const weighted = () => {
		let x = rand() * 100;
		for (const [c, w] of CATEGORY_WEIGHTS) if ((x -= w) < 0) return c;
		return 'other' as Category;
	};
	const rows: Insert[] = [];
	const handlers: { id: number; name: string }[] = [];
	const ratings: (null | 'satisfied' | 'basic' | 'unsatisfied')[] = [];
	for (const mo of plan.months) {
		const { start, end } = monthRange(mo.month);
		const span = Math.min(end.getTime(), plan.windowEnd) - start.getTime();
		for (let i = 0; i < mo.collected; i++) {
			const category = weighted();
			const place = pick(plan.places);
			const solved = i < mo.solved;
			const reportedAt = new Date(start.getTime() + Math.floor(rand() * span * (solved ? 0.85 : 1)));
			const colour: Colour = solved ? (rand() < 0.68 ? 'green' : 'yellow') : rand() < 0.6 ? 'red' : rand() < 0.75 ? 'grey' : 'yellow';
			const respondedAt = new Date(reportedAt.getTime() + (1 + Math.floor(rand() * (rand() < 0.9 ? 5 : 12))) * MIN);
			const arrivedAt = new Date(reportedAt.getTime() + (6 + Math.floor(rand() * 14)) * MIN);
			const plannedAt = new Date(reportedAt.getTime() + (16 + Math.floor(rand() * 18)) * MIN);
			let closedAt: Date | null = null;
			if (solved) {
				const took = colour === 'green' ? (2 + Math.floor(rand() * 60)) * HOUR : (3 + Math.floor(rand() * 20)) * DAY;
				closedAt = new Date(Math.min(reportedAt.getTime() + took, plan.windowEnd - HOUR, end.getTime() - MIN));
				if (closedAt.getTime() <= plannedAt.getTime()) closedAt = new Date(plannedAt.getTime() + HOUR);
			}
			const followedUpAt = closedAt && closedAt.getTime() + 3 * DAY < Date.now() ? new Date(closedAt.getTime() + (12 + Math.floor(rand() * 60)) * HOUR) : null;
			const handler = plan.handler(place);
			rows.push({
				communityId: plan.communityId,
				buildingId: place.buildingId,
				category,
				description: pick(PROBLEMS[category]),
				location: place.label,
				contactPreference: pick(['phone', 'phone', 'online', 'visit'] as const),
				reporterPhone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
				reporterName: '',
				trackingHash: hash(),
				colour,
				acceptedAt: respondedAt,
				deadline: deadlineFor(colour, respondedAt),
				status: solved ? 'closed' : 'handling',
				reportedAt,
				respondedAt,
				arrivedAt,
				plannedAt,
				planNote: '',
				closedAt,
				result: solved ? RESULTS[category] : '',
				followedUpAt,
				followUpNote: followedUpAt ? '电话回访，居民认可办理结果。' : '',
				assigneeId: handler.id,
				dispatchedTo: category === 'property' ? '物业公司' : null,
				dispatchedAt: category === 'property' ? plannedAt : null,
				updatedAt: closedAt ?? plannedAt
			});
			handlers.push(handler);
			const r = rand();
			ratings.push(solved && rand() < 0.7 ? (r < 0.76 ? 'satisfied' : r < 0.96 ? 'basic' : 'unsatisfied') : null);
		}
	}
	for (let at = 0; at < rows.length; at += 400) {
		const part = rows.slice(at, at + 400);
		const ids = await tx.insert(table.request).values(part).returning({ id: table.request.id });
		const updates: (typeof table.requestUpdate.$inferInsert)[] = [];
		const evaluations: (typeof table.requestEvaluation.$inferInsert)[] = [];
		ids.forEach(({ id }, k) => {
			const r = part[k];
			const h = handlers[at + k];
			const base = { communityId: plan.communityId, requestId: id };
			updates.push({ ...base, kind: 'reported', createdAt: r.reportedAt });
			updates.push({ ...base, kind: 'accepted', body: `受理，分类为${{ green: '绿', yellow: '黄', red: '红', grey: '灰' }[r.colour as Colour]}色`, authorId: h.id, authorName: h.name, createdAt: r.respondedAt! });
			if (r.closedAt) updates.push({ ...base, kind: 'closed', body: r.result, authorId: h.id, authorName: h.name, createdAt: r.closedAt });
			const rating = ratings[at + k];
			if (rating && r.closedAt) evaluations.push({ ...base, rating, createdAt: new Date(r.closedAt.getTime() + 5 * HOUR) });
		});
		await tx.insert(table.requestUpdate).values(updates);
		if (evaluations.length > 0) await tx.insert(table.requestEvaluation).values(evaluations);
	}
}

/** one request with its whole story, for the pages a demo visitor opens first */
async function story(
	tx: Tx,
	r: Insert,
	steps: { kind: string; body?: string; at: Date; by?: { id: number; name: string } | null }[],
	rating?: 'satisfied' | 'basic' | 'unsatisfied'
) {
	const [row] = await tx.insert(table.request).values(r).returning({ id: table.request.id });
	await tx.insert(table.requestUpdate).values(
		steps.map((s) => ({ communityId: r.communityId, requestId: row.id, kind: s.kind, body: s.body ?? '', authorId: s.by?.id ?? null, authorName: s.by?.name ?? '', createdAt: s.at }))
	);
	if (rating) await tx.insert(table.requestEvaluation).values({ communityId: r.communityId, requestId: row.id, rating, comment: '处理很及时，谢谢网格员！' });
	return row.id;
}

async function topicLike(tx: Tx, communityId: number, words: string) {
	const [t] = await tx
		.select({ id: table.topic.id })
		.from(table.topic)
		.where(and(eq(table.topic.communityId, communityId), ilike(table.topic.title, `%${words}%`)));
	return t?.id ?? null;
}

export async function seedRequests(tx: Tx) {
	const communities = await tx
		.select({ id: table.community.id, name: table.community.name })
		.from(table.community)
		.where(inArray(table.community.name, ['金阳社区', '安公社区', '康乐社区']));
	const jy = communities.find((c) => c.name === '金阳社区');
	const ag = communities.find((c) => c.name === '安公社区');
	const kl = communities.find((c) => c.name === '康乐社区');
	if (!jy || !ag) return;
	const now = Date.now();
	const thisMonth = monthOf(new Date(now));
	const three = [shiftMonth(thisMonth, -3), shiftMonth(thisMonth, -2), shiftMonth(thisMonth, -1)];
	const windowEnd = monthRange(thisMonth).start.getTime();

	// 安公社区: 1,225 collected and 722 solved in the three months before this one
	const agPlaces = await placesOf(tx, ag.id);
	const zhou = (await userByPhone(tx, '13800000007'))!;
	await bulk(tx, {
		communityId: ag.id,
		places: agPlaces,
		months: [
			{ month: three[0], collected: 397, solved: 231 },
			{ month: three[1], collected: 407, solved: 240 },
			{ month: three[2], collected: 420, solved: 251 }
		],
		handler: () => zhou,
		seed: 722,
		windowEnd
	});
	// and this month so far
	await bulk(tx, {
		communityId: ag.id,
		places: agPlaces,
		months: [{ month: thisMonth, collected: 24, solved: 11 }],
		handler: () => zhou,
		seed: 1225,
		windowEnd: now - 2 * HOUR
	});

	// 金阳社区: the grid worker 刘芳 handles 第一网格 (A区), the committee the rest
	const jyPlaces = await placesOf(tx, jy.id);
	const liu = (await userByPhone(tx, '13800000005'))!;
	const zhang = (await userByPhone(tx, '13800000001'))!;
	const handler = (p: Place) => (p.label.includes('A区') ? liu : zhang);
	await bulk(tx, {
		communityId: jy.id,
		places: jyPlaces,
		months: [
			{ month: three[0], collected: 31, solved: 24 },
			{ month: three[1], collected: 36, solved: 29 },
			{ month: three[2], collected: 42, solved: 33 },
			{ month: thisMonth, collected: 9, solved: 4 }
		],
		handler,
		seed: 515303,
		windowEnd: now - 2 * HOUR
	});

	// 康乐社区: 60 households, a handful a month, handled by the committee member 孟静 (kangle.ts)
	const meng = kl ? await userByPhone(tx, KANGLE_COMMITTEE) : null;
	if (kl && meng) {
		await bulk(tx, {
			communityId: kl.id,
			places: await placesOf(tx, kl.id),
			months: [
				{ month: three[0], collected: 9, solved: 8 },
				{ month: three[1], collected: 7, solved: 6 },
				{ month: three[2], collected: 11, solved: 9 },
				{ month: thisMonth, collected: 3, solved: 1 }
			],
			handler: () => meng,
			seed: 60,
			windowEnd: now - 2 * HOUR
		});
	}

	const a1 = jyPlaces.find((p) => p.label.endsWith('A区 1栋')) ?? jyPlaces[0];
	const a3 = jyPlaces.find((p) => p.label.endsWith('A区 3栋')) ?? jyPlaces[0];
	const li = await userByPhone(tx, '13800000002');
	const wu = await userByPhone(tx, '13800000008');
	const ago = (ms: number) => new Date(now - ms);

	// 李建国's closed request, waiting for his evaluation
	const t0 = ago(2 * DAY);
	await story(
		tx,
		{
			communityId: jy.id,
			buildingId: a1.buildingId,
			category: 'facility',
			description: '1单元门口的台阶有一块松了，老人走路容易绊倒。',
			location: '1单元门口台阶',
			contactPreference: 'phone',
			reporterId: li?.id ?? null,
			reporterName: li?.name ?? '',
			trackingHash: hash(),
			colour: 'green',
			acceptedAt: new Date(t0.getTime() + 3 * MIN),
			deadline: deadlineFor('green', new Date(t0.getTime() + 3 * MIN)),
			status: 'closed',
			reportedAt: t0,
			respondedAt: new Date(t0.getTime() + 3 * MIN),
			arrivedAt: new Date(t0.getTime() + 12 * MIN),
			plannedAt: new Date(t0.getTime() + 25 * MIN),
			planNote: '先放警示牌，明天上午请物业维修工重新铺砌。',
			closedAt: new Date(t0.getTime() + 26 * HOUR),
			result: '物业维修工已重新铺砌台阶，并清理了周边碎石。',
			assigneeId: liu.id,
			dispatchedTo: '金阳物业公司',
			dispatchedAt: new Date(t0.getTime() + 25 * MIN)
		},
		[
			{ kind: 'reported', at: t0 },
			{ kind: 'accepted', body: '受理，分类为绿色', at: new Date(t0.getTime() + 3 * MIN), by: liu },
			{ kind: 'arrive', at: new Date(t0.getTime() + 12 * MIN), by: liu },
			{ kind: 'plan', body: '先放警示牌，明天上午请物业维修工重新铺砌。', at: new Date(t0.getTime() + 25 * MIN), by: liu },
			{ kind: 'dispatched', body: '已转派：金阳物业公司', at: new Date(t0.getTime() + 26 * MIN), by: liu },
			{ kind: 'closed', body: '物业维修工已重新铺砌台阶，并清理了周边碎石。', at: new Date(t0.getTime() + 26 * HOUR), by: liu }
		]
	);

	// a new one from this morning that nobody has answered yet: overdue on the desk
	const t1 = ago(40 * MIN);
	await story(
		tx,
		{
			communityId: jy.id,
			buildingId: a1.buildingId,
			category: 'safety',
			description: '2单元楼道里有人给电动车充电，电线从窗户拉进来。',
			location: '2单元1楼',
			contactPreference: 'visit',
			reporterPhone: '13912340001',
			reporterName: '王阿姨',
			trackingHash: hash(),
			reportedAt: t1
		},
		[{ kind: 'reported', at: t1 }]
	);

	// a red one, with progress reports
	const t2 = ago(40 * DAY);
	await story(
		tx,
		{
			communityId: jy.id,
			buildingId: a3.buildingId,
			category: 'facility',
			description: '3栋楼顶防水层老化，顶楼两户每逢下雨都漏水。',
			location: '3栋楼顶',
			contactPreference: 'phone',
			reporterPhone: '13912340002',
			reporterName: '陈先生',
			trackingHash: hash(),
			colour: 'red',
			acceptedAt: new Date(t2.getTime() + 4 * MIN),
			deadline: deadlineFor('red', new Date(t2.getTime() + 4 * MIN)),
			status: 'handling',
			reportedAt: t2,
			respondedAt: new Date(t2.getTime() + 4 * MIN),
			arrivedAt: new Date(t2.getTime() + 14 * MIN),
			plannedAt: new Date(t2.getTime() + 29 * MIN),
			planNote: '先做临时封堵；整体翻修需申请维修资金。',
			assigneeId: liu.id,
			dispatchedTo: '金阳物业公司',
			dispatchedAt: new Date(t2.getTime() + 1 * DAY)
		},
		[
			{ kind: 'reported', at: t2 },
			{ kind: 'accepted', body: '受理，分类为红色', at: new Date(t2.getTime() + 4 * MIN), by: liu },
			{ kind: 'plan', body: '先做临时封堵；整体翻修需申请维修资金。', at: new Date(t2.getTime() + 29 * MIN), by: liu },
			{ kind: 'progress', body: '物业已完成临时封堵，上周下雨未再漏水。', at: new Date(t2.getTime() + 10 * DAY), by: liu },
			{ kind: 'progress', body: '维修资金使用申请已提交街道，正在审核。', at: new Date(t2.getTime() + 30 * DAY), by: zhang }
		]
	);

	// escalated into topics the foundation demo already has
	const drains = await topicLike(tx, jy.id, '下水管道');
	if (drains) {
		const t3 = ago(50 * DAY);
		await story(
			tx,
			{
				communityId: jy.id,
				buildingId: a3.buildingId,
				category: 'environment',
				description: '3栋下水管道经常堵塞，一楼返味严重，疏通几次都没用。',
				location: '3栋一楼',
				contactPreference: 'phone',
				reporterPhone: '13912340003',
				trackingHash: hash(),
				colour: 'red',
				acceptedAt: new Date(t3.getTime() + 2 * MIN),
				deadline: deadlineFor('red', new Date(t3.getTime() + 2 * MIN)),
				status: 'escalated',
				reportedAt: t3,
				respondedAt: new Date(t3.getTime() + 2 * MIN),
				arrivedAt: new Date(t3.getTime() + 15 * MIN),
				plannedAt: new Date(t3.getTime() + 30 * MIN),
				closedAt: new Date(t3.getTime() + 2 * DAY),
				result: `已转为议题 #${drains}，提交社区协商`,
				followedUpAt: new Date(t3.getTime() + 4 * DAY),
				assigneeId: liu.id,
				topicId: drains
			},
			[
				{ kind: 'reported', at: t3 },
				{ kind: 'accepted', body: '受理，分类为红色', at: new Date(t3.getTime() + 2 * MIN), by: liu },
				{ kind: 'escalated', body: `已转为议题 #${drains}，提交社区协商：整栋管道改造需全体住户分摊费用`, at: new Date(t3.getTime() + 2 * DAY), by: liu }
			]
		);
	}
	const lights = await topicLike(tx, ag.id, '路灯');
	if (lights) {
		const t4 = new Date(monthRange(three[0]).start.getTime() + 3 * DAY);
		await story(
			tx,
			{
				communityId: ag.id,
				buildingId: agPlaces[0]?.buildingId ?? null,
				category: 'safety',
				description: '小区里好几盏路灯不亮了，晚上回家很黑。',
				location: '小区主路',
				contactPreference: 'online',
				reporterId: wu?.id ?? null,
				reporterName: wu?.name ?? '',
				trackingHash: hash(),
				colour: 'grey',
				acceptedAt: new Date(t4.getTime() + 3 * MIN),
				status: 'escalated',
				reportedAt: t4,
				respondedAt: new Date(t4.getTime() + 3 * MIN),
				arrivedAt: new Date(t4.getTime() + 13 * MIN),
				plannedAt: new Date(t4.getTime() + 28 * MIN),
				closedAt: new Date(t4.getTime() + 1 * DAY),
				result: `已转为议题 #${lights}，提交社区协商`,
				followedUpAt: new Date(t4.getTime() + 3 * DAY),
				assigneeId: zhou.id,
				topicId: lights
			},
			[
				{ kind: 'reported', at: t4 },
				{ kind: 'accepted', body: '受理，分类为灰色', at: new Date(t4.getTime() + 3 * MIN), by: zhou },
				{ kind: 'escalated', body: `已转为议题 #${lights}，提交社区协商：12盏路灯维修费用12000元无预算`, at: new Date(t4.getTime() + 1 * DAY), by: zhou }
			]
		);
	}
}
