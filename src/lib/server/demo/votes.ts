/**
 * Demo votes (DOMAIN.md §4): 金阳's A区3栋 owners decide to use the maintenance fund for their failed sewer pipe (a
 * binding decision of that building's owners under Art. 278, counted by the same pure rule as the service, passed
 * and final after its objection window; the 陈罗桥 case) and are asked which street lights they want before the
 * session (an open poll); 安公's residents say when 民意5来听 should listen (an anonymous poll, closed); 康乐's grid
 * asked all 60 households at the door about the stair lights (a households poll recorded by the committee, closed).
 * The counts are stored as the service stores them at close. Relative imports only: the CLI loads this with tsx.
 */
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import * as art278 from '../../domain/art278';
import { KANGLE, KANGLE_COMMITTEE, STAIR_LIGHTS } from './kangle';

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 60 * 60 * 1000);

type Person = { id: number; name: string };
type Community = typeof table.community.$inferSelect;
type VoteRow = typeof table.vote.$inferSelect;

export async function seedVotes(tx: Tx) {
	const communities = await tx.select().from(table.community);
	const byName = new Map(communities.map((c) => [c.name, c]));
	const jinyang = byName.get('金阳社区');
	const angong = byName.get('安公社区');
	const kangle = byName.get(KANGLE);
	if (jinyang) {
		const committee = await userByPhone(tx, '13800000001');
		if (committee) {
			await drains(tx, jinyang, committee);
			await lightsPoll(tx, jinyang, committee);
			await ownersMeetings(tx, jinyang, committee);
		}
	}
	if (angong) {
		const committee = await userByPhone(tx, '13800000007');
		if (committee) await listeningDays(tx, angong, committee);
	}
	if (kangle) {
		const committee = await userByPhone(tx, KANGLE_COMMITTEE);
		if (committee) await doorToDoor(tx, kangle, committee);
	}
}

async function userByPhone(tx: Tx, phone: string): Promise<Person | null> {
	const [u] = await tx.select({ id: table.user.id, name: table.user.name }).from(table.user).where(eq(table.user.phone, phone));
	return u ?? null;
}

async function topicLike(tx: Tx, communityId: number, words: string) {
	const [t] = await tx.select().from(table.topic).where(and(eq(table.topic.communityId, communityId), like(table.topic.title, `%${words}%`)));
	return t ?? null;
}

/** verified residents and owners of the community, in the order they joined (the poll's eligible residents) */
async function residentsOf(tx: Tx, communityId: number) {
	return tx
		.selectDistinctOn([table.membership.userId], { userId: table.membership.userId, unitId: table.membership.unitId, phone: table.user.phone })
		.from(table.membership)
		.innerJoin(table.user, eq(table.user.id, table.membership.userId))
		.where(and(eq(table.membership.communityId, communityId), eq(table.membership.status, 'verified'), inArray(table.membership.role, ['resident', 'owner'])))
		.orderBy(asc(table.membership.userId));
}

async function audit(tx: Tx, vote: VoteRow, committee: Person, steps: [string, Date, Record<string, unknown>][]) {
	await tx.insert(table.auditLog).values(
		steps.map(([action, at, detail]) => ({ communityId: vote.communityId, actorId: committee.id, actorName: committee.name, action, targetType: 'vote', targetId: vote.id, detail, createdAt: at }))
	);
}

/** the topic follows its vote to 已表决, on its timeline */
async function topicVoted(tx: Tx, topic: typeof table.topic.$inferSelect, committee: Person, at: Date, note: string) {
	await tx.update(table.topic).set({ status: 'voted', updatedAt: at }).where(eq(table.topic.id, topic.id));
	await tx.insert(table.topicEvent).values({ communityId: topic.communityId, topicId: topic.id, kind: 'status', fromStatus: topic.status, toStatus: 'voted', actorId: committee.id, actorName: committee.name, note, createdAt: at });
}

