/**
 * 关注: a person follows a topic, session, vote, plan or request they may read, and hears about it in their inbox.
 * Whether one may follow is whether one may read it, asked of the record's own domain; a record one may not read
 * is not found (404), so following cannot tell whether another community's vote exists.
 *
 * Kept apart from the notify index: it reads the domains, which themselves call notify().
 */
import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { FOLLOW_TARGETS, type FollowTarget } from '../db/schema';
import { requireReader, requireUser, type Actor } from '../access';
import * as communities from '../communities';
import { isServiceError, ServiceError } from '../errors';
import * as plans from '../plans/records';
import * as requests from '../requests/records';
import * as sessions from '../sessions/session';
import * as topics from '../topics/records';
import * as votes from '../votes/lifecycle';

const notFound = () => new ServiceError(404, 'not_found', m.err_not_found());

/** the target type named in an address; anything else is not found */
export function targetType(value: string | undefined): FollowTarget {
	if (!FOLLOW_TARGETS.includes(value as FollowTarget)) throw notFound();
	return value as FollowTarget;
}

/** the community of a record the actor may read; 401 signed out, 404 when there is none or it is not theirs to read */
async function readableIn(actor: Actor, type: FollowTarget, id: number): Promise<number> {
	requireUser(actor);
	try {
		switch (type) {
			case 'topic': {
				const t = await topics.findTopic(db, id);
				requireReader(actor, await communities.get(t.communityId));
				return t.communityId;
			}
			case 'vote':
				return (await votes.readable(actor, id)).vote.communityId;
			case 'session':
				return (await sessions.readable(actor, id)).session.communityId;
			case 'plan':
				return (await plans.readable(actor, id)).plan.communityId;
			case 'request': {
				const r = await requests.findRequest(db, id);
				await requests.requireViewer(db, actor, r);
				return r.communityId;
			}
		}
	} catch (e) {
		if (isServiceError(e) && e.status === 403) throw notFound();
		throw e;
	}
}

const row = (userId: number, type: FollowTarget, id: number) =>
	and(eq(table.follow.userId, userId), eq(table.follow.targetType, type), eq(table.follow.targetId, id));

export async function isFollowing(actor: Actor, type: FollowTarget, id: number): Promise<boolean> {
	if (!actor) return false;
	const [found] = await db.select({ id: table.follow.targetId }).from(table.follow).where(row(actor.id, type, id));
	return found !== undefined;
}

/** whether the actor follows a record they may read */
export async function status(actor: Actor, type: FollowTarget, id: number) {
	await readableIn(actor, type, id);
	return { following: await isFollowing(actor, type, id) };
}

/** follows a record the actor may read; following it again changes nothing */
export async function follow(actor: Actor, type: FollowTarget, id: number) {
	const communityId = await readableIn(actor, type, id);
	await db
		.insert(table.follow)
		.values({ userId: actor!.id, targetType: type, targetId: id, communityId })
		.onConflictDoNothing();
	return { following: true };
}

/** stops following; one may always stop following what one follows, even after losing sight of it */
export async function unfollow(actor: Actor, type: FollowTarget, id: number) {
	const user = requireUser(actor);
	const gone = await db.delete(table.follow).where(row(user.id, type, id)).returning({ id: table.follow.targetId });
	if (gone.length === 0) await readableIn(actor, type, id);
	return { following: false };
}
