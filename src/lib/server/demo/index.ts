/**
 * Demo data from the real cases in DOMAIN.md §3, loaded only into an empty database:
 * 金阳街道 → 金阳社区 (金阳花园 A/B 区, the street-light case), 安公街道 → 安公社区 (the 12,000 → 8,000 元 lights)
 * and 康乐社区 (60 households, stair lights). Names and phone numbers are made up.
 * Relative imports only: the operators' CLI (run by tsx, without SvelteKit's aliases) loads this module too.
 */
import { count, sql } from 'drizzle-orm';
import { hashPassword } from '../auth';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { Role, TopicCategory, TopicStatus } from '../db/schema';
import { seedRequests } from './requests';
import { seedSessions } from './sessions';
import { seedRatings } from './ratings';
import { seedMinutes } from './minutes';
import { seedPlans } from './plans';
import { seedKangle } from './kangle';
import { seedPastSessions } from './past-sessions';
import { seedVotes } from './votes';
import { random } from './random';

export const DEMO_PASSWORD = 'demo1234';

/**
 * Each later domain seeds its part of the demo after the places, people and topics exist, in a module of its
 * own (demo-<domain>.ts, relative imports only) that finds what it needs by name: communities, phones, topic titles.
 * 康乐社区's people and topics come first: the others find them there.
 */
const DEMO_EXTRAS: ((tx: Tx) => Promise<void>)[] = [seedKangle, seedRequests, seedRatings, seedSessions, seedMinutes, seedPastSessions, seedVotes, seedPlans];

export interface DemoAccount {
	phone: string;
	name: string;
	role: Role;
	community: '金阳社区' | '安公社区' | null;
	roleZh: string;
	roleEn: string;
	status?: 'pending';
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{ phone: '13800000001', name: '张桂兰', role: 'committee', community: '金阳社区', roleZh: '居委会（金阳社区）', roleEn: 'committee, Jinyang' },
	{ phone: '13800000002', name: '李建国', role: 'resident', community: '金阳社区', roleZh: '居民（金阳，已核实）', roleEn: 'resident, Jinyang (verified)' },
	{ phone: '13800000003', name: '王秀英', role: 'owner', community: '金阳社区', roleZh: '业主（金阳，已核实）', roleEn: 'owner, Jinyang (verified)' },
	{ phone: '13800000004', name: '陈志强', role: 'cadre', community: '金阳社区', roleZh: '社区干部（金阳）', roleEn: 'cadre, Jinyang' },
	{ phone: '13800000005', name: '刘芳', role: 'grid', community: '金阳社区', roleZh: '网格员（金阳第一网格）', roleEn: 'grid worker, Jinyang grid 1' },
	{ phone: '13800000006', name: '赵明', role: 'street_admin', community: null, roleZh: '街道管理员（金阳街道）', roleEn: 'street admin, Jinyang street' },
	{ phone: '13800000007', name: '周丽', role: 'committee', community: '安公社区', roleZh: '居委会（安公社区）', roleEn: 'committee, Angong' },
	{ phone: '13800000008', name: '吴强', role: 'resident', community: '安公社区', roleZh: '居民（安公，已核实）', roleEn: 'resident, Angong (verified)' },
	{ phone: '13800000009', name: '孙娟', role: 'resident', community: '金阳社区', roleZh: '居民（金阳，待核实）', roleEn: 'resident, Jinyang (pending)', status: 'pending' }
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈'.split('');
const GIVEN = [
	'建国', '秀英', '桂英', '玉兰', '志强', '丽华', '海燕', '俊杰', '国华', '淑珍', '春梅', '文军', '德明', '秀兰', '桂芳',
	'红梅', '建华', '晓东', '晓燕', '明辉', '丽娟', '卫东', '振华', '金凤', '永红', '国强', '雪梅', '宏伟', '静', '磊',
	'勇', '敏', '军', '霞', '平', '刚', '芳', '杰', '涛', '婷'
];

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 60 * 60 * 1000);

