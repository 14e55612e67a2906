/** Comments on a topic, by anyone with a verified role in its community. */
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import { filled, parseInput } from '../http/validate';
import { CommentInput } from './input';
import { findTopic, requireMember } from './records';

/** a comment by anyone with a verified role in the topic's community */
export async function comment(actor: Actor, topicId: number, input: unknown) {
	const t = await findTopic(db, topicId);
	const user = requireMember(actor, t.communityId);
	const { body } = parseInput(CommentInput, filled(typeof input === 'string' ? { body: input } : input, 'body'));
	const [row] = await db
		.insert(table.topicComment)
		.values({ communityId: t.communityId, topicId: t.id, userId: user.id, body })
		.returning();
	return { ...row, authorName: user.name };
}
