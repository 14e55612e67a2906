/**
 * One topic as its page shows it (timeline, comments, merge links and what the reader may do), read in one
 * statement; the places a topic may be about; and the way into a community's pages.
 */
import { and, asc, desc, eq, ne, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import { manualNext } from '$lib/domain/topic-status';
import { db } from '../db';
import * as table from '../db/schema';
import type { CommentState, TopicStatus } from '../db/schema';
import { requireReader, rolesIn, streetsAdministered, type Actor } from '../access';
import * as communities from '../communities';
import { prepared } from '../prepared';
import { isServiceError, ServiceError } from '../errors';
import { canPropose, fromJson, isCommittee } from './records';
import * as moderation from './moderation';
import { secondBlock } from './seconds';

const mergedTopic = alias(table.topic, 'merged_topic');
const ev = table.topicEvent;
const cm = table.topicComment;
const commenter = alias(table.user, 'commenter');

/**
 * the topic with everything its page shows beside it, in one statement: place and proposer names, whether this
 * user seconded it, the topic it was merged into, its timeline, its comments and the topics merged into it
 */
const readTopic = prepared(() =>
	db
		.select({
			topic: table.topic,
			estateName: table.estate.name,
			buildingName: table.building.name,
			proposerName: table.user.name,
			seconded: sql<boolean>`exists (select 1 from ${table.topicSecond} where ${table.topicSecond.topicId} = ${table.topic.id} and ${table.topicSecond.userId} = ${sql.placeholder('userId')})`,
			mergedInto: sql<unknown>`(select json_build_object('id', ${mergedTopic.id}, 'title', ${mergedTopic.title}, 'status', ${mergedTopic.status})
				from ${table.topic} ${mergedTopic} where ${mergedTopic.id} = ${table.topic.mergedIntoId})`,
			timeline: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${ev.id}, 'kind', ${ev.kind}, 'fromStatus', ${ev.fromStatus},
				'toStatus', ${ev.toStatus}, 'actorName', ${ev.actorName}, 'note', ${ev.note}, 'createdAt', ${ev.createdAt})
				order by ${ev.createdAt}, ${ev.id}), '[]') from ${ev} where ${ev.topicId} = ${table.topic.id})`,
			comments: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${cm.id}, 'parentId', ${cm.parentId}, 'official', ${cm.official},
				'body', ${cm.body}, 'authorName', ${commenter.name}, 'createdAt', ${cm.createdAt}, 'state', ${cm.state}, 'hiddenReason', ${cm.hiddenReason},
				'editedAt', ${cm.editedAt}, 'mine', ${cm.userId} = ${sql.placeholder('userId')}) order by ${cm.createdAt}, ${cm.id}), '[]')
				from ${cm} join ${table.user} ${commenter} on ${commenter.id} = ${cm.userId} where ${cm.topicId} = ${table.topic.id})`,
			mergedFrom: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${mergedTopic.id}, 'title', ${mergedTopic.title},
				'secondCount', ${mergedTopic.secondCount}) order by ${mergedTopic.id}), '[]') from ${table.topic} ${mergedTopic} where ${mergedTopic.mergedIntoId} = ${table.topic.id})`,
			hasRequest: sql<boolean>`exists (select 1 from ${table.request} where ${table.request.topicId} = ${table.topic.id})`,
			hasPlans: sql<boolean>`exists (select 1 from ${table.plan} where ${table.plan.communityId} = ${table.topic.communityId} and ${table.plan.topicId} = ${table.topic.id})`
		})
		.from(table.topic)
		.innerJoin(table.user, eq(table.user.id, table.topic.proposerId))
		.leftJoin(table.estate, eq(table.estate.id, table.topic.estateId))
		.leftJoin(table.building, eq(table.building.id, table.topic.buildingId))
		.where(eq(table.topic.id, sql.placeholder('topicId')))
		.prepare('topic_read')
);

interface TimelineEvent {
	id: number;
	kind: string;
	fromStatus: TopicStatus | null;
	toStatus: TopicStatus | null;
	actorName: string;
	note: string;
	createdAt: Date;
}

interface RawComment {
	id: number;
	parentId: number | null;
	official: boolean;
	body: string;
	authorName: string;
	createdAt: string;
	state: CommentState;
	hiddenReason: string | null;
	editedAt: string | null;
	mine: boolean;
}

export interface TopicReply {
	id: number;
	parentId: number;
	official: boolean;
	/** '' when the reader may not see the words (hidden, deleted) */
	body: string;
	authorName: string;
	createdAt: Date;
	state: CommentState;
	hiddenReason: string | null;
	editedAt: Date | null;
	mine: boolean;
	canEdit: boolean;
	canReport: boolean;
}

export interface TopicComment extends Omit<TopicReply, 'parentId'> {
	parentId: null;
	replies: TopicReply[];
}

/**
 * What a reader sees of a comment: a comment waiting for review only by its author and the committee; the words of
 * a hidden one only by its author and the committee (everyone sees the public reason); a deleted one by nobody (its
 * words stay in the audit log).
 */
function forReader(c: RawComment, committee: boolean, member: boolean, now: Date): Omit<TopicReply, 'parentId'> | null {
	if (c.state === 'pending' && !c.mine && !committee) return null;
	const seesWords = c.state === 'published' || c.state === 'pending' || (c.state === 'hidden' && (c.mine || committee));
	const createdAt = new Date(c.createdAt);
	return {
		id: c.id,
		official: c.official,
		body: seesWords ? c.body : '',
		authorName: c.authorName,
		createdAt,
		state: c.state,
		hiddenReason: c.state === 'hidden' ? c.hiddenReason : null,
		editedAt: c.editedAt ? new Date(c.editedAt) : null,
		mine: c.mine,
		canEdit: c.mine && moderation.editable({ state: c.state, createdAt }, now),
		canReport: member && !c.mine && c.state === 'published'
	};
}

/** the comments in time order with their replies under them, the committee's official answers first */
export function threads(raw: RawComment[], reader: { committee: boolean; member: boolean } = { committee: false, member: false }): TopicComment[] {
	const now = new Date();
	const top: TopicComment[] = [];
	const byId = new Map<number, TopicComment>();
	for (const c of raw) {
		if (c.parentId !== null) continue;
		const seen = forReader(c, reader.committee, reader.member, now);
		if (!seen) continue;
		const t: TopicComment = { ...seen, parentId: null, replies: [] };
		byId.set(c.id, t);
		top.push(t);
	}
	for (const c of raw) {
		if (c.parentId === null) continue;
		const seen = forReader(c, reader.committee, reader.member, now);
		if (seen) byId.get(c.parentId)?.replies.push({ ...seen, parentId: c.parentId });
	}
	// stable: the answers keep their time order, and so does the rest
	return [...top.filter((c) => c.official), ...top.filter((c) => !c.official)];
}

/** one topic for a reader of its own community: timeline, comments, merge links and what the actor may do */
export async function get(actor: Actor, topicId: number) {
	return (await getWithLinks(actor, topicId)).view;
}

/**
 * get(), and whether a resident request (码上报) or a cost-sharing plan refers to the topic: its page asks those
 * services only when one does
 */
export async function getWithLinks(actor: Actor, topicId: number) {
	const [row] = await readTopic().execute({ topicId, userId: actor?.id ?? 0 });
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	const t = row.topic;
	const community = await communities.get(t.communityId);
	const user = requireReader(actor, community);

	const timeline = fromJson<(Omit<TimelineEvent, 'createdAt'> & { createdAt: string })[]>(row.timeline).map((e) => ({
		...e,
		createdAt: new Date(e.createdAt)
	})) satisfies TimelineEvent[];
	const committeeReader = isCommittee(user, t.communityId);
	const comments = threads(fromJson<RawComment[]>(row.comments), { committee: committeeReader, member: rolesIn(user, t.communityId).size > 0 });
	const mergedInto = fromJson<{ id: number; title: string; status: TopicStatus } | null>(row.mergedInto);
	const mergedFrom = fromJson<{ id: number; title: string; secondCount: number }[]>(row.mergedFrom);

	const seconded = Boolean(row.seconded);
	const block = secondBlock(user, t, seconded);
	const committee = isCommittee(user, t.communityId);
	const canScreen = committee && t.status === 'collecting';

	const mergeTargets = canScreen
		? await db
				.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status })
				.from(table.topic)
				.where(
					and(
						eq(table.topic.communityId, t.communityId),
						ne(table.topic.id, t.id),
						notInArray(table.topic.status, ['merged', 'declined'])
					)
				)
				.orderBy(desc(table.topic.id))
				.limit(200)
		: [];

	const view = {
		topic: { ...t, estateName: row.estateName, buildingName: row.buildingName, proposerName: row.proposerName },
		community: { id: community.id, name: community.name, secondThreshold: community.secondThreshold },
		timeline,
		comments,
		mergedInto,
		mergedFrom,
		seconded,
		canSecond: block === null,
		secondBlock: block,
		canComment: rolesIn(user, t.communityId).size > 0,
		commentCount: comments.reduce((n, c) => n + 1 + c.replies.length, 0),
		editMinutes: moderation.EDIT_MINUTES,
		isCommittee: committee,
		canScreen,
		mergeTargets,
		nextStatuses: committee ? manualNext(t.status) : []
	};
	return { view, linked: { request: Boolean(row.hasRequest), plans: Boolean(row.hasPlans) } };
}

/** the estates and buildings a topic may be about (for the proposal form) */
export async function places(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	const estates = await db
		.select({ id: table.estate.id, name: table.estate.name })
		.from(table.estate)
		.where(eq(table.estate.communityId, community.id))
		.orderBy(asc(table.estate.id));
	const buildings = await db
		.select({ id: table.building.id, name: table.building.name, estateId: table.building.estateId, estateName: table.estate.name })
		.from(table.building)
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(eq(table.building.communityId, community.id))
		.orderBy(asc(table.estate.id), asc(table.building.id));
	return { community, estates, buildings };
}

// ---- the way in ----

/**
 * Entering a community's pages: its name and what the actor may do there. A registration still
 * waiting for the committee is told so, not just "forbidden".
 */
export async function enter(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	try {
		requireReader(actor, community);
	} catch (e) {
		const waiting = actor?.memberships.some((ms) => ms.communityId === community.id && ms.status === 'pending');
		if (isServiceError(e) && e.status === 403 && waiting) throw new ServiceError(403, 'not_verified', m.topic_err_pending());
		throw e;
	}
	return {
		community: { id: community.id, name: community.name },
		isCommittee: isCommittee(actor, community.id),
		canPropose: canPropose(actor, community.id)
	};
}

/** the communities whose pages the actor may read, and those where their registration is still pending */
export async function myCommunities(actor: Actor) {
	if (!actor) return { readable: [], pending: [] };
	const all = await db
		.select({ id: table.community.id, name: table.community.name, streetId: table.community.streetId })
		.from(table.community)
		.orderBy(asc(table.community.id));
	const streets = streetsAdministered(actor);
	const readable = all.filter((c) => rolesIn(actor, c.id).size > 0 || streets.includes(c.streetId));
	const pending = all.filter(
		(c) => !readable.includes(c) && actor.memberships.some((ms) => ms.communityId === c.id && ms.status === 'pending')
	);
	const strip = ({ id, name }: (typeof all)[number]) => ({ id, name });
	return { readable: readable.map(strip), pending: pending.map(strip) };
}
