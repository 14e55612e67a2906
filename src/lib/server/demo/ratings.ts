/**
 * Demo satisfaction ratings (民心测评), DOMAIN.md §6: the cadres of 金阳社区, 安公社区 and 康乐社区, four past quarters
 * closed and published (安公 at its real scale: 2,212 residents in the last quarter, 99.5% satisfied), and the
 * current quarter: open now in 安公 so demo residents can rate, and in 金阳 scheduled for the default last two
 * weeks of the quarter (the committee may open it early). Past rounds were closed, so their ballots carry no
 * rater key at all: they are generated in bulk by one INSERT … generate_series per community (安公's older
 * quarters, ~2,000 raters each, keep only their counts, so that the demo loads in about a second). Their
 * "eligible" figure is the community's registered residents at the time, not the handful of demo accounts.
 * Relative imports only: the CLI loads this module with tsx.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import { addWorkingDays, defaultRoundWindow, previousQuarter, quarterOf, type Quarter } from '../../domain/satisfaction';

const DAY = 24 * 3600_000;

interface CadrePlan {
	name: string;
	post: string;
	responsibilities: string;
	grid?: string;
	phone?: string;
	/** share of each level in ‰ (5, 4, 3, 2), the rest is level 1; one entry per past quarter, oldest first */
	mix: [number, number, number, number][];
}

interface Plan {
	community: string;
	committeePhone: string;
	/** raters per past quarter, oldest first */
	raters: number[];
	eligible: number;
	/** open the current quarter's round now (else it waits for the default window) */
	openNow: boolean;
	cadres: CadrePlan[];
	/**
	 * comments residents left, by cadre name: [quarters back (0 = the last one), level, text]. A comment with a low
	 * level (2 or 1) has its follow-up (done for older quarters; in the last quarter the first is done, the rest open).
	 */
	comments?: Record<string, [number, 1 | 2 | 3 | 4 | 5, string][]>;
	talk?: { cadre: string; note: string };
}

