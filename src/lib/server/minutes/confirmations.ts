/** Participants confirm the latest minutes: signed in, or through their invitation link, once they checked in. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { requireUser, type Actor } from '../access';
import * as communities from '../communities';
import { isUniqueViolation, ServiceError } from '../errors';
import * as sessions from '../sessions';
import { latestVersion, parse } from './session';

/** who confirmed which version, in the order they confirmed */
export async function confirmationsOf(sessionId: number) {
	return db
		.select({
			id: table.minutesConfirmation.id,
			versionId: table.minutesConfirmation.versionId,
			attendanceId: table.minutesConfirmation.attendanceId,
			name: table.minutesConfirmation.name,
			role: table.minutesConfirmation.role,
			organisation: table.minutesConfirmation.organisation,
			confirmedAt: table.minutesConfirmation.confirmedAt
		})
		.from(table.minutesConfirmation)
		.where(eq(table.minutesConfirmation.sessionId, sessionId))
		.orderBy(asc(table.minutesConfirmation.id));
}

/** the signed-in person's check-in at the session, if they came */
export async function attendanceOfUser(sessionId: number, userId: number) {
	const [row] = await db
		.select()
		.from(table.sessionAttendance)
		.where(and(eq(table.sessionAttendance.sessionId, sessionId), eq(table.sessionAttendance.userId, userId)));
	return row ?? null;
}

async function confirmAs(attendance: typeof table.sessionAttendance.$inferSelect) {
	const latest = await latestVersion(attendance.sessionId);
	if (!latest) throw new ServiceError(409, 'not_published', m.mins_err_not_published());
	try {
		const [row] = await db
			.insert(table.minutesConfirmation)
			.values({
				communityId: attendance.communityId,
				sessionId: attendance.sessionId,
				versionId: latest.id,
				attendanceId: attendance.id,
				userId: attendance.userId,
				invitationId: attendance.invitationId,
				name: attendance.name,
				role: attendance.role,
				organisation: attendance.organisation
			})
			.returning({ id: table.minutesConfirmation.id });
		return { id: row.id, version: latest.version };
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_confirmed', m.mins_err_already_confirmed());
		throw e;
	}
}

/** A signed-in participant who checked in confirms the latest version of the minutes. */
export async function confirm(actor: Actor, sessionId: number) {
	const user = requireUser(actor);
	const { session } = await sessions.readable(actor, sessionId);
	const me = await attendanceOfUser(session.id, user.id);
	if (!me) throw new ServiceError(403, 'not_attendee', m.mins_err_not_attendee());
	return confirmAs(me);
}

async function attendanceOfInvitation(invitationId: number) {
	const [row] = await db.select().from(table.sessionAttendance).where(eq(table.sessionAttendance.invitationId, invitationId));
	return row ?? null;
}

/**
 * What an invitee sees through their link once minutes are published: the latest version only of their
 * own session, and whether they may confirm it (they checked in).
 */
export async function forInvitation(token: string) {
	// the sessions module decides what a link opens: wrong → 404, expired or withdrawn → 410
	const { invitation: inv, session } = await sessions.resolveToken(token);
	const [community, latest, attendance] = await Promise.all([
		communities.get(session.communityId),
		latestVersion(session.id),
		attendanceOfInvitation(inv.id)
	]);
	let confirmed = false;
	if (latest && attendance) {
		const [c] = await db
			.select({ id: table.minutesConfirmation.id })
			.from(table.minutesConfirmation)
			.where(and(eq(table.minutesConfirmation.versionId, latest.id), eq(table.minutesConfirmation.attendanceId, attendance.id)));
		confirmed = Boolean(c);
	}
	return {
		community: { name: community.name },
		session: { title: session.title, kind: session.kind, startsAt: session.startsAt },
		invitee: { name: attendance?.name ?? inv.name, organisation: inv.organisation, role: inv.role },
		latest: latest
			? { version: latest.version, contentHash: latest.contentHash, publishedAt: latest.publishedAt, reason: latest.reason, document: parse(latest.content) }
			: null,
		attended: Boolean(attendance),
		confirmed,
		canConfirm: Boolean(latest && attendance && !confirmed)
	};
}

/** An invitee who checked in confirms the latest version through their invitation link, without an account. */
export async function confirmByToken(token: string) {
	const { invitation } = await sessions.resolveToken(token);
	const attendance = await attendanceOfInvitation(invitation.id);
	if (!attendance) throw new ServiceError(403, 'not_attendee', m.mins_err_not_attendee());
	return confirmAs(attendance);
}

/** Confirmations per version, for the committee and the public page alike (names and roles, no phones). */
export async function confirmations(actor: Actor, sessionId: number) {
	const { session } = await sessions.readable(actor, sessionId);
	const versions = await db
		.select({ id: table.minutesVersion.id, version: table.minutesVersion.version })
		.from(table.minutesVersion)
		.where(eq(table.minutesVersion.sessionId, session.id));
	const byId = new Map(versions.map((x) => [x.id, x.version]));
	return (await confirmationsOf(session.id)).map(({ versionId, attendanceId: _a, ...c }) => ({ ...c, version: byId.get(versionId)! }));
}
