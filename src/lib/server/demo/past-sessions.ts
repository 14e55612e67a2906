/**
 * Sessions already held, with their record, minutes and resolution (DOMAIN.md §3 steps 4–7), for the communities
 * whose cases minutes.ts does not tell: 安公's 协商会 on the 12 street lights five days ago (the 业委会, the 物业 and the
 * resident in the lighting trade; the resolution is being carried out) and 康乐's 坝坝会 on the stair lights (done,
 * and evaluated by the households). Minutes are assembled and hashed as the minutes service publishes them.
 * Relative imports only: the CLI loads this with tsx.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import type { ParticipantRole, SessionKind, TopicEvaluation } from '../db/schema';
import * as doc from '../../domain/minutes';
import { KANGLE, KANGLE_COMMITTEE, STAIR_LIGHTS } from './kangle';
import { placeOf } from '../sessions/venues';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Beijing wall time `days` ago at `hour`:00 (a negative `days` is ahead) */
function beijingAgo(days: number, hour: number): Date {
	const d = new Date(Date.now() - days * DAY + 8 * HOUR);
	return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour - 8, 0));
}
const dayAgo = (days: number) => beijingAgo(days, 12).toISOString().slice(0, 10);

type Person = { id: number; name: string };

interface Attendee {
	name: string;
	role: ParticipantRole;
	organisation?: string;
	userId?: number;
}

interface Held {
	communityId: number;
	community: string;
	committee: Person;
	topic: typeof table.topic.$inferSelect;
	kind: SessionKind;
	title: string;
	description: string;
	venue: string;
	/** days ago, at 19:00 Beijing time */
	heldDaysAgo: number;
	minutes: number;
	/** [title, presenter, minutes]; the first item is the topic */
	agenda: [string, string, number][];
	attendees: Attendee[];
	/** [agenda item index, speaker, their role in words, the point made] */
	records: [number, string, string, string][];
	resolution: { text: string; responsible: string; responsibleUserId: number | null; deadline: string; doneOn: string | null };
	/** [days ago, note, done] */
	progress: [number, string, boolean][];
	opinion: string;
	/** evaluations of a done topic by the attendees with accounts */
	evaluations?: [TopicEvaluation, string][];
}

export async function seedPastSessions(tx: Tx) {
	const communities = await tx.select().from(table.community).where(inArray(table.community.name, ['安公社区', KANGLE]));
	const angong = communities.find((c) => c.name === '安公社区');
	const kangle = communities.find((c) => c.name === KANGLE);
	if (angong) await angongLights(tx, angong);
	if (kangle) await kangleStairs(tx, kangle);
}

async function people(tx: Tx, phones: string[]) {
	const rows = await tx.select({ id: table.user.id, name: table.user.name, phone: table.user.phone }).from(table.user).where(inArray(table.user.phone, phones));
	return new Map(rows.map((r) => [r.phone, { id: r.id, name: r.name }]));
}

/** verified owners of the community with accounts, the demo accounts excepted, in the order they joined */
async function ownersOf(tx: Tx, communityId: number, except: string[]) {
	const rows = await tx
		.select({ id: table.user.id, name: table.user.name, phone: table.user.phone })
		.from(table.membership)
		.innerJoin(table.user, eq(table.user.id, table.membership.userId))
		.where(and(eq(table.membership.communityId, communityId), eq(table.membership.role, 'owner'), eq(table.membership.status, 'verified')))
		.orderBy(asc(table.membership.id));
	return rows.filter((r) => !except.includes(r.phone)).map(({ id, name }) => ({ id, name }));
}