/** A区3栋's owners on the maintenance fund: the roll frozen at opening, paper, door-to-door and online ballots */
async function drains(tx: Tx, community: Community, committee: Person) {
	const topic = await topicLike(tx, community.id, '下水管道');
	const [building] = await tx
		.select({ id: table.building.id })
		.from(table.building)
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(and(eq(table.building.communityId, community.id), eq(table.estate.name, '金阳花园A区'), eq(table.building.name, '3栋')));
	if (!topic || !building || topic.status !== 'deliberating') return;
	const units = await tx
		.select({ id: table.unit.id, ownerKey: table.unit.ownerKey, areaDm2: table.unit.areaDm2, developer: table.unit.developer })
		.from(table.unit)
		.where(eq(table.unit.buildingId, building.id))
		.orderBy(asc(table.unit.id));
	const roll = art278.buildRoll(units);
	// who of the demo's owners holds a flat here casts online; the others on paper or at the door
	const online = await tx
		.select({ userId: table.membership.userId, unitId: table.membership.unitId })
		.from(table.membership)
		.where(and(eq(table.membership.communityId, community.id), eq(table.membership.role, 'owner'), eq(table.membership.status, 'verified')));
	const ballots: { head: art278.RollHead; choice: art278.Choice }[] = [];
	roll.forEach((head, i) => {
		if (i % 8 === 5) return; // away, never reached
		ballots.push({ head, choice: i % 11 === 7 ? 'no' : i % 13 === 4 ? 'abstain' : 'yes' });
	});
	const rule = art278.ruleOf(art278.CURRENT_RULE);
	const counted = art278.tally(roll, ballots.map((b) => ({ key: b.head.key, choice: b.choice })), rule, 'ordinary');
	if (!counted.passed) throw new Error('demo votes: the drains decision does not pass; adjust the ballots');
	const openedAt = ago(18, 3);
	const closedAt = ago(11, 3);
	const finalizedAt = ago(3, 2);
	const [vote] = await tx
		.insert(table.vote)
		.values({
			communityId: community.id,
			topicId: topic.id,
			kind: 'binding',
			title: '使用公共维修资金更换A区3栋主下水管',
			description:
				'物业公司检测报告：A区3栋1单元主下水管锈蚀开裂，疏通不能解决，需整体更换，施工预算28,600元。经三方联席会商议，申请从本栋公共维修资金中列支。本事项为使用维修资金，由本栋业主共同决定。',
			matter: 'use_fund',
			matterClass: 'ordinary',
			ruleVersion: art278.CURRENT_RULE,
			scope: 'building',
			scopeIds: [building.id],
			eligibility: 'owners',
			status: 'final',
			eligibleHeads: counted.eligible.heads,
			eligibleAreaDm2: counted.eligible.areaDm2,
			objectionDays: 7,
			closesAt: closedAt,
			openedAt,
			closedAt,
			objectionEndsAt: new Date(closedAt.getTime() + 7 * DAY),
			finalizedAt,
			// as votes/tally.ts bindingFigures() stores the count at close
			result: {
				kind: 'binding',
				matter: 'use_fund',
				matterClass: 'ordinary',
				ruleVersion: art278.CURRENT_RULE,
				eligible: counted.eligible,
				participated: counted.participated,
				yes: counted.yes,
				no: counted.no,
				abstain: counted.abstain,
				participationPermille: {
					heads: art278.permille(counted.participated.heads, counted.eligible.heads),
					areaDm2: art278.permille(counted.participated.areaDm2, counted.eligible.areaDm2)
				},
				quorumMet: counted.quorumMet,
				passed: counted.passed
			},
			createdById: committee.id,
			createdAt: ago(19),
			updatedAt: finalizedAt
		})
		.returning();
	await tx.insert(table.voteRoll).values(roll.map((h) => ({ voteId: vote.id, communityId: community.id, headKey: h.key, areaDm2: h.areaDm2, unitIds: h.unitIds })));
	await tx.insert(table.voteBallot).values(
		ballots.map((b, i) => {
			const owner = online.find((o) => o.unitId !== null && b.head.unitIds.includes(o.unitId));
			return {
				communityId: community.id,
				voteId: vote.id,
				headKey: b.head.key,
				unitId: owner?.unitId ?? b.head.unitIds[0],
				choice: b.choice,
				method: owner ? ('online' as const) : i % 3 === 0 ? ('door' as const) : ('paper' as const),
				voterId: owner?.userId ?? null,
				recordedById: owner ? null : committee.id,
				createdAt: new Date(openedAt.getTime() + (i + 1) * 6 * 60 * 60 * 1000)
			};
		})
	);
	await audit(tx, vote, committee, [
		['vote.create', ago(19), { title: vote.title, kind: 'binding', matter: 'use_fund', matterClass: 'ordinary', scope: 'building', scopeIds: [building.id] }],
		['vote.open', openedAt, { heads: counted.eligible.heads, areaDm2: counted.eligible.areaDm2 }],
		['vote.close', closedAt, { objectionDays: 7 }],
		['vote.finalize', finalizedAt, { passed: true }]
	]);
	await topicVoted(tx, topic, committee, finalizedAt, `业主共同决定「${vote.title}」最终结果：通过`);
}