interface EstatePlan {
	name: string;
	buildings: number;
	entrances: number;
	floors: number;
	perFloor: number;
	grid?: string;
	/** rooms still held by the developer: "building|entrance|room" */
	developer?: string[];
}

interface CommunityPlan {
	name: string;
	street: string;
	secondThreshold: number;
	keyPrefix: string;
	developerName: string;
	estates: EstatePlan[];
}

const PLANS: CommunityPlan[] = [
	{
		name: '金阳社区',
		street: '金阳街道',
		secondThreshold: 5,
		keyPrefix: 'JY',
		developerName: '金阳置业有限公司',
		estates: [
			{ name: '金阳花园A区', buildings: 5, entrances: 2, floors: 6, perFloor: 2, grid: '第一网格', developer: ['5栋|2单元|601', '5栋|2单元|602'] },
			{
				name: '金阳花园B区',
				buildings: 4,
				entrances: 2,
				floors: 6,
				perFloor: 2,
				grid: '第二网格',
				developer: ['4栋|1单元|601', '4栋|1单元|602', '4栋|2单元|601', '4栋|2单元|602', '4栋|2单元|502']
			}
		]
	},
	{
		name: '安公社区',
		street: '安公街道',
		secondThreshold: 10,
		keyPrefix: 'AG',
		developerName: '安公房地产开发公司',
		estates: [{ name: '安公小区', buildings: 4, entrances: 2, floors: 6, perFloor: 2, grid: '安公网格', developer: ['4栋|2单元|601', '4栋|2单元|602', '4栋|1单元|602'] }]
	},
	{
		name: '康乐社区',
		street: '安公街道',
		secondThreshold: 5,
		keyPrefix: 'KL',
		developerName: '',
		estates: [{ name: '康乐小区', buildings: 3, entrances: 1, floors: 5, perFloor: 4 }]
	}
];

type UnitRow = typeof table.unit.$inferInsert & { label: string };

/** true when data was loaded; false when the database already holds a community */
export async function seedIfEmpty(): Promise<boolean> {
	// one hash for every demo account: argon2 is slow on purpose
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	return db.transaction(async (tx) => {
		// two instances starting at once: the second waits here, then sees the first one's data
		await tx.execute(sql`select pg_advisory_xact_lock(727279)`);
		const [{ n }] = await tx.select({ n: count() }).from(table.community);
		if (n > 0) return false;
		await seed(tx, passwordHash);
		for (const extra of DEMO_EXTRAS) await extra(tx);
		return true;
	});
}

