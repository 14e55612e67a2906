/**
 * Demo minutes and resolutions (DOMAIN.md §3 steps 5–7) for the 金阳 lights that were repaired: the 坝坝会 in
 * the B区 courtyard on A区1栋's dark stairwells, held 38 days ago with the grid worker and the households; its
 * record, minutes published (and corrected once, with the reason, so both versions show), the resolution
 * "更换12盏感应灯" followed by 刘芳 to done, the topic 已办结 and evaluated by residents.
 * Relative imports only: the CLI loads this with tsx.
 */
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import * as doc from '../../domain/minutes';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Beijing wall time `days` ago at `hour`:00 */
function beijingAgo(days: number, hour: number): Date {
	const d = new Date(Date.now() - days * DAY + 8 * HOUR);
	return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour - 8, 0));
}
const dayAgo = (days: number) => beijingAgo(days, 12).toISOString().slice(0, 10);

export async function seedMinutes(tx: Tx) {
	const [jinyang] = await tx.select().from(table.community).where(eq(table.community.name, '金阳社区'));
	if (!jinyang) return;
	const [topic] = await tx
		.select()
		.from(table.topic)
		.where(and(eq(table.topic.communityId, jinyang.id), like(table.topic.title, '%楼道声控灯%')));
	if (!topic) return;
	const people = await tx
		.select({ id: table.user.id, name: table.user.name, phone: table.user.phone })
		.from(table.user)
		.where(inArray(table.user.phone, ['13800000001', '13800000002', '13800000003', '13800000005']));
	const who = new Map(people.map((p) => [p.phone, p]));
	const committee = who.get('13800000001');
	const grid = who.get('13800000005');
	if (!committee || !grid) return;
	const [venue] = await tx
		.select({ id: table.venue.id, name: table.venue.name, address: table.venue.address })
		.from(table.venue)
		.where(and(eq(table.venue.communityId, jinyang.id), eq(table.venue.name, 'B区庭院')));

	const startsAt = beijingAgo(38, 19);
	const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
	const [session] = await tx
		.insert(table.deliberationSession)
		.values({
			communityId: jinyang.id,
			kind: 'bamba',
			title: 'A区1栋楼道灯坝坝会',
			description: '本单元住户一起商量楼道声控灯更换方案和费用。',
			venueId: venue?.id ?? null,
			venueText: venue ? '' : 'A区1栋楼前',
			startsAt,
			endsAt,
			status: 'ended',
			publishedAt: beijingAgo(42, 10),
			startedAt: startsAt,
			endedAt: endsAt,
			createdById: committee.id,
			createdAt: beijingAgo(42, 9)
		})
		.returning();
	const items = await tx
		.insert(table.sessionAgendaItem)
		.values([
			{ communityId: jinyang.id, sessionId: session.id, position: 1, topicId: topic.id, title: topic.title, presenter: '刘芳', minutes: 30 },
			{ communityId: jinyang.id, sessionId: session.id, position: 2, title: '费用分担和第一责任人', presenter: '张桂兰', minutes: 20 }
		])
		.returning();

	const attendees: { name: string; role: 'staff' | 'resident'; userId?: number }[] = [
		{ name: committee.name, role: 'staff', userId: committee.id },
		{ name: grid.name, role: 'staff', userId: grid.id },
		...(who.get('13800000002') ? [{ name: who.get('13800000002')!.name, role: 'resident' as const, userId: who.get('13800000002')!.id }] : []),
		...(who.get('13800000003') ? [{ name: who.get('13800000003')!.name, role: 'resident' as const, userId: who.get('13800000003')!.id }] : []),
		{ name: '赵阿姨（2单元102）', role: 'resident' },
		{ name: '孙大爷（2单元501）', role: 'resident' },
		{ name: '周女士（2单元302）', role: 'resident' }
	];
	const attendance = await tx
		.insert(table.sessionAttendance)
		.values(
			attendees.map((a, i) => ({
				communityId: jinyang.id,
				sessionId: session.id,
				userId: a.userId ?? null,
				name: a.name,
				role: a.role,
				method: 'committee' as const,
				recordedById: committee.id,
				checkedInAt: new Date(startsAt.getTime() + i * 60_000)
			}))
		)
		.returning();

	const points: [number, string, string, string][] = [
		[0, '刘芳', '网格员', '2单元一至六楼12盏声控灯有10盏不亮，线路老化，建议整体换成人体感应灯。'],
		[0, '孙大爷（2单元501）', '居民', '住六楼，晚上上下楼全靠手电，已经摔过一次，希望尽快修。'],
		[0, '周女士（2单元302）', '居民', '感应灯比声控灯省事，不用跺脚，老人孩子都方便。'],
		[1, '张桂兰', '社区居委会', '社区可从为民服务资金补贴一部分，其余由住户自愿捐款。'],
		[1, '赵阿姨（2单元102）', '居民', '愿意带头捐款，捐款明细要张贴公示。']
	];
	const records = await tx
		.insert(table.sessionRecord)
		.values(
			points.map(([item, speaker, speakerRole, point], i) => ({
				communityId: jinyang.id,
				sessionId: session.id,
				agendaItemId: items[item].id,
				speaker,
				speakerRole,
				point,
				recordedById: committee.id,
				createdAt: new Date(startsAt.getTime() + (10 + i * 10) * 60_000)
			}))
		)
		.returning();

	const [resolution] = await tx
		.insert(table.resolution)
		.values({
			communityId: jinyang.id,
			sessionId: session.id,
			agendaItemId: items[0].id,
			topicId: topic.id,
			text: '更换2单元12盏楼道灯为人体感应灯，费用由住户自愿捐款和社区补贴共同承担，捐款明细张贴公示',
			responsibleName: grid.name,
			responsibleUserId: grid.id,
			deadline: dayAgo(21),
			doneOn: dayAgo(22),
			createdById: committee.id,
			createdAt: endsAt
		})
		.returning();
	await tx.insert(table.resolutionProgress).values([
		{ communityId: jinyang.id, resolutionId: resolution.id, on: dayAgo(33), note: '住户捐款340元已收齐，社区补贴已申请。', recordedById: grid.id },
		{ communityId: jinyang.id, resolutionId: resolution.id, on: dayAgo(27), note: '感应灯已采购到货，电工约定周末安装。', recordedById: grid.id },
		{ communityId: jinyang.id, resolutionId: resolution.id, on: dayAgo(22), note: '12盏感应灯全部安装完毕并试亮，捐款和补贴收支明细已在公示栏公示。', done: true, recordedById: grid.id }
	]);

	const opinion = '与会住户一致同意将2单元楼道声控灯整体更换为人体感应灯；费用由住户自愿捐款和社区补贴共同承担，由网格员刘芳负责落实。';
	await tx.insert(table.minutesDraft).values({ sessionId: session.id, communityId: jinyang.id, opinion, updatedAt: beijingAgo(37, 9) });
	const source = (recordList: typeof records): doc.MinutesSource => ({
		community: jinyang.name,
		// the place as the minutes service writes it (sessions.placeOf): the venue's name and address
		session: { title: session.title, kind: session.kind, venue: venue ? [venue.name, venue.address].filter(Boolean).join(' · ') : session.venueText, startsAt, endsAt },
		attendees: attendance.map((a) => ({ name: a.name, role: a.role, organisation: a.organisation })),
		agenda: items,
		records: recordList.map((r) => ({ id: r.id, agendaItemId: r.agendaItemId, speaker: r.speaker, role: r.speakerRole, point: r.point })),
		votes: [],
		resolutions: [{ id: resolution.id, text: resolution.text, responsible: resolution.responsibleName, deadline: resolution.deadline, topic: topic.title }],
		opinion
	});

	// version 1 as first published, with the first figure for the donations the secretary wrote down wrong
	const wrong = records.map((r, i) => (i === 4 ? { ...r, point: '愿意带头捐款。' } : r));
	const v1 = doc.canonical(doc.assemble(source(wrong), doc.ROLE_ORDER));
	const v2 = doc.canonical(doc.assemble(source(records), doc.ROLE_ORDER));
	const hash = (s: string) => doc.contentHash(JSON.parse(s));
	const [ver1, ver2] = await tx
		.insert(table.minutesVersion)
		.values([
			{ communityId: jinyang.id, sessionId: session.id, version: 1, content: v1, contentHash: hash(v1), publishedById: committee.id, publishedByName: committee.name, publishedAt: beijingAgo(37, 10) },
			{
				communityId: jinyang.id,
				sessionId: session.id,
				version: 2,
				content: v2,
				contentHash: hash(v2),
				reason: '补记赵阿姨关于捐款明细公示的意见（经本人确认）',
				publishedById: committee.id,
				publishedByName: committee.name,
				publishedAt: beijingAgo(36, 10)
			}
		])
		.returning();
	await tx.insert(table.minutesConfirmation).values(
		attendance
			.filter((a) => a.userId && a.role === 'resident')
			.map((a) => ({ communityId: jinyang.id, sessionId: session.id, versionId: ver2.id, attendanceId: a.id, userId: a.userId, name: a.name, role: a.role, confirmedAt: beijingAgo(35, 20) }))
	);
	void ver1;

	// residents evaluate the repaired lights (the topic is already 已办结 in the foundation demo)
	const evaluators = await tx
		.select({ userId: table.membership.userId })
		.from(table.membership)
		.where(and(eq(table.membership.communityId, jinyang.id), eq(table.membership.status, 'verified'), inArray(table.membership.role, ['owner', 'resident'])))
		.limit(12);
	const choices = ['satisfied', 'satisfied', 'basically', 'satisfied', 'satisfied', 'dissatisfied', 'satisfied', 'basically'] as const;
	const skip = new Set([who.get('13800000002')?.id, who.get('13800000003')?.id]);
	const raters = [...new Set(evaluators.map((e) => e.userId))].filter((id) => !skip.has(id)).slice(0, choices.length);
	if (topic.status === 'done' && raters.length > 0) {
		await tx.insert(table.topicEvaluation).values(
			raters.map((userId, i) => ({
				communityId: jinyang.id,
				topicId: topic.id,
				userId,
				choice: choices[i],
				comment: i === 5 ? '三楼的灯感应不太灵敏' : '',
				createdAt: beijingAgo(20 - i, 20)
			}))
		);
	}
}