/** before the 议事亭 session, which lights the residents want: open now, named, changeable until it closes */
async function lightsPoll(tx: Tx, community: Community, committee: Person) {
	const topic = await topicLike(tx, community.id, '路灯损坏');
	if (!topic) return;
	const residents = await residentsOf(tx, community.id);
	// the demo resident and owner are left to vote themselves
	const voters = residents.filter((r) => r.phone !== '13800000002' && r.phone !== '13800000003').slice(0, 6);
	const openedAt = ago(2, 4);
	const [vote] = await tx
		.insert(table.vote)
		.values({
			communityId: community.id,
			topicId: topic.id,
			kind: 'poll',
			title: '主路路灯换哪种灯？',
			description: '协商会前先听听大家的意见：A/B区主路12盏路灯，换成太阳能路灯，还是请物业重新布线？结果在议事亭协商会上通报，供会上决定。',
			scope: 'community',
			eligibility: 'residents',
			changeable: true,
			status: 'open',
			eligibleHeads: residents.length,
			closesAt: new Date(Date.now() + 4 * DAY),
			openedAt,
			createdById: committee.id,
			createdAt: ago(2, 6),
			updatedAt: openedAt
		})
		.returning();
	const options = await tx
		.insert(table.voteOption)
		.values(['太阳能路灯（8000元，免布线、免电费）', '物业重新布线（11600元，另交电费）'].map((label, position) => ({ communityId: community.id, voteId: vote.id, position, label })))
		.returning({ id: table.voteOption.id });
	const picks = voters.map((_, i) => options[i === 2 ? 1 : 0].id);
	if (voters.length > 0) {
		await tx.insert(table.voteParticipation).values(
			voters.map((v, i) => ({
				communityId: community.id,
				voteId: vote.id,
				voterKey: `user:${v.userId}`,
				userId: v.userId,
				unitId: v.unitId,
				method: 'online' as const,
				optionIds: [picks[i]],
				createdAt: new Date(openedAt.getTime() + (i + 1) * 3 * 60 * 60 * 1000),
				updatedAt: new Date(openedAt.getTime() + (i + 1) * 3 * 60 * 60 * 1000)
			}))
		);
		for (const o of options) await tx.update(table.voteOption).set({ count: picks.filter((p) => p === o.id).length }).where(eq(table.voteOption.id, o.id));
	}
	await audit(tx, vote, committee, [
		['vote.create', ago(2, 6), { title: vote.title, kind: 'poll', scope: 'community', scopeIds: [] }],
		['vote.open', openedAt, { heads: residents.length, areaDm2: 0 }]
	]);
}

/** 安公: when the committee should listen (民意5来听), anonymous and with up to two choices, closed */
async function listeningDays(tx: Tx, community: Community, committee: Person) {
	const residents = await residentsOf(tx, community.id);
	const labels = ['维持每月5日、15日、25日上午', '改为当天晚上19:00—21:00', '每月加一场周六上午'];
	// each voter's choices; only the counts are kept (anonymous)
	const choices = [[1, 2], [1], [0], [1, 2], [2], [1]].slice(0, residents.length);
	const openedAt = ago(20, 2);
	const closedAt = ago(12, 2);
	const [vote] = await tx
		.insert(table.vote)
		.values({
			communityId: community.id,
			kind: 'poll',
			title: '“民意5来听”接待时间调整意见',
			description: '每月5日、15日、25日上午，社区干部在议事厅听取居民意见。上班的居民反映白天来不了，想听听大家希望什么时间。匿名填写，最多选两项。',
			scope: 'community',
			eligibility: 'residents',
			multiple: true,
			maxChoices: 2,
			anonymous: true,
			status: 'final',
			eligibleHeads: residents.length,
			closesAt: closedAt,
			openedAt,
			closedAt,
			finalizedAt: closedAt,
			createdById: committee.id,
			createdAt: ago(21),
			updatedAt: closedAt
		})
		.returning();
	const options = await tx
		.insert(table.voteOption)
		.values(labels.map((label, position) => ({ communityId: community.id, voteId: vote.id, position, label, count: choices.filter((c) => c.includes(position)).length })))
		.returning({ id: table.voteOption.id, label: table.voteOption.label, count: table.voteOption.count });
	if (choices.length > 0) {
		// who took part, never what they chose; no times that could be lined up against the counts
		await tx.insert(table.voteParticipation).values(
			choices.map((_, i) => ({ communityId: community.id, voteId: vote.id, voterKey: `user:${residents[i].userId}`, userId: residents[i].userId, unitId: residents[i].unitId, method: 'online' as const, optionIds: null, createdAt: openedAt, updatedAt: openedAt }))
		);
	}
	await tx.update(table.vote).set({ result: pollResult(vote, options, choices.length) }).where(eq(table.vote.id, vote.id));
	await audit(tx, vote, committee, [
		['vote.create', ago(21), { title: vote.title, kind: 'poll', scope: 'community', scopeIds: [] }],
		['vote.open', openedAt, { heads: residents.length, areaDm2: 0 }],
		['vote.close', closedAt, {}]
	]);
}