const PLANS: Plan[] = [
	{
		community: '金阳社区',
		committeePhone: '13800000001',
		raters: [168, 192, 205, 231],
		eligible: 420,
		openNow: false,
		cadres: [
			{ name: '张桂兰', post: '党委书记、居委会主任', responsibilities: '主持社区全面工作，议事协商', phone: '13800000001', mix: [[620, 300, 70, 10], [640, 290, 60, 10], [660, 280, 55, 5], [680, 270, 45, 5]] },
			{ name: '陈志强', post: '居委会副主任', responsibilities: '物业协调、安全生产、老旧小区改造', phone: '13800000004', mix: [[520, 330, 120, 25], [540, 330, 110, 15], [560, 320, 100, 15], [590, 300, 95, 10]] },
			{ name: '刘芳', post: '网格员', responsibilities: '金阳花园A区入户走访、诉求收集', grid: '第一网格', phone: '13800000005', mix: [[580, 320, 85, 10], [600, 310, 80, 5], [630, 300, 65, 5], [650, 290, 55, 5]] },
			{ name: '黄海燕', post: '网格员', responsibilities: '金阳花园B区入户走访、诉求收集', grid: '第二网格', mix: [[500, 350, 120, 20], [520, 340, 115, 20], [540, 330, 110, 15], [560, 330, 100, 10]] },
			{ name: '马俊杰', post: '民政专干', responsibilities: '低保、高龄津贴、残疾人服务', mix: [[420, 330, 180, 50], [400, 320, 170, 70], [360, 300, 160, 110], [330, 280, 240, 110]] }
		],
		comments: {
			张桂兰: [
				[0, 5, '议事亭的协商会开得好，大家都能说上话'],
				[0, 4, '社区的事都公示出来了，心里有数'],
				[1, 5, '楼道灯的事从提出来到修好不到一个月']
			],
			陈志强: [
				[0, 5, '车棚漏雨找了他，一周就协调物业修好了'],
				[0, 5, '老旧小区改造说明会讲得很清楚'],
				[0, 4, '工作认真，就是平时在办公室不太好找'],
				[0, 4, '消防通道清理得很及时'],
				[0, 3, '希望改造施工期间提前通知停水停电'],
				[1, 4, '楼道杂物清理动员做得好'],
				[1, 3, '物业的问题反映了两次才有回音'],
				[2, 5, '安全检查很细致，还教老人用灭火器'],
				[2, 2, '反映B区地下室积水，一个多月没人处理']
			],
			刘芳: [
				[0, 5, '入户走访很勤，楼里的老人都认识她'],
				[0, 4, '码上报反映的问题当天就有回复']
			],
			马俊杰: [
				[0, 2, '高龄津贴申请跑了三趟还没办好'],
				[0, 1, '打电话经常没人接'],
				[0, 2, '办事态度生硬，希望耐心一点'],
				[1, 3, '低保复核材料要求能不能一次说清楚']
			]
		},
		talk: { cadre: '马俊杰', note: '满意率连续两个季度下降。谈话指出：高龄津贴办理慢、电话难接通。约定：每周二、四上午固定窗口办理，公布值班电话，一个月后回访。' }
	},
	{
		community: '安公社区',
		committeePhone: '13800000007',
		raters: [1906, 2031, 2104, 2212],
		eligible: 3046,
		openNow: true,
		cadres: [
			{ name: '周丽', post: '党委书记、居委会主任', responsibilities: '主持社区全面工作，议事协商', phone: '13800000007', mix: [[830, 130, 30, 6], [840, 125, 28, 5], [850, 118, 27, 4], [859, 113, 23, 4]] },
			{ name: '郑国华', post: '居委会副主任', responsibilities: '物业、业委会联络，安全生产', mix: [[850, 115, 28, 5], [870, 100, 24, 4], [890, 85, 20, 3], [904, 81, 11, 3]] },
			{ name: '林春梅', post: '网格员', responsibilities: '安公小区入户走访、诉求收集', grid: '安公网格', mix: [[800, 150, 38, 8], [810, 145, 36, 6], [820, 140, 32, 6], [836, 136, 21, 5]] },
			{ name: '徐文军', post: '社会事务专干', responsibilities: '就业、社保、老年人服务', mix: [[840, 120, 30, 7], [860, 108, 26, 4], [870, 100, 24, 4], [882, 99, 14, 4]] }
		],
		comments: {
			周丽: [
				[0, 5, '路灯改造的事带着大家一起想办法，省了四千块'],
				[0, 5, '双福巷燃气的事愿意坐下来听居民意见'],
				[0, 4, '希望民意5来听的时间再晚一点，上班族也能来']
			],
			林春梅: [
				[0, 5, '网格员小林天天在小区里转，有事找她最快'],
				[0, 2, '反映的垃圾清运问题拖了半个月'],
				[0, 4, '疫苗接种提醒很贴心']
			],
			郑国华: [[0, 4, '业委会和物业的账目公开做得好']]
		}
	},
	{
		community: '康乐社区',
		committeePhone: '13800000571',
		raters: [36, 39, 41, 44],
		eligible: 142,
		openNow: false,
		cadres: [
			{ name: '孟静', post: '党支部书记、居委会主任', responsibilities: '主持社区全面工作，议事协商', phone: '13800000571', mix: [[600, 300, 80, 15], [620, 290, 75, 10], [640, 280, 70, 10], [660, 270, 60, 5]] },
			{ name: '何建华', post: '居委会委员', responsibilities: '环境卫生、物业协调', mix: [[450, 350, 150, 40], [470, 340, 150, 30], [480, 350, 140, 25], [500, 340, 130, 25]] },
			{ name: '罗小红', post: '社区社工', responsibilities: '独居老人关爱、残疾人服务', mix: [[700, 250, 45, 5], [710, 240, 45, 5], [720, 240, 35, 5], [730, 230, 35, 5]] }
		],
		comments: {
			孟静: [
				[0, 5, '楼道灯的事办得又快又透明，捐款明细都贴出来了'],
				[0, 4, '希望充电桩的事也能尽快定下来']
			],
			何建华: [
				[0, 2, '楼顶水箱漏水反映了好几次'],
				[0, 3, '垃圾分类宣传可以再多做一些']
			],
			罗小红: [[0, 5, '每周给独居老人打电话，很暖心']]
		}
	}
];

