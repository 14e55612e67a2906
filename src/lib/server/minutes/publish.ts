/** Publishing the minutes: versions that never change, each a correction of the one before with its reason. */
import { eq } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { m } from '$lib/paraglide/messages';
import * as doc from '$lib/domain/minutes';
import { canTransition } from '$lib/domain/topic-status';
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import { notify } from '../notify';
import * as topics from '../topics';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import * as sessions from '../sessions';
import { publishSchema } from './input';
import { latestVersion, managed, requireHeld, zh } from './session';
import { assembleNow, opinionOf, writeOpinion } from './draft';

/** hex SHA-256 of a stored content text: anyone can check a version against its published hash */
export const hashOf = (content: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(content)));

/**
 * Publishes the minutes as they stand: the first version, or a correction with its reason. The stored
 * content is the canonical text and the hash is of exactly that text; earlier versions are never touched.
 * Topics with resolutions in this session move on to 落实中.
 */
export async function publish(actor: Actor, sessionId: number, input: unknown): Promise<{ id: number; version: number; contentHash: string }> {
	const { session: found, user } = await managed(actor, sessionId);
	// a JSON list or null is no set of fields (valibot's object would take [] as one with none of them)
	const data = parseInput(publishSchema, Array.isArray(input) ? null : input);
	requireHeld(found);
	const community = await communities.get(found.communityId);
	return db.transaction(async (tx) => {
		// one publisher at a time per session: the session row is the lock
		const session = await sessions.lockSession(tx, found.id);
		const latest = await latestVersion(session.id, tx);
		if (latest && !data.reason) throw new ServiceError(400, 'invalid_input', m.mins_err_reason(), { reason: m.mins_err_reason() });
		let opinion = await opinionOf(session.id, tx);
		if (data.opinion !== undefined && data.opinion !== opinion) {
			opinion = data.opinion;
			await writeOpinion(tx, session, opinion);
		}
		const document = await assembleNow(session, community.name, opinion, tx);
		const content = doc.canonical(document);
		const contentHash = hashOf(content);
		if (latest && latest.contentHash === contentHash) throw new ServiceError(409, 'unchanged', m.mins_err_unchanged());
		const version = (latest?.version ?? 0) + 1;
		const [row] = await tx
			.insert(table.minutesVersion)
			.values({
				communityId: session.communityId,
				sessionId: session.id,
				version,
				content,
				contentHash,
				reason: latest ? data.reason : null,
				publishedById: user.id,
				publishedByName: user.name
			})
			.returning({ id: table.minutesVersion.id });
		if (!latest) {
			const topicIds = await tx
				.selectDistinct({ id: table.resolution.topicId })
				.from(table.resolution)
				.where(eq(table.resolution.sessionId, session.id));
			for (const t of topicIds) {
				if (!t.id) continue;
				const [topic] = await tx.select({ status: table.topic.status }).from(table.topic).where(eq(table.topic.id, t.id));
				if (topic && canTransition(topic.status, 'implementing')) {
					await topics.advance(tx, user, t.id, 'implementing', m.mins_topic_note_implementing({ title: session.title }, zh));
				}
			}
		}
		await audit.record(tx, user, {
			communityId: session.communityId,
			action: latest ? 'minutes.correct' : 'minutes.publish',
			targetType: 'session',
			targetId: session.id,
			detail: { version, contentHash, ...(latest ? { reason: data.reason } : {}) }
		});
		// those who were there confirm what the minutes say of them; a correction asks them again
		await notify(tx, { kind: 'minutes_published', actorId: user.id, session, version });
		return { id: row.id, version, contentHash };
	});
}
