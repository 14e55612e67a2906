/** Comments on a topic, by anyone with a verified role in its community; one level of replies; the committee's answer. */
import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, type Actor } from '../access';
import { notify } from '../notify';
import { ServiceError } from '../errors';
import { dropBlank, filled, parseInput } from '../http/validate';
import { CommentInput } from './input';
import { findTopic, isCommittee, requireMember } from './records';
import { firstPostWaits } from './moderation';
import { checkPersonalInfo } from './personal';

/**
 * a comment by anyone with a verified role in the topic's community; with parentId a reply to one of its comments
 * (a reply to a reply answers the comment it sits under), with official the committee's answer to the topic
 */
export async function comment(actor: Actor, topicId: number, input: unknown) {
	const t = await findTopic(db, topicId);
	const user = requireMember(actor, t.communityId);
	const { body, parentId, official, confirmPersonal } = parseInput(
		CommentInput,
		dropBlank(filled(typeof input === 'string' ? { body: input } : input, 'body'), 'parentId', 'official', 'confirmPersonal')
	);
	checkPersonalInfo(body, confirmPersonal);
	if (official && !isCommittee(user, t.communityId)) {
		throw new ServiceError(403, 'forbidden', m.topic_err_official_committee(), { official: m.topic_err_official_committee() });
	}
	return db.transaction(async (tx) => {
		let parent: typeof table.topicComment.$inferSelect | undefined;
		if (parentId !== undefined) {
			[parent] = await tx
				.select()
				.from(table.topicComment)
				.where(and(eq(table.topicComment.id, parentId), eq(table.topicComment.topicId, t.id)));
			if (!parent || parent.state === 'deleted') throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { parentId: m.topic_err_parent() });
			if (parent.parentId !== null) {
				[parent] = await tx.select().from(table.topicComment).where(eq(table.topicComment.id, parent.parentId));
			}
		}
		// 先审后发: a resident's first comment may wait for the committee (staff never wait)
		const staff = hasRole(user, t.communityId, 'committee', 'grid', 'cadre');
		const state = (await firstPostWaits(tx, user, t.communityId, staff)) ? 'pending' : 'published';
		const [row] = await tx
			.insert(table.topicComment)
			.values({ communityId: t.communityId, topicId: t.id, userId: user.id, parentId: parent?.id ?? null, official: official && !parent, body, state })
			.returning();
		if (state === 'published' && (parent || row.official)) {
			await notify(tx, {
				kind: 'comment_reply',
				actorId: user.id,
				topic: { id: t.id, communityId: t.communityId, title: t.title },
				commentId: row.id,
				parentAuthorId: parent?.userId ?? null,
				official: row.official,
				body
			});
		}
		return { ...row, authorName: user.name };
	});
}