/** 康乐: the 60 households asked at their doors about the stair lights, recorded by the committee, before the 坝坝会 */
async function doorToDoor(tx: Tx, community: Community, committee: Person) {
	const [topic] = await tx.select().from(table.topic).where(and(eq(table.topic.communityId, community.id), eq(table.topic.title, STAIR_LIGHTS)));
	if (!topic) return;
	const units = await tx.select({ id: table.unit.id, areaDm2: table.unit.areaDm2 }).from(table.unit).where(eq(table.unit.communityId, community.id)).orderBy(asc(table.unit.id));
	const labels = ['更换为感应灯，愿意捐款', '更换为感应灯，不参与捐款', '暂不更换'];
	// 47 of the 60 households answered: 31, 13 and 3
	const answered = units.filter((_, i) => i % 5 !== 4 && i !== 58).slice(0, 47);
	const pick = (i: number) => (i < 31 ? 0 : i < 44 ? 1 : 2);
	const openedAt = ago(42, 5);
	const closedAt = ago(39, 6);
	const [vote] = await tx
		.insert(table.vote)
		.values({
			communityId: community.id,
			topicId: topic.id,
			kind: 'poll',
			title: '楼道灯更换意向入户调查',
			description: '逐户登记：楼道灯是否更换为感应灯，是否愿意自愿捐款。每户一票，由社区工作人员入户记录。',
			scope: 'community',
			eligibility: 'households',
			status: 'final',
			eligibleHeads: units.length,
			eligibleAreaDm2: units.reduce((s, u) => s + u.areaDm2, 0),
			closesAt: closedAt,
			openedAt,
			closedAt,
			finalizedAt: closedAt,
			createdById: committee.id,
			createdAt: ago(42, 8),
			updatedAt: closedAt
		})
		.returning();
	const options = await tx
		.insert(table.voteOption)
		.values(labels.map((label, position) => ({ communityId: community.id, voteId: vote.id, position, label, count: answered.filter((_, i) => pick(i) === position).length })))
		.returning({ id: table.voteOption.id, label: table.voteOption.label, count: table.voteOption.count });
	await tx.insert(table.voteParticipation).values(
		answered.map((u, i) => {
			const at = new Date(openedAt.getTime() + Math.floor((i * (closedAt.getTime() - openedAt.getTime())) / answered.length));
			return { communityId: community.id, voteId: vote.id, voterKey: `unit:${u.id}`, unitId: u.id, method: 'door' as const, recordedById: committee.id, optionIds: [options[pick(i)].id], createdAt: at, updatedAt: at };
		})
	);
	await tx.update(table.vote).set({ result: pollResult(vote, options, answered.length) }).where(eq(table.vote.id, vote.id));
	await audit(tx, vote, committee, [
		['vote.create', ago(42, 8), { title: vote.title, kind: 'poll', scope: 'community', scopeIds: [] }],
		['vote.open', openedAt, { heads: units.length, areaDm2: 0 }],
		['vote.close', closedAt, {}]
	]);
	// the topic's 已表决 step is on its timeline already (kangle.ts)
}

/** as votes/tally.ts pollFigures() stores a poll's count at close */
function pollResult(vote: VoteRow, options: { id: number; label: string; count: number }[], participated: number) {
	return {
		kind: 'poll',
		eligibility: vote.eligibility,
		anonymous: vote.anonymous,
		eligible: { heads: vote.eligibleHeads },
		participated: { heads: participated },
		participationPermille: { heads: art278.permille(participated, vote.eligibleHeads) },
		options: options.map((o) => ({ id: o.id, label: o.label, count: o.count }))
	};
}