async function seed(tx: Tx, passwordHash: string) {
	const rand = random(20240518);
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
	const usedPhones = new Set<string>(DEMO_ACCOUNTS.map((a) => a.phone));
	const phone = () => {
		for (;;) {
			const p = `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
			if (!usedPhones.has(p)) {
				usedPhones.add(p);
				return p;
			}
		}
	};

	// ---- places ----
	const streets = new Map<string, number>();
	for (const name of new Set(PLANS.map((p) => p.street))) {
		const [s] = await tx.insert(table.street).values({ name }).returning({ id: table.street.id });
		streets.set(name, s.id);
	}

	const communityIds = new Map<string, number>();
	const gridIds = new Map<string, number>();
	const estateIds = new Map<string, number>();
	/** every unit by "community|estate|building|entrance|room" */
	const units = new Map<string, UnitRow>();

	for (const plan of PLANS) {
		const [c] = await tx
			.insert(table.community)
			.values({ name: plan.name, streetId: streets.get(plan.street)!, secondThreshold: plan.secondThreshold })
			.returning({ id: table.community.id });
		communityIds.set(plan.name, c.id);

		const gridNames = [...new Set(plan.estates.map((e) => e.grid).filter((g): g is string => !!g))];
		if (gridNames.length > 0) {
			const grids = await tx
				.insert(table.grid)
				.values(gridNames.map((name) => ({ communityId: c.id, name })))
				.returning({ id: table.grid.id, name: table.grid.name });
			for (const g of grids) gridIds.set(`${plan.name}|${g.name}`, g.id);
		}

		const estates = await tx
			.insert(table.estate)
			.values(plan.estates.map((e) => ({ communityId: c.id, name: e.name })))
			.returning({ id: table.estate.id, name: table.estate.name });
		for (const e of estates) estateIds.set(`${plan.name}|${e.name}`, e.id);

		const buildingRows = plan.estates.flatMap((e) =>
			Array.from({ length: e.buildings }, (_, i) => ({
				communityId: c.id,
				estateId: estateIds.get(`${plan.name}|${e.name}`)!,
				gridId: e.grid ? gridIds.get(`${plan.name}|${e.grid}`)! : null,
				name: `${i + 1}栋`
			}))
		);
		const buildings = await tx
			.insert(table.building)
			.values(buildingRows)
			.returning({ id: table.building.id, estateId: table.building.estateId, name: table.building.name });

		const entranceRows = plan.estates.flatMap((e) => {
			const estateId = estateIds.get(`${plan.name}|${e.name}`)!;
			return buildings
				.filter((b) => b.estateId === estateId)
				.flatMap((b) => Array.from({ length: e.entrances }, (_, i) => ({ communityId: c.id, buildingId: b.id, name: `${i + 1}单元` })));
		});
		const entrances = await tx
			.insert(table.entrance)
			.values(entranceRows)
			.returning({ id: table.entrance.id, buildingId: table.entrance.buildingId, name: table.entrance.name });

		// owners: most hold one unit; about 5% hold a second one under the same owner key
		let ownerSeq = 0;
		const owners: { key: string; name: string; phone: string; held: number }[] = [];
		for (const e of plan.estates) {
			const estateId = estateIds.get(`${plan.name}|${e.name}`)!;
			for (const b of buildings.filter((x) => x.estateId === estateId)) {
				for (const en of entrances.filter((x) => x.buildingId === b.id)) {
					for (let floor = 1; floor <= e.floors; floor++) {
						for (let r = 1; r <= e.perFloor; r++) {
							const room = `${floor}${String(r).padStart(2, '0')}`;
							// the end flats of a floor are the large ones (105–140 m²), the others 60–100 m²;
							// about a third are registered in whole or half metres
							const large = e.perFloor <= 2 ? r === 1 : r === 1 || r === e.perFloor;
							let areaDm2 = large ? 10500 + Math.floor(rand() * 3501) : 6000 + Math.floor(rand() * 4001);
							if (rand() < 0.35) areaDm2 = Math.round(areaDm2 / 50) * 50;
							const isDeveloper = (e.developer ?? []).includes(`${b.name}|${en.name}|${room}`);
							let owner: (typeof owners)[number];
							if (isDeveloper) owner = { key: 'DEVELOPER', name: plan.developerName, phone: '', held: 0 };
							else if (owners.length > 10 && rand() < 0.055 && owners.some((o) => o.held === 1)) {
								owner = pick(owners.filter((o) => o.held === 1));
							} else {
								ownerSeq++;
								owner = { key: `${plan.keyPrefix}-${String(ownerSeq).padStart(4, '0')}`, name: pick(SURNAMES) + pick(GIVEN), phone: phone(), held: 0 };
								owners.push(owner);
							}
							owner.held++;
							units.set(`${plan.name}|${e.name}|${b.name}|${en.name}|${room}`, {
								communityId: c.id,
								buildingId: b.id,
								entranceId: en.id,
								room,
								areaDm2,
								ownerKey: owner.key,
								ownerName: owner.name,
								ownerPhone: owner.phone,
								developer: isDeveloper,
								label: `${e.name} ${b.name}${en.name}${room}`
							});
						}
					}
				}
			}
		}
	}

	// the demo owner is the registered owner of her flat, under her own phone
	const ownersFlat = units.get('金阳社区|金阳花园A区|1栋|1单元|301')!;
	Object.assign(ownersFlat, { ownerKey: 'JY-0900', ownerName: '王秀英', ownerPhone: '13800000003' });

	const unitList = [...units.entries()];
	const unitIds = new Map<string, number>();
	for (let i = 0; i < unitList.length; i += 500) {
		const chunk = unitList.slice(i, i + 500);
		const inserted = await tx
			.insert(table.unit)
			.values(chunk.map(([, { label: _label, ...u }]) => u))
			.returning({ id: table.unit.id });
		chunk.forEach(([key], j) => unitIds.set(key, inserted[j].id));
	}

	// ---- people ----
	const jinyang = communityIds.get('金阳社区')!;
	const angong = communityIds.get('安公社区')!;
	const users = await tx
		.insert(table.user)
		.values(DEMO_ACCOUNTS.map((a) => ({ phone: a.phone, name: a.name, passwordHash, createdAt: ago(60) })))
		.returning({ id: table.user.id, phone: table.user.phone, name: table.user.name });
	const byPhone = new Map(users.map((u) => [u.phone, u]));
	const committeeJy = byPhone.get('13800000001')!;
	const committeeAg = byPhone.get('13800000007')!;
	const demoUnit: Record<string, string> = {
		'13800000002': '金阳社区|金阳花园A区|2栋|1单元|502',
		'13800000003': '金阳社区|金阳花园A区|1栋|1单元|301',
		'13800000008': '安公社区|安公小区|1栋|1单元|201',
		'13800000009': '金阳社区|金阳花园B区|1栋|1单元|101'
	};
	const memberships: (typeof table.membership.$inferInsert)[] = DEMO_ACCOUNTS.map((a) => {
		const u = byPhone.get(a.phone)!;
		const pending = a.status === 'pending';
		const verifier = a.community === '安公社区' ? committeeAg : committeeJy;
		return {
			userId: u.id,
			communityId: a.community ? communityIds.get(a.community)! : null,
			streetId: a.role === 'street_admin' ? streets.get('金阳街道')! : null,
			role: a.role,
			unitId: demoUnit[a.phone] ? unitIds.get(demoUnit[a.phone])! : null,
			gridId: a.role === 'grid' ? gridIds.get('金阳社区|第一网格')! : null,
			status: pending ? 'pending' : 'verified',
			note: pending ? '新搬来的租户，租住在B区1栋1单元101' : '',
			verifiedById: pending || a.role === 'committee' || a.role === 'street_admin' ? null : verifier.id,
			verifiedAt: pending || a.role === 'committee' || a.role === 'street_admin' ? null : ago(45),
			createdAt: pending ? ago(1, 3) : ago(50)
		};
	});

	// verified owners from the register, who second and comment on the demo topics
	const usedNeighbour = new Set<string>(['13800000003']);
	const neighbours = (community: string, n: number) => {
		const found: { key: string; name: string; phone: string }[] = [];
		unitList.forEach(([key, u], i) => {
			if (found.length >= n || i % 7 !== 3 || !key.startsWith(`${community}|`) || u.developer) return;
			if (!u.ownerPhone || usedNeighbour.has(u.ownerPhone)) return;
			usedNeighbour.add(u.ownerPhone);
			found.push({ key, name: u.ownerName!, phone: u.ownerPhone });
		});
		return found;
	};
	const neighbourPlan = [
		...neighbours('金阳社区', 8).map((p) => ({ ...p, community: jinyang, verifier: committeeJy })),
		...neighbours('安公社区', 5).map((p) => ({ ...p, community: angong, verifier: committeeAg }))
	];
	const neighbourUsers = await tx
		.insert(table.user)
		.values(neighbourPlan.map((p) => ({ phone: p.phone, name: p.name, passwordHash, createdAt: ago(40) })))
		.returning({ id: table.user.id, phone: table.user.phone, name: table.user.name });
	neighbourPlan.forEach((p, i) =>
		memberships.push({
			userId: neighbourUsers[i].id,
			communityId: p.community,
			role: 'owner',
			unitId: unitIds.get(p.key)!,
			status: 'verified',
			verifiedById: p.verifier.id,
			verifiedAt: ago(35),
			createdAt: ago(38)
		})
	);
	await tx.insert(table.membership).values(memberships);
	const jyNeighbours = neighbourUsers.filter((_, i) => neighbourPlan[i].community === jinyang);
	const agNeighbours = neighbourUsers.filter((_, i) => neighbourPlan[i].community === angong);

	// ---- topics, with their public timelines ----
	const estateA = estateIds.get('金阳社区|金阳花园A区')!;
	const estateB = estateIds.get('金阳社区|金阳花园B区')!;
	const [buildingB3] = await tx
		.select({ id: table.building.id })
		.from(table.building)
		.where(sql`${table.building.estateId} = ${estateB} and ${table.building.name} = '3栋'`);
	const [buildingA1] = await tx
		.select({ id: table.building.id })
		.from(table.building)
		.where(sql`${table.building.estateId} = ${estateA} and ${table.building.name} = '1栋'`);
	const [buildingA3] = await tx
		.select({ id: table.building.id })
		.from(table.building)
		.where(sql`${table.building.estateId} = ${estateA} and ${table.building.name} = '3栋'`);

	type Person = { id: number; name: string } | null;
	interface TopicPlan {
		communityId: number;
		title: string;
		description: string;
		category: TopicCategory;
		scope?: 'community' | 'estate' | 'building';
		estateId?: number;
		buildingId?: number;
		proposer: { id: number; name: string };
		proposedDaysAgo: number;
		seconders: { id: number; name: string }[];
		threshold: number;
		/** later status changes by the committee: [status, days ago, note] */
		steps: [TopicStatus, number, string][];
		committee: { id: number; name: string };
		comments?: [{ id: number; name: string }, string][];
	}

	const resident = byPhone.get('13800000002')!;
	const owner = byPhone.get('13800000003')!;
	const gridWorker = byPhone.get('13800000005')!;
	const residentAg = byPhone.get('13800000008')!;

	const topics: TopicPlan[] = [
		{
			communityId: jinyang,
			title: '金阳花园A/B区路灯损坏，晚上出行不安全',
			description:
				'A区和B区之间的主路上有6盏路灯不亮，B区3栋到大门口一段晚上漆黑一片，老人晚上出门散步、孩子放学回家都很不方便，前几天还有人摔倒。希望社区协调尽快修复。',
			category: 'facility',
			proposer: resident,
			proposedDaysAgo: 18,
			seconders: [owner, ...jyNeighbours.slice(0, 6)],
			threshold: 5,
			steps: [['accepted', 12, '已受理。拟于本月下旬在议事亭召开协商会，邀请人大代表、网格员、社区干部和居民代表参加，商量维修方案和经费来源。']],
			committee: committeeJy,
			comments: [
				[owner, '我家就在B区3栋，晚上下楼倒垃圾都要打手电筒，支持尽快修。'],
				[gridWorker, '网格员已现场查看：A区主路2盏、B区4盏灯杆线路老化，需要更换线路和灯头。']
			]
		},
		{
			communityId: jinyang,
			title: 'A区3栋下水管道堵塞返味',
			description: 'A区3栋1单元一楼的主下水管经常堵塞，雨天污水倒灌进一楼住户家中，楼道里也有异味。物业疏通过几次都没有彻底解决，可能需要更换主管道。',
			category: 'facility',
			scope: 'building',
			estateId: estateA,
			buildingId: buildingA3.id,
			proposer: jyNeighbours[6] ?? owner,
			proposedDaysAgo: 30,
			seconders: jyNeighbours.slice(0, 5).concat(resident),
			threshold: 5,
			steps: [
				['accepted', 26, '已受理，已请物业公司出具管道检测报告。'],
				['deliberating', 20, '定于议事厅召开三方联席会，邀请物业公司、业委会和本栋业主代表，商议申请使用公共维修基金。']
			],
			committee: committeeJy
		},
		{
			communityId: jinyang,
			title: 'B区3栋加装电梯',
			description: 'B区3栋是6层老楼，住着不少七八十岁的老人，上下楼很困难。想了解加装电梯的政策和补贴，征求本栋业主意见，看看费用怎么分摊。',
			category: 'elderly',
			scope: 'building',
			estateId: estateB,
			buildingId: buildingB3.id,
			proposer: owner,
			proposedDaysAgo: 4,
			seconders: jyNeighbours.slice(2, 4),
			threshold: 5,
			steps: [],
			committee: committeeJy
		},
		{
			communityId: jinyang,
			title: '在小区大门口摆摊设点卖菜',
			description: '建议允许菜贩每天早上在A区大门口摆摊，方便老人买菜。',
			category: 'business',
			proposer: jyNeighbours[7] ?? resident,
			proposedDaysAgo: 10,
			seconders: [],
			threshold: 5,
			steps: [['declined', 7, '大门口是消防通道，不能占道经营。社区已联系附近菜市场在每周二、五上午开设便民流动售菜点。']],
			committee: committeeJy
		},
		{
			communityId: jinyang,
			title: 'A区1栋楼道声控灯不亮',
			description: 'A区1栋2单元从一楼到六楼的楼道声控灯大部分坏了，晚上上下楼只能摸黑，希望更换成感应灯。',
			category: 'safety',
			scope: 'building',
			estateId: estateA,
			buildingId: buildingA1.id,
			proposer: jyNeighbours[5] ?? resident,
			proposedDaysAgo: 45,
			seconders: [resident, owner, ...jyNeighbours.slice(0, 4)],
			threshold: 5,
			steps: [
				['accepted', 42, '已受理。'],
				['deliberating', 38, '在庭院召开坝坝会，本单元住户到会14户。'],
				['implementing', 35, '会议商定：更换12盏感应灯，费用由业主自愿捐款和社区补贴共同承担，第一责任人为网格员刘芳，两周内完成。'],
				['done', 21, '12盏感应灯已全部更换完毕，捐款340元和社区补贴的收支明细已在公示栏公示。']
			],
			committee: committeeJy
		},
		{
			communityId: angong,
			title: '小区路灯维修改造',
			description:
				'安公小区有12盏路灯损坏。物业报价12000元，社区没有这笔预算，物业公司也表示无力承担。有做照明生意的居民建议改用太阳能路灯，既省电又好维护。希望大家一起商量费用怎么解决。',
			category: 'facility',
			proposer: residentAg,
			proposedDaysAgo: 88,
			seconders: agNeighbours.slice(0, 4),
			threshold: 10,
			steps: [
				['accepted', 80, '已受理。社区今年没有这笔预算，物业公司也表示无力承担，先请业委会和居民一起想办法。'],
				['deliberating', 9, '做照明生意的居民联系了七十多家厂家，太阳能路灯报价降到8000元。定于社区议事厅召开协商会，邀请业委会、物业公司和居民代表商量费用。'],
				['implementing', 4, '协商会商定：改用太阳能路灯共8000元，业委会从小区公共收益出5000元，社区补贴2000元，其余由居民自愿认捐；业委会孙主任负责联系厂家安装。']
			],
			committee: committeeAg,
			comments: [[agNeighbours[0] ?? residentAg, '业委会账上有小区公共收益，可以考虑从这里出一部分。']]
		}
	];

	for (const plan of topics) {
		const last = plan.steps.at(-1);
		const status: TopicStatus = last ? last[0] : 'collecting';
		const proposedAt = ago(plan.proposedDaysAgo);
		const flagged = plan.seconders.length >= plan.threshold;
		const secondTimes = plan.seconders.map((_, i) => new Date(proposedAt.getTime() + (i + 1) * 5 * 60 * 60 * 1000));
		const [t] = await tx
			.insert(table.topic)
			.values({
				communityId: plan.communityId,
				title: plan.title,
				description: plan.description,
				scope: plan.scope ?? 'community',
				estateId: plan.estateId ?? null,
				buildingId: plan.buildingId ?? null,
				category: plan.category,
				status,
				proposerId: plan.proposer.id,
				declineReason: status === 'declined' ? last![2] : null,
				secondCount: plan.seconders.length,
				flaggedAt: flagged ? secondTimes[plan.threshold - 1] : null,
				createdAt: proposedAt,
				updatedAt: last ? ago(last[1]) : (secondTimes.at(-1) ?? proposedAt)
			})
			.returning({ id: table.topic.id });

		const events: (typeof table.topicEvent.$inferInsert)[] = [];
		const event = (kind: string, at: Date, actor: Person, extra: Partial<typeof table.topicEvent.$inferInsert> = {}) =>
			events.push({ communityId: plan.communityId, topicId: t.id, kind, actorId: actor?.id ?? null, actorName: actor?.name ?? '', createdAt: at, ...extra });
		event('proposed', proposedAt, plan.proposer, { toStatus: 'collecting' });
		plan.seconders.forEach((s, i) => event('seconded', secondTimes[i], s));
		if (flagged) event('flagged', secondTimes[plan.threshold - 1], null, { note: `附议人数达到 ${plan.threshold} 人，提交居委会审议` });
		let from: TopicStatus = 'collecting';
		for (const [to, daysAgo, note] of plan.steps) {
			event('status', ago(daysAgo), plan.committee, { fromStatus: from, toStatus: to, note });
			from = to;
		}
		if (plan.seconders.length > 0) {
			await tx.insert(table.topicSecond).values(
				plan.seconders.map((s, i) => ({ communityId: plan.communityId, topicId: t.id, userId: s.id, createdAt: secondTimes[i] }))
			);
		}
		await tx.insert(table.topicEvent).values(events);
		if (plan.comments?.length) {
			await tx.insert(table.topicComment).values(
				plan.comments.map(([who, body], i) => ({
					communityId: plan.communityId,
					topicId: t.id,
					userId: who.id,
					body,
					createdAt: new Date(proposedAt.getTime() + (i + 1) * 26 * 60 * 60 * 1000)
				}))
			);
		}
		const screened = plan.steps[0];
		if (screened) {
			await tx.insert(table.auditLog).values(
				plan.steps.map(([to, daysAgo, note], i) => ({
					communityId: plan.communityId,
					actorId: plan.committee.id,
					actorName: plan.committee.name,
					action: i === 0 ? (to === 'declined' ? 'topic.decline' : 'topic.accept') : 'topic.status',
					targetType: 'topic',
					targetId: t.id,
					detail: { title: plan.title, from: i === 0 ? 'collecting' : plan.steps[i - 1][0], to, note },
					createdAt: ago(daysAgo)
				}))
			);
		}
	}
}

/** The address, the database and the demo accounts, in Chinese and English. */
export function printWelcome(kind: string, seeded: boolean) {
	const url = `http://localhost:${process.env.PORT ?? 3000}`;
	const database = kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${process.env.PGLITE_DIR ?? 'data/pglite'})`;
	const lines = [
		'',
		'议事亭 Yishiting — 社区议事协商平台 / community deliberation platform',
		`  打开 Open:        ${url}`,
		`  数据库 Database:  ${database}`,
		seeded
			? '  演示数据 Demo data: 已载入 金阳社区、安公社区、康乐社区 / loaded (Jinyang, Angong, Kangle)'
			: '  演示数据 Demo data: 数据库已有数据，未重新载入 / the database already had data; nothing loaded',
		'',
		`  演示账号 Demo accounts (密码 password: ${DEMO_PASSWORD})`,
		'  手机号 Phone    角色 Role'
	];
	for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.phone}    ${a.roleZh} / ${a.roleEn}`);
	lines.push('');
	console.log(lines.join('\n'));
}