async function angongLights(tx: Tx, community: typeof table.community.$inferSelect) {
	const who = await people(tx, ['13800000007', '13800000008']);
	const committee = who.get('13800000007');
	const wu = who.get('13800000008');
	const [topic] = await tx.select().from(table.topic).where(and(eq(table.topic.communityId, community.id), eq(table.topic.title, '小区路灯维修改造')));
	if (!committee || !wu || !topic) return;
	const [neighbour] = await ownersOf(tx, community.id, ['13800000008']);
	await held(tx, {
		communityId: community.id,
		community: community.name,
		committee,
		topic,
		kind: 'consultation',
		title: '安公小区路灯改造协商会',
		description: '商量12盏路灯改用太阳能路灯的方案和费用分担，邀请业委会、物业公司和居民代表参加。',
		venue: '社区议事厅',
		heldDaysAgo: 5,
		minutes: 120,
		agenda: [
			[topic.title, '周丽', 60],
			['费用分担和第一责任人', '周丽', 30]
		],
		attendees: [
			{ name: committee.name, role: 'staff', userId: committee.id },
			{ name: '孙主任', role: 'owners_committee', organisation: '安公小区业委会' },
			{ name: '李经理', role: 'property', organisation: '安公物业服务中心' },
			{ name: wu.name, role: 'resident', userId: wu.id },
			...(neighbour ? [{ name: neighbour.name, role: 'resident' as const, userId: neighbour.id }] : []),
			{ name: '陈师傅（3栋，做照明生意）', role: 'resident' },
			{ name: '黄阿姨（1栋）', role: 'resident' }
		],
		records: [
			[0, '李经理', '物业公司', '12盏普通路灯要重新布线，报价12000元，物业今年的预算里没有这笔钱。'],
			[0, '陈师傅（3栋，做照明生意）', '居民', '太阳能路灯不用布线、不交电费。我打了七十多个电话比价，12盏含安装和三年质保能谈到8000元。'],
			[0, wu.name, '居民', '晚上下班回来小区里黑漆漆的，赞成用太阳能路灯，愿意出一份钱。'],
			[1, '孙主任', '安公小区业委会', '业委会账上有停车费和广告位的公共收益，可以出5000元。'],
			[1, committee.name, '社区居委会', '社区从为民服务资金补贴2000元，其余1000元请居民自愿认捐，收支全部公示。']
		],
		resolution: {
			text: '采用太阳能路灯，12盏共8000元：业委会从小区公共收益出5000元，社区补贴2000元，其余1000元由居民自愿认捐，收支在公示栏和平台公示',
			responsible: '孙主任（安公小区业委会）',
			responsibleUserId: null,
			deadline: dayAgo(-25),
			doneOn: null
		},
		progress: [[2, '厂家已确认供货，约定下周进场安装；业委会5000元已转入专户。', false]],
		opinion: '与会各方同意将小区12盏路灯改为太阳能路灯，总价8000元；业委会从小区公共收益出5000元，社区补贴2000元，其余由居民自愿认捐；由业委会孙主任联系厂家安装，收支公示。'
	});
}

