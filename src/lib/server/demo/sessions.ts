/**
 * Demo sessions (DOMAIN.md §3): venues for each community; a published 协商会 at the 金阳 议事亭 on the street
 * lights with a 人大代表, the grid worker and resident representatives invited; and the 双福巷 gas-pipe case in
 * 安公: the topic (11 restaurants want gas pipes along residential walls) and a published 三方联席会 with the
 * gas company, law enforcement, merchants and residents. Invitation tokens are thrown away (only hashes are
 * kept): the committee makes new links from the invitations page. Relative imports only: the CLI loads this with tsx.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import type { ParticipantRole, VenueKind } from '../db/schema';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const VENUES: Record<string, [string, VenueKind, string][]> = {
	金阳社区: [
		['金阳花园议事亭', 'pavilion', 'A区中心花园旁'],
		['社区议事厅', 'hall', '社区党群服务中心二楼'],
		['社区党群服务中心', 'centre', '金阳路18号'],
		['B区庭院', 'courtyard', 'B区3栋与4栋之间']
	],
	安公社区: [
		['社区议事厅', 'hall', '安公社区党群服务中心一楼'],
		['双福巷院坝', 'courtyard', '双福巷8号院内'],
		['巷口老茶馆', 'shop', '双福巷1号（商居联盟会常用）']
	],
	康乐社区: [
		['康乐议事亭', 'pavilion', '小区东门'],
		['楼前庭院', 'courtyard', '1栋楼前']
	]
};

// a link nobody holds: the hash of random bytes
const throwawayHash = () => createHash('sha256').update(randomBytes(20)).digest('hex');

/** Beijing wall time `days` from now at `hour`:00, as a Date */
function beijingAt(days: number, hour: number): Date {
	const d = new Date(Date.now() + days * DAY + 8 * HOUR);
	return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour - 8, 0));
}

export async function seedSessions(tx: Tx) {
	const communities = await tx.select().from(table.community);
	const byName = new Map(communities.map((c) => [c.name, c]));
	const venueIds = new Map<string, number>();
	for (const [name, list] of Object.entries(VENUES)) {
		const c = byName.get(name);
		if (!c) continue;
		const rows = await tx
			.insert(table.venue)
			.values(list.map(([venue, kind, address]) => ({ communityId: c.id, name: venue, kind, address })))
			.returning({ id: table.venue.id, name: table.venue.name });
		for (const r of rows) venueIds.set(`${name}/${r.name}`, r.id);
	}

	const people = await tx
		.select({ id: table.user.id, name: table.user.name, phone: table.user.phone })
		.from(table.user)
		.where(inArray(table.user.phone, ['13800000001', '13800000002', '13800000003', '13800000005', '13800000007', '13800000008']));
	const who = new Map(people.map((p) => [p.phone, p]));

	// ---- 金阳: the street lights at the 议事亭 ----
	const jinyang = byName.get('金阳社区');
	const committeeJy = who.get('13800000001');
	if (jinyang && committeeJy) {
		const [lights] = await tx
			.select()
			.from(table.topic)
			.where(and(eq(table.topic.communityId, jinyang.id), like(table.topic.title, '%路灯损坏%')));
		if (lights) {
			const startsAt = beijingAt(5, 19);
			await schedule(tx, {
				communityId: jinyang.id,
				committee: committeeJy,
				kind: 'consultation',
				title: '金阳花园A/B区路灯维修协商会',
				description: '商量A/B区主路6盏路灯的维修方案和经费来源。欢迎居民到议事亭参加。',
				venueId: venueIds.get('金阳社区/金阳花园议事亭') ?? null,
				startsAt,
				quorumMin: 15,
				topic: lights,
				agenda: [
					['网格员通报现场查看情况', '刘芳', 10],
					[lights.title, '张桂兰', 40],
					['确定经费申请和第一责任人', '张桂兰', 15]
				],
				invitations: [
					['party', 'deputy', '区人大代表', '黄德明', null],
					['party', 'property', '金阳物业服务中心', '钱经理', null],
					['resident', 'staff', '金阳社区第一网格', '刘芳', who.get('13800000005')?.id ?? null],
					['resident', 'resident', '', '李建国', who.get('13800000002')?.id ?? null],
					['resident', 'resident', '', '王秀英', who.get('13800000003')?.id ?? null]
				],
				rsvps: { 黄德明: 'attend', 钱经理: 'delegate', 李建国: 'attend' }
			});
		}
	}

	// ---- 安公: 双福巷 gas pipes ----
	const angong = byName.get('安公社区');
	const committeeAg = who.get('13800000007');
	const residentAg = who.get('13800000008');
	if (angong && committeeAg && residentAg) {
		let [gas] = await tx
			.select()
			.from(table.topic)
			.where(and(eq(table.topic.communityId, angong.id), like(table.topic.title, '%双福巷%')));
		if (!gas) {
			const proposedAt = new Date(Date.now() - 9 * DAY);
			const acceptedAt = new Date(Date.now() - 6 * DAY);
			[gas] = await tx
				.insert(table.topic)
				.values({
					communityId: angong.id,
					title: '双福巷餐馆燃气管道沿居民楼外墙敷设',
					description:
						'双福巷11家餐馆申请接入天然气，燃气公司方案是把管道沿居民楼外墙敷设。不少居民担心安全、噪音和油烟，也有人认为改用天然气比瓶装液化气更安全。希望社区组织燃气公司、执法部门、商户和居民一起商量。',
					category: 'business',
					status: 'accepted',
					proposerId: residentAg.id,
					secondCount: 0,
					createdAt: proposedAt,
					updatedAt: acceptedAt
				})
				.returning();
			await tx.insert(table.topicEvent).values([
				{ communityId: angong.id, topicId: gas.id, kind: 'proposed', toStatus: 'collecting', actorId: residentAg.id, actorName: residentAg.name, createdAt: proposedAt },
				{
					communityId: angong.id,
					topicId: gas.id,
					kind: 'status',
					fromStatus: 'collecting',
					toStatus: 'accepted',
					actorId: committeeAg.id,
					actorName: committeeAg.name,
					note: '已受理。将召开三方联席会，邀请天然气公司、区综合执法局、双福巷商户和居民代表参加。',
					createdAt: acceptedAt
				}
			]);
		}
		await schedule(tx, {
			communityId: angong.id,
			committee: committeeAg,
			kind: 'joint',
			title: '双福巷燃气管道三方联席会',
			description: '燃气公司介绍管道方案，执法部门说明安全和占道规定，商户和居民各自发表意见，形成协商意见。',
			venueId: venueIds.get('安公社区/社区议事厅') ?? null,
			startsAt: beijingAt(3, 14),
			quorumMin: 10,
			topic: gas,
			agenda: [
				['天然气公司介绍管道敷设方案', '天然气公司', 15],
				[gas.title, '周丽', 60]
			],
			invitations: [
				['party', 'utility', '天然气公司', '王工程师', null],
				['party', 'authority', '区综合执法局', '赵队长', null],
				['party', 'merchant', '双福巷餐馆（11家）', '陈老板', null],
				['party', 'owners_committee', '安公小区业委会', '孙主任', null],
				['resident', 'resident', '', residentAg.name, residentAg.id]
			],
			rsvps: { 王工程师: 'attend', 赵队长: 'attend', 陈老板: 'delegate' }
		});
	}
}

