/**
 * 附议: verified residents and owners second a collecting topic, once each; reaching the community's threshold,
 * which the committee sets, flags the topic for screening.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, requireVerifiedResident, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import { isServiceError, isUniqueViolation, ServiceError } from '../errors';
import { filled, parseInput } from '../http/validate';
import { ThresholdInput } from './input';
import { addEvent, findTopic, RECORD, type Q, type Topic } from './records';

/**
 * 附议: a verified resident or owner seconds a topic that is still collecting, once. The unique index
 * on (topic, user) is what makes it once, also under concurrent attempts. Reaching the community's
 * threshold flags the topic for the committee.
 */
export async function second(actor: Actor, topicId: number) {
	const t = await findTopic(db, topicId);
	const user = requireVerifiedResident(actor, t.communityId);
	if (t.status !== 'collecting') throw new ServiceError(409, 'not_collecting', m.topic_err_not_collecting());
	if (t.proposerId === user.id) throw new ServiceError(409, 'own_topic', m.topic_err_own_topic());
	try {
		return await db.transaction(async (tx) => {
			await tx.insert(table.topicSecond).values({ communityId: t.communityId, topicId: t.id, userId: user.id });
			const [row] = await tx
				.update(table.topic)
				.set({ secondCount: sql`${table.topic.secondCount} + 1`, updatedAt: new Date() })
				.where(and(eq(table.topic.id, t.id), eq(table.topic.status, 'collecting')))
				.returning({ secondCount: table.topic.secondCount, flaggedAt: table.topic.flaggedAt });
			if (!row) throw new ServiceError(409, 'not_collecting', m.topic_err_not_collecting());
			await addEvent(tx, t, user, { kind: 'seconded' });
			const [{ threshold }] = await tx
				.select({ threshold: table.community.secondThreshold })
				.from(table.community)
				.where(eq(table.community.id, t.communityId));
			const flagged = row.flaggedAt === null && row.secondCount >= threshold ? await flag(tx, t, threshold) : false;
			return { secondCount: row.secondCount, threshold, flagged };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_seconded', m.topic_err_already_seconded());
		throw e;
	}
}

/** marks a topic as having reached the threshold; true when this call did it */
async function flag(tx: Q, t: Pick<Topic, 'id' | 'communityId'>, threshold: number): Promise<boolean> {
	const done = await tx
		.update(table.topic)
		.set({ flaggedAt: new Date() })
		.where(and(eq(table.topic.id, t.id), isNull(table.topic.flaggedAt)))
		.returning({ id: table.topic.id });
	if (done.length === 0) return false;
	await addEvent(tx, t, null, { kind: 'flagged', note: m.topic_note_flagged({ count: threshold }, RECORD) });
	return true;
}


/** why this actor may not second this topic, or null when they may */
export type SecondBlock = 'not_signed_in' | 'not_verified' | 'not_resident' | 'seconded' | 'own_topic' | 'closed';

export function secondBlock(actor: Actor, t: Topic, seconded: boolean): SecondBlock | null {
	if (!actor) return 'not_signed_in';
	if (seconded) return 'seconded';
	if (t.status !== 'collecting') return 'closed';
	try {
		requireVerifiedResident(actor, t.communityId);
	} catch (e) {
		if (isServiceError(e) && e.code === 'not_verified') return 'not_verified';
		return 'not_resident';
	}
	if (t.proposerId === actor.id) return 'own_topic';
	return null;
}


// ---- community settings that belong to topics ----

export async function settings(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	return { community, secondThreshold: community.secondThreshold, reviewFirstPosts: community.reviewFirstPosts };
}

/**
 * The committee sets the number of seconds that flags a topic. Lowering it flags the open topics
 * that already have enough.
 */
export async function updateSettings(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const { secondThreshold } = parseInput(ThresholdInput, filled(input, 'secondThreshold'));
	return db.transaction(async (tx) => {
		await tx.update(table.community).set({ secondThreshold }).where(eq(table.community.id, community.id));
		const reached = await tx
			.select({ id: table.topic.id, communityId: table.topic.communityId })
			.from(table.topic)
			.where(
				and(
					eq(table.topic.communityId, community.id),
					eq(table.topic.status, 'collecting'),
					isNull(table.topic.flaggedAt),
					sql`${table.topic.secondCount} >= ${secondThreshold}`
				)
			)
			.for('update');
		for (const t of reached) await flag(tx, t, secondThreshold);
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'community.threshold',
			targetType: 'community',
			targetId: community.id,
			detail: { from: community.secondThreshold, to: secondThreshold, flagged: reached.map((t) => t.id) }
		});
		return { secondThreshold, flagged: reached.length };
	});
}