/** what the committee wrote when it closed a cadre's first low comment */
const FOLLOW_UP_ACTIONS: Record<string, string> = {
	马俊杰: '已上门帮助补齐材料，津贴已于次月发放。',
	陈志强: '已协调物业加装排水泵，地下室积水已排干，回访居民表示满意。',
	林春梅: '已督促保洁公司每天早晚各清运一次，并在楼栋群公布清运时间。',
	何建华: '已请物业更换楼顶水箱进水阀，上门查看不再漏水。'
};

/** counts per level for n ratings from a mix in ‰, largest remainders so the sum is exactly n */
function countsFor(n: number, mix: [number, number, number, number]): Record<5 | 4 | 3 | 2 | 1, number> {
	const shares = [...mix, 1000 - mix.reduce((a, b) => a + b, 0)];
	const raw = shares.map((s) => (n * s) / 1000);
	const floor = raw.map(Math.floor);
	let left = n - floor.reduce((a, b) => a + b, 0);
	const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
	for (const [, i] of order) if (left-- > 0) floor[i]++;
	return { 5: floor[0], 4: floor[1], 3: floor[2], 2: floor[3], 1: floor[4] };
}

export async function seedRatings(tx: Tx) {
	const now = new Date();
	const current = quarterOf(now);
	const past: Quarter[] = [];
	for (let q = previousQuarter(current), i = 0; i < 4; i++, q = previousQuarter(q)) past.unshift(q);

	for (const plan of PLANS) {
		const [community] = await tx.select().from(table.community).where(eq(table.community.name, plan.community));
		if (!community) continue;
		const [committee] = await tx.select({ id: table.user.id }).from(table.user).where(eq(table.user.phone, plan.committeePhone));
		const grids = await tx.select().from(table.grid).where(eq(table.grid.communityId, community.id));
		const phones = plan.cadres.map((c) => c.phone).filter((p): p is string => !!p);
		const users = phones.length ? await tx.select({ id: table.user.id, phone: table.user.phone }).from(table.user).where(inArray(table.user.phone, phones)) : [];
		const cadres = await tx
			.insert(table.ratingCadre)
			.values(
				plan.cadres.map((c, i) => ({
					communityId: community.id,
					name: c.name,
					post: c.post,
					responsibilities: c.responsibilities,
					gridId: grids.find((g) => g.name === c.grid)?.id ?? null,
					userId: users.find((u) => u.phone === c.phone)?.id ?? null,
					position: i + 1
				}))
			)
			.returning({ id: table.ratingCadre.id, name: table.ratingCadre.name });

		const spec: { round_id: number; cadre_id: number; level: number; n: number }[] = [];
		const results: (typeof table.ratingResult.$inferInsert)[] = [];
		const closedRounds: { id: number; closedAt: Date }[] = [];
		for (const [qi, q] of past.entries()) {
			const w = defaultRoundWindow(q.year, q.quarter);
			const [round] = await tx
				.insert(table.ratingRound)
				.values({
					communityId: community.id,
					year: q.year,
					quarter: q.quarter,
					opensAt: w.opensAt,
					closesAt: w.closesAt,
					status: 'published',
					raterSalt: null,
					raters: plan.raters[qi],
					eligible: plan.eligible,
					// the community's rules at close (DEFAULTS in ratings/records.ts), fixed with the round
					minCount: 5,
					flagThresholdPermille: 900,
					closedAt: w.closesAt,
					publishedAt: new Date(w.closesAt.getTime() + 3 * DAY),
					createdById: committee?.id ?? null,
					createdAt: new Date(w.opensAt.getTime() - 7 * DAY)
				})
				.returning({ id: table.ratingRound.id });
			closedRounds.push({ id: round.id, closedAt: w.closesAt });
			await tx.insert(table.ratingRoundCadre).values(cadres.map((c) => ({ roundId: round.id, cadreId: c.id, communityId: community.id })));
			for (const [ci, c] of cadres.entries()) {
				const counts = countsFor(plan.raters[qi], plan.cadres[ci].mix[qi]);
				results.push({ roundId: round.id, cadreId: c.id, communityId: community.id, n5: counts[5], n4: counts[4], n3: counts[3], n2: counts[2], n1: counts[1] });
				// ballots for the last quarter (and for every quarter of a small community); older large quarters are kept as their counts only
				const withBallots = qi === past.length - 1 || plan.raters[qi] < 1000;
				if (withBallots) for (const level of [5, 4, 3, 2, 1] as const) if (counts[level] > 0) spec.push({ round_id: round.id, cadre_id: c.id, level, n: counts[level] });
			}
		}
		await tx.insert(table.ratingResult).values(results);
		// closed rounds' ballots: no rater key, no time; thousands of rows in one statement
		await tx.execute(sql`
			insert into rating_ballot (community_id, round_id, cadre_id, level, comment, method)
			select ${community.id}, v.round_id, v.cadre_id, v.level, '', 'online'
			from jsonb_to_recordset(${JSON.stringify(spec)}::jsonb) as v(round_id int, cadre_id int, level int, n int)
			cross join lateral generate_series(1, v.n)`);

		// residents' comments (on ballots of their level), the follow-ups of the low ones, and the reminder talk
		const { id: lastRound, closedAt: lastClosed } = closedRounds.at(-1)!;
		for (const [name, list] of Object.entries(plan.comments ?? {})) {
			const cadre = cadres.find((c) => c.name === name)!;
			const lowInLast = list.filter(([back, level]) => back === 0 && level <= 2);
			for (const [back, level, comment] of list) {
				const round = closedRounds[closedRounds.length - 1 - back];
				const [ballot] = await tx
					.select({ id: table.ratingBallot.id })
					.from(table.ratingBallot)
					.where(and(eq(table.ratingBallot.roundId, round.id), eq(table.ratingBallot.cadreId, cadre.id), eq(table.ratingBallot.level, level), eq(table.ratingBallot.comment, '')))
					.limit(1);
				if (!ballot) throw new Error(`demo ratings: no ${level} ballot left for ${name}, ${back} quarters back`);
				await tx.update(table.ratingBallot).set({ comment }).where(eq(table.ratingBallot.id, ballot.id));
				if (level > 2) continue;
				const dueAt = addWorkingDays(round.closedAt, 15);
				// older quarters were followed up in time; in the last one the first was, the others are still open (overdue)
				const done = back > 0 || lowInLast[0]?.[2] === comment;
				await tx.insert(table.ratingFollowUp).values({
					communityId: community.id,
					roundId: round.id,
					cadreId: cadre.id,
					level,
					comment,
					dueAt,
					...(done && committee ? { action: FOLLOW_UP_ACTIONS[name] ?? '已上门回访，问题已解决，居民表示满意。', doneAt: new Date(dueAt.getTime() - 5 * DAY), doneById: committee.id } : {})
				});
			}
		}
		if (plan.talk && committee) {
			const cadre = cadres.find((c) => c.name === plan.talk!.cadre)!;
			await tx.insert(table.ratingTalk).values({
				communityId: community.id,
				roundId: lastRound,
				cadreId: cadre.id,
				heldAt: new Date(lastClosed.getTime() + 8 * DAY),
				note: plan.talk.note,
				recordedById: committee.id
			});
		}

		// the current quarter
		const w = defaultRoundWindow(current.year, current.quarter);
		const [open] = await tx
			.insert(table.ratingRound)
			.values({
				communityId: community.id,
				year: current.year,
				quarter: current.quarter,
				opensAt: plan.openNow && w.opensAt > now ? new Date(now.getTime() - 2 * DAY) : w.opensAt,
				closesAt: w.closesAt,
				status: 'open',
				raterSalt: randomBytes(32).toString('base64url'),
				createdById: committee?.id ?? null
			})
			.returning({ id: table.ratingRound.id });
		await tx.insert(table.ratingRoundCadre).values(cadres.map((c) => ({ roundId: open.id, cadreId: c.id, communityId: community.id })));
	}
}