async function kangleStairs(tx: Tx, community: typeof table.community.$inferSelect) {
	const who = await people(tx, [KANGLE_COMMITTEE]);
	const committee = who.get(KANGLE_COMMITTEE);
	const [topic] = await tx.select().from(table.topic).where(and(eq(table.topic.communityId, community.id), eq(table.topic.title, STAIR_LIGHTS)));
	if (!committee || !topic) return;
	const owners = await ownersOf(tx, community.id, []);
	const [a, b, c, d] = owners;
	await held(tx, {
		communityId: community.id,
		community: community.name,
		committee,
		topic,
		kind: 'bamba',
		title: '康乐小区楼道灯坝坝会',
		description: '入户调查后，住户在楼前一起商量楼道感应灯的数量、费用和谁来负责。',
		venue: '楼前庭院',
		heldDaysAgo: 38,
		minutes: 90,
		agenda: [
			[topic.title, '孟静', 40],
			['费用分担和第一责任人', '孟静', 20]
		],
		attendees: [
			{ name: committee.name, role: 'staff', userId: committee.id },
			...owners.slice(0, 4).map((o) => ({ name: o.name, role: 'resident' as const, userId: o.id })),
			{ name: '何大爷（3栋502）', role: 'resident' },
			{ name: '刘阿姨（1栋201）', role: 'resident' }
		],
		records: [
			[0, committee.name, '社区居委会', '入户调查60户中47户表态，44户同意更换为感应灯，其中31户愿意捐款。'],
			[0, a?.name ?? '住户', '居民', '3栋五楼晚上全靠手机照亮，希望越快越好。'],
			[0, '何大爷（3栋502）', '居民', '感应灯不用跺脚，老人方便，建议每层装两盏。'],
			[1, committee.name, '社区居委会', '30盏感应灯约860元，社区电工义务安装；住户自愿捐款，不足部分由社区补贴。'],
			[1, '刘阿姨（1栋201）', '居民', '捐款明细一定要贴在楼道口，大家看得见。']
		],
		resolution: {
			text: '三栋楼更换30盏楼道感应灯，住户自愿捐款，不足部分由社区补贴，社区电工义务安装，收支明细张贴公示',
			responsible: committee.name,
			responsibleUserId: committee.id,
			deadline: dayAgo(20),
			doneOn: dayAgo(13)
		},
		progress: [
			[26, '已收到12户捐款，社区补贴已报批。', false],
			[20, '社区补贴520元到账，感应灯已采购，电工开始安装。', false],
			[13, '30盏感应灯全部装好试亮，捐款340元和补贴的收支明细已张贴公示。', true]
		],
		opinion: '与会住户同意三栋楼更换30盏楼道感应灯，住户自愿捐款，不足部分由社区补贴，由孟静负责落实，收支明细张贴公示。',
		evaluations: [
			['satisfied', ''],
			['satisfied', '灯很亮，老人上下楼放心了'],
			['basically', '二楼的灯有点敏感，白天也会亮'],
			['satisfied', '']
		].slice(0, [a, b, c, d].filter(Boolean).length) as [TopicEvaluation, string][]
	});
}

