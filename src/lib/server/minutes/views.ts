/** Reading published minutes: every version with its hash and changes, one version, and the A4 public notice. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as doc from '$lib/domain/minutes';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as resolutions from '../resolutions';
import { ServiceError } from '../errors';
import * as sessions from '../sessions';
import { parse, sessionSummary } from './session';
import { hashOf } from './publish';
import { attendanceOfUser, confirmationsOf } from './confirmations';

/** every published version, oldest first, with its confirmations and what changed from the one before */
async function versionsOf(sessionId: number) {
	const rows = await db
		.select()
		.from(table.minutesVersion)
		.where(eq(table.minutesVersion.sessionId, sessionId))
		.orderBy(asc(table.minutesVersion.version));
	const confirmations = await confirmationsOf(sessionId);
	return rows.map((r, i) => {
		const document = parse(r.content);
		return {
			id: r.id,
			version: r.version,
			contentHash: r.contentHash,
			/** the stored text still hashes to the published hash */
			intact: hashOf(r.content) === r.contentHash,
			reason: r.reason,
			publishedAt: r.publishedAt,
			publishedByName: r.publishedByName,
			document,
			changes: i === 0 ? [] : doc.diff(parse(rows[i - 1].content), document),
			confirmations: confirmations.filter((c) => c.versionId === r.id)
		};
	});
}

/**
 * The public minutes page: every published version, newest first, each with its hash, reason and what
 * changed from the one before, the confirmations, and whether this reader may confirm the latest.
 */
export async function published(actor: Actor, sessionId: number) {
	const { session, community, user, committee } = await sessions.readable(actor, sessionId);
	const [versions, me] = await Promise.all([versionsOf(session.id), attendanceOfUser(session.id, user.id)]);
	const latest = versions.at(-1) ?? null;
	const confirmed = latest && me ? latest.confirmations.some((c) => c.attendanceId === me.id) : false;
	return {
		community: { id: community.id, name: community.name },
		session: sessionSummary(session),
		versions: versions.reverse(),
		canConfirm: Boolean(latest && me && !confirmed),
		confirmed,
		attendee: Boolean(me),
		canManage: committee
	};
}

/** one version as published (for the API and the notice) */
export async function version(actor: Actor, sessionId: number, versionNo: number) {
	const { session } = await sessions.readable(actor, sessionId);
	const found = (await versionsOf(session.id)).find((x) => x.version === versionNo);
	if (!found) throw new ServiceError(404, 'not_found', m.err_not_found());
	return found;
}

/** the A4 public notice (公示): the latest version with its resolutions' current status */
export async function notice(actor: Actor, sessionId: number) {
	const { session, community } = await sessions.readable(actor, sessionId);
	const [versions, list] = await Promise.all([versionsOf(session.id), resolutions.listOf(session)]);
	const latest = versions.at(-1);
	if (!latest) throw new ServiceError(404, 'not_published', m.mins_err_not_published());
	return {
		community: { id: community.id, name: community.name },
		session: sessionSummary(session),
		latest,
		versionCount: versions.length,
		resolutions: list
	};
}

/** an agenda item of the community, for starting a vote from it (votes/new?agendaItem=) */
export async function agendaItem(actor: Actor, communityId: number, itemId: number) {
	requireCommittee(actor, communityId);
	const [row] = await db
		.select({
			id: table.sessionAgendaItem.id,
			title: table.sessionAgendaItem.title,
			topicId: table.sessionAgendaItem.topicId,
			sessionId: table.deliberationSession.id,
			sessionTitle: table.deliberationSession.title
		})
		.from(table.sessionAgendaItem)
		.innerJoin(table.deliberationSession, eq(table.deliberationSession.id, table.sessionAgendaItem.sessionId))
		.where(and(eq(table.sessionAgendaItem.id, itemId), eq(table.sessionAgendaItem.communityId, communityId)));
	return row ?? null;
}
