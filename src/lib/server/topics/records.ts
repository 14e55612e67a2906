/**
 * The topic record itself: finding it, who may do what in its community, and its public timeline.
 * Inside the domain these take the records already loaded; only the public functions authorise.
 */
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { DB, Tx } from '../db';
import * as table from '../db/schema';
import type { TopicStatus } from '../db/schema';
import { hasRole, requireUser, rolesIn, type Actor } from '../access';
import type { SessionUser } from '../auth';
import { ServiceError } from '../errors';

export type Topic = typeof table.topic.$inferSelect;
export type Q = Tx | DB;

/** the public record (timeline notes) is written in the base language, whoever is reading */
export const RECORD = { locale: 'zh-CN' } as const;

// ---- who may do what ----

/** a pending or rejected registration gets "not yet verified", anyone else "forbidden" */
function refuse(user: SessionUser, communityId: number): never {
	if (user.memberships.some((ms) => ms.communityId === communityId && ms.status !== 'verified')) {
		throw new ServiceError(403, 'not_verified', m.err_not_verified());
	}
	throw new ServiceError(403, 'forbidden', m.err_forbidden());
}

/** any verified role in the community: may comment */
export function requireMember(actor: Actor, communityId: number): SessionUser {
	const user = requireUser(actor);
	if (rolesIn(user, communityId).size === 0) refuse(user, communityId);
	return user;
}

const PROPOSERS = ['resident', 'owner', 'grid', 'committee'] as const;

export function requireProposer(actor: Actor, communityId: number): SessionUser {
	const user = requireUser(actor);
	if (!hasRole(user, communityId, ...PROPOSERS)) {
		if (rolesIn(user, communityId).size > 0) throw new ServiceError(403, 'forbidden', m.topic_err_propose_role());
		refuse(user, communityId);
	}
	return user;
}

export const canPropose = (actor: Actor, communityId: number) => hasRole(actor, communityId, ...PROPOSERS);
export const isCommittee = (actor: Actor, communityId: number) => hasRole(actor, communityId, 'committee');

export async function findTopic(q: Q, topicId: number, lock = false): Promise<Topic> {
	const query = q.select().from(table.topic).where(eq(table.topic.id, topicId));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

export async function addEvent(
	q: Q,
	t: Pick<Topic, 'id' | 'communityId'>,
	actor: Actor,
	e: { kind: string; fromStatus?: TopicStatus | null; toStatus?: TopicStatus | null; note?: string }
) {
	await q.insert(table.topicEvent).values({
		communityId: t.communityId,
		topicId: t.id,
		kind: e.kind,
		fromStatus: e.fromStatus ?? null,
		toStatus: e.toStatus ?? null,
		actorId: actor?.id ?? null,
		actorName: actor?.name ?? '',
		note: e.note ?? ''
	});
}


/** a list read back as JSON in the same statement as its topic; PostgreSQL writes timestamps in ISO 8601 with the offset */
export function fromJson<T>(value: unknown): T {
	return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