/** one session held: agenda, who came, what was said, the resolution and its progress, minutes published once */
async function held(tx: Tx, p: Held) {
	const [venue] = await tx
		.select({ id: table.venue.id, name: table.venue.name, address: table.venue.address })
		.from(table.venue)
		.where(and(eq(table.venue.communityId, p.communityId), eq(table.venue.name, p.venue)));
	const startsAt = beijingAgo(p.heldDaysAgo, 19);
	const endsAt = new Date(startsAt.getTime() + p.minutes * 60_000);
	const publishedAt = new Date(startsAt.getTime() - 4 * DAY);
	const [session] = await tx
		.insert(table.deliberationSession)
		.values({
			communityId: p.communityId,
			kind: p.kind,
			title: p.title,
			description: p.description,
			venueId: venue?.id ?? null,
			venueText: venue ? '' : p.venue,
			startsAt,
			endsAt,
			status: 'ended',
			publishedAt,
			startedAt: startsAt,
			endedAt: endsAt,
			createdById: p.committee.id,
			createdAt: new Date(publishedAt.getTime() - HOUR)
		})
		.returning();
	const items = await tx
		.insert(table.sessionAgendaItem)
		.values(
			p.agenda.map(([title, presenter, minutes], i) => ({
				communityId: p.communityId,
				sessionId: session.id,
				position: i + 1,
				topicId: i === 0 ? p.topic.id : null,
				title,
				presenter,
				minutes
			}))
		)
		.returning();
	const attendance = await tx
		.insert(table.sessionAttendance)
		.values(
			p.attendees.map((a, i) => ({
				communityId: p.communityId,
				sessionId: session.id,
				userId: a.userId ?? null,
				name: a.name,
				role: a.role,
				organisation: a.organisation ?? '',
				method: 'committee' as const,
				recordedById: p.committee.id,
				checkedInAt: new Date(startsAt.getTime() - 10 * 60_000 + i * 60_000)
			}))
		)
		.returning();
	const records = await tx
		.insert(table.sessionRecord)
		.values(
			p.records.map(([item, speaker, speakerRole, point], i) => ({
				communityId: p.communityId,
				sessionId: session.id,
				agendaItemId: items[item].id,
				speaker,
				speakerRole,
				point,
				recordedById: p.committee.id,
				createdAt: new Date(startsAt.getTime() + (10 + i * 12) * 60_000)
			}))
		)
		.returning();
	const [resolution] = await tx
		.insert(table.resolution)
		.values({
			communityId: p.communityId,
			sessionId: session.id,
			agendaItemId: items[0].id,
			topicId: p.topic.id,
			text: p.resolution.text,
			responsibleName: p.resolution.responsible,
			responsibleUserId: p.resolution.responsibleUserId,
			deadline: p.resolution.deadline,
			doneOn: p.resolution.doneOn,
			createdById: p.committee.id,
			createdAt: endsAt
		})
		.returning();
	if (p.progress.length > 0) {
		await tx.insert(table.resolutionProgress).values(
			p.progress.map(([days, note, done]) => ({
				communityId: p.communityId,
				resolutionId: resolution.id,
				on: dayAgo(days),
				note,
				done,
				recordedById: p.resolution.responsibleUserId ?? p.committee.id,
				createdAt: beijingAgo(days, 18)
			}))
		);
	}
	await tx.insert(table.minutesDraft).values({ sessionId: session.id, communityId: p.communityId, opinion: p.opinion, updatedAt: new Date(endsAt.getTime() + 12 * HOUR) });
	// the minutes as the service assembles them (minutes/draft.ts): the place as sessions.placeOf writes it, the people in check-in order
	const content = doc.canonical(
		doc.assemble(
			{
				community: p.community,
				session: { title: session.title, kind: session.kind, venue: placeOf(venue ?? null, session), startsAt, endsAt },
				attendees: attendance.map((a) => ({ name: a.name, role: a.role, organisation: a.organisation })),
				agenda: items,
				records: records.map((r) => ({ id: r.id, agendaItemId: r.agendaItemId, speaker: r.speaker, role: r.speakerRole, point: r.point })),
				votes: [],
				resolutions: [{ id: resolution.id, text: resolution.text, responsible: resolution.responsibleName, deadline: resolution.deadline, topic: p.topic.title }],
				opinion: p.opinion
			},
			doc.ROLE_ORDER
		)
	);
	const minutesAt = new Date(endsAt.getTime() + 15 * HOUR);
	const [version] = await tx
		.insert(table.minutesVersion)
		.values({
			communityId: p.communityId,
			sessionId: session.id,
			version: 1,
			content,
			contentHash: doc.contentHash(JSON.parse(content)),
			publishedById: p.committee.id,
			publishedByName: p.committee.name,
			publishedAt: minutesAt
		})
		.returning();
	const signers = attendance.filter((a) => a.userId && a.role === 'resident');
	if (signers.length > 0) {
		await tx.insert(table.minutesConfirmation).values(
			signers.map((a, i) => ({ communityId: p.communityId, sessionId: session.id, versionId: version.id, attendanceId: a.id, userId: a.userId, name: a.name, role: a.role, confirmedAt: new Date(minutesAt.getTime() + (i + 2) * HOUR) }))
		);
	}
	if (p.evaluations?.length && p.topic.status === 'done') {
		await tx.insert(table.topicEvaluation).values(
			p.evaluations.map(([choice, comment], i) => ({ communityId: p.communityId, topicId: p.topic.id, userId: signers[i].userId!, choice, comment, createdAt: beijingAgo(10 - i, 20) }))
		);
	}
	await tx.insert(table.auditLog).values([
		{ communityId: p.communityId, actorId: p.committee.id, actorName: p.committee.name, action: 'session.create', targetType: 'session', targetId: session.id, detail: { title: p.title }, createdAt: new Date(publishedAt.getTime() - HOUR) },
		{ communityId: p.communityId, actorId: p.committee.id, actorName: p.committee.name, action: 'session.publish', targetType: 'session', targetId: session.id, detail: { title: p.title }, createdAt: publishedAt },
		{ communityId: p.communityId, actorId: p.committee.id, actorName: p.committee.name, action: 'minutes.publish', targetType: 'session', targetId: session.id, detail: { version: 1 }, createdAt: minutesAt }
	]);
}