/**
 * A区1栋1单元's owners prepare their winter owners' meeting (three matters of different classes) and elect their
 * members of the owners' committee, twice: the notices went to the owners 16 days ago, so voting may start now
 * (物业管理条例: at least 15 days). Drafts, to be opened by the committee.
 */
async function ownersMeetings(tx: Tx, community: Community, committee: Person) {
	const [entrance] = await tx
		.select({ id: table.entrance.id })
		.from(table.entrance)
		.innerJoin(table.building, eq(table.building.id, table.entrance.buildingId))
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(and(eq(table.entrance.communityId, community.id), eq(table.estate.name, '金阳花园A区'), eq(table.building.name, '1栋'), eq(table.entrance.name, '1单元')));
	if (!entrance) return;
	const units = await tx
		.select({ id: table.unit.id, room: table.unit.room, ownerKey: table.unit.ownerKey, ownerName: table.unit.ownerName, areaDm2: table.unit.areaDm2, developer: table.unit.developer })
		.from(table.unit)
		.where(eq(table.unit.entranceId, entrance.id))
		.orderBy(asc(table.unit.id));
	const roll = art278.buildRoll(units);
	const noticedAt = ago(16);
	const base = {
		communityId: community.id,
		kind: 'binding' as const,
		ruleVersion: art278.CURRENT_RULE,
		scope: 'entrance' as const,
		scopeIds: [entrance.id],
		eligibility: 'owners' as const,
		status: 'draft' as const,
		eligibleHeads: roll.length,
		eligibleAreaDm2: roll.reduce((sum, h) => sum + h.areaDm2, 0),
		objectionDays: 7,
		noticedAt,
		createdById: committee.id,
		createdAt: ago(17),
		updatedAt: noticedAt
	};
	const [meeting] = await tx
		.insert(table.vote)
		.values({
			...base,
			form: 'meeting',
			title: 'A区1栋1单元业主大会会议（2026年冬季）',
			description: '本次会议一张选票表决三项事项；交回选票即参与了每一项表决，选票上未填写的事项计为弃权。'
		})
		.returning();
	await tx.insert(table.voteItem).values(
		[
			['修改管理规约：楼道禁止堆放杂物', 'management_rules', 'ordinary'],
			['筹集维修资金用于加装电梯', 'raise_fund', 'special'],
			['续聘金阳物业服务有限公司', 'property_firm', 'ordinary']
		].map(([title, matter, matterClass], position) => ({ communityId: community.id, voteId: meeting.id, position, title, matter, matterClass: matterClass as 'ordinary' | 'special' }))
	);
	const byRoom = (room: string) => units.find((u) => u.room === room);
	const candidates = (rooms: string[], statements: string[]) =>
		rooms.map((room, position) => ({ name: byRoom(room)?.developer ? `候选人${position + 1}` : (byRoom(room)?.ownerName ?? `候选人${position + 1}`), unitId: byRoom(room)?.id ?? null, statement: statements[position] ?? '', nominators: '本单元业主五人联名推荐', position }));
	for (const [title, rooms, statements] of [
		['选举业主委员会委员（A区1栋1单元选区，应选2人）', ['101', '202', '401', '502'], ['退休会计，愿意管好公共收益账目', '在本单元住了二十年，熟悉邻里', '做过工程监理，关心电梯和管道', '年轻上班族，晚上和周末有空']],
		['业主委员会委员补选（A区1栋1单元，应选2人）', ['102', '201', '302'], ['社区志愿者', '退休教师', '个体经营户']]
	] as const) {
		const [election] = await tx
			.insert(table.vote)
			.values({ ...base, form: 'election', seats: 2, electionOrder: community.electionOrder, matter: 'elect_committee', matterClass: 'ordinary', title, description: '每位业主最多同意2名候选人。' })
			.returning();
		await tx.insert(table.voteCandidate).values(candidates([...rooms], [...statements]).map((c) => ({ ...c, communityId: community.id, voteId: election.id })));
	}
	await audit(tx, meeting, committee, [
		['vote.create', ago(17), { title: meeting.title, kind: 'meeting', items: 3 }],
		['vote.notice', noticedAt, { form: 'meeting' }]
	]);
}