interface Plan {
	communityId: number;
	committee: { id: number; name: string };
	kind: (typeof table.SESSION_KINDS)[number];
	title: string;
	description: string;
	venueId: number | null;
	startsAt: Date;
	quorumMin: number | null;
	topic: typeof table.topic.$inferSelect;
	agenda: [string, string, number][];
	invitations: ['party' | 'resident', ParticipantRole, string, string, number | null][];
	rsvps: Record<string, 'attend' | 'decline' | 'delegate'>;
}

/** a published session with its agenda and invitations; its topic moves to 协商中 */
async function schedule(tx: Tx, p: Plan) {
	const publishedAt = new Date(Date.now() - DAY);
	const endsAt = new Date(p.startsAt.getTime() + 2 * HOUR);
	const [session] = await tx
		.insert(table.deliberationSession)
		.values({
			communityId: p.communityId,
			kind: p.kind,
			title: p.title,
			description: p.description,
			venueId: p.venueId,
			startsAt: p.startsAt,
			endsAt,
			status: 'published',
			quorumMin: p.quorumMin,
			publishedAt,
			createdById: p.committee.id,
			createdAt: new Date(publishedAt.getTime() - HOUR)
		})
		.returning();
	await tx.insert(table.sessionAgendaItem).values(
		p.agenda.map(([title, presenter, minutes], i) => ({
			communityId: p.communityId,
			sessionId: session.id,
			position: i + 1,
			topicId: title === p.topic.title ? p.topic.id : null,
			title,
			presenter,
			minutes
		}))
	);
	await tx.insert(table.sessionInvitation).values(
		p.invitations.map(([kind, role, organisation, name, userId]) => {
			const answer = p.rsvps[name] ?? null;
			return {
				communityId: p.communityId,
				sessionId: session.id,
				kind,
				role,
				organisation,
				name,
				userId,
				tokenHash: throwawayHash(),
				expiresAt: new Date(endsAt.getTime() + 30 * DAY),
				rsvp: answer,
				delegateName: answer === 'delegate' ? '代表' + name.slice(0, 1) + '先生' : null,
				respondedAt: answer ? new Date(publishedAt.getTime() + 3 * HOUR) : null,
				createdById: p.committee.id,
				createdAt: publishedAt
			};
		})
	);
	if (p.topic.status === 'accepted') {
		await tx.update(table.topic).set({ status: 'deliberating', updatedAt: publishedAt }).where(eq(table.topic.id, p.topic.id));
		await tx.insert(table.topicEvent).values({
			communityId: p.communityId,
			topicId: p.topic.id,
			kind: 'status',
			fromStatus: 'accepted',
			toStatus: 'deliberating',
			actorId: p.committee.id,
			actorName: p.committee.name,
			note: `列入会议“${p.title}”议程`,
			createdAt: publishedAt
		});
	}
	await tx.insert(table.auditLog).values([
		{ communityId: p.communityId, actorId: p.committee.id, actorName: p.committee.name, action: 'session.create', targetType: 'session', targetId: session.id, detail: { title: p.title }, createdAt: new Date(publishedAt.getTime() - HOUR) },
		{ communityId: p.communityId, actorId: p.committee.id, actorName: p.committee.name, action: 'session.publish', targetType: 'session', targetId: session.id, detail: { title: p.title }, createdAt: publishedAt }
	]);
}
