/** 签到: who came, by their own link or account or marked by the committee, counted against the quorum. */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { shanghaiTime } from '$lib/time';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireUser, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as live from '../live';
import { isUniqueViolation, ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { blankToNull, markSchema } from './input';
import { CHECKIN_OPENS_MINUTES, invalid, loadSession, readable, type Q, type Session, type User } from './session';
import { invitationOf } from './invitations';

/** check-in is open from CHECKIN_OPENS_MINUTES before the start, or as soon as the committee starts the session */
export function checkinWindow(session: Session, now = Date.now()): { open: boolean; opensAt: Date } {
	const opensAt = new Date(session.startsAt.getTime() - CHECKIN_OPENS_MINUTES * 60_000);
	const open = session.status === 'in_progress' || (session.status === 'published' && now >= opensAt.getTime());
	return { open, opensAt };
}

export function requireCheckinOpen(session: Session) {
	const w = checkinWindow(session);
	if (w.open) return;
	if (session.status === 'published') throw new ServiceError(409, 'checkin_not_open', m.session_err_checkin_early({ at: shanghaiTime(w.opensAt) }));
	throw new ServiceError(409, 'checkin_closed', m.session_err_checkin_closed());
}

type AttendanceInput = Omit<typeof table.sessionAttendance.$inferInsert, 'id' | 'communityId' | 'sessionId' | 'checkedInAt'>;

/** one check-in, announced to the live board; a second of the same person is refused */
export async function insertAttendance(session: Session, values: AttendanceInput, audited?: User) {
	try {
		const row = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(table.sessionAttendance)
				.values({ communityId: session.communityId, sessionId: session.id, ...values })
				.returning();
			if (audited) {
				await audit.record(tx, audited, { communityId: session.communityId, action: 'session.attendance_mark', targetType: 'session', targetId: session.id, detail: { attendanceId: row.id, name: row.name, role: row.role } });
			}
			return row;
		});
		await live.notify(session.id);
		return row;
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_checked_in', m.session_err_checked_in());
		throw e;
	}
}

/**
 * 签到 by a signed-in person: invited by name, or (an open session) any verified resident of the
 * community; community staff (committee, cadres, grid workers) check in as 社区工作人员.
 */
export async function checkIn(actor: Actor, sessionId: number) {
	const user = requireUser(actor);
	const session = await loadSession(sessionId);
	const community = await communities.get(session.communityId);
	requireReader(user, community);
	if (session.status === 'draft') throw new ServiceError(404, 'not_found', m.err_not_found());
	const [inv] = await db
		.select()
		.from(table.sessionInvitation)
		.where(and(eq(table.sessionInvitation.sessionId, session.id), eq(table.sessionInvitation.userId, user.id), isNull(table.sessionInvitation.revokedAt)));
	const staff = hasRole(user, community.id, 'committee', 'cadre', 'grid');
	const resident = hasRole(user, community.id, 'resident', 'owner');
	if (!inv && !staff && !(resident && session.openToResidents)) {
		throw new ServiceError(403, resident ? 'not_invited' : 'not_verified', resident ? m.session_err_not_invited() : m.err_not_verified());
	}
	requireCheckinOpen(session);
	return insertAttendance(session, {
		userId: user.id,
		invitationId: inv?.id ?? null,
		name: user.name,
		role: inv?.role ?? (staff ? 'staff' : 'resident'),
		organisation: inv?.organisation ?? '',
		method: 'self',
		recordedById: null
	});
}

/** The committee marks someone present by hand: an invitee from the list, or a person named at the door. */
export async function mark(actor: Actor, sessionId: number, input: unknown) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	if (session.status !== 'published' && session.status !== 'in_progress') throw new ServiceError(409, 'checkin_closed', m.session_err_checkin_closed());
	const data = parseInput(markSchema, blankToNull(input, ['invitationId']));
	if (data.invitationId) {
		const inv = await invitationOf(db, session, data.invitationId);
		if (inv.revokedAt) throw invalid({ invitationId: m.session_err_token_revoked() });
		const name = inv.rsvp === 'delegate' && inv.delegateName ? inv.delegateName : inv.name;
		return insertAttendance(session, { invitationId: inv.id, userId: inv.userId, name, role: inv.role, organisation: inv.organisation, method: 'committee', recordedById: user.id }, user);
	}
	return insertAttendance(session, { invitationId: null, userId: null, name: data.name, role: data.role, organisation: data.organisation, method: 'committee', recordedById: user.id }, user);
}

/** takes back a wrong check-in (committee) */
export async function unmark(actor: Actor, sessionId: number, attendanceId: number) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(table.sessionAttendance)
			.where(and(eq(table.sessionAttendance.id, attendanceId), eq(table.sessionAttendance.sessionId, session.id)))
			.returning();
		if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.attendance_unmark', targetType: 'session', targetId: session.id, detail: { attendanceId, name: row.name, role: row.role } });
	});
	await live.notify(session.id);
}

/** attendance counted by role, against the quorum rule when there is one */
export async function attendanceSummary(session: Pick<Session, 'id' | 'quorumMin'>, q: Q = db) {
	const rows = await q
		.select({ role: table.sessionAttendance.role, n: count() })
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.sessionId, session.id))
		.groupBy(table.sessionAttendance.role);
	const order = new Map(table.PARTICIPANT_ROLES.map((r, i) => [r, i]));
	const byRole = rows.map((r) => ({ role: r.role, n: r.n })).sort((a, b) => order.get(a.role)! - order.get(b.role)!);
	const total = byRole.reduce((s, r) => s + r.n, 0);
	return { total, byRole, quorumMin: session.quorumMin, quorate: session.quorumMin === null ? null : total >= session.quorumMin };
}

/** everyone who checked in, in the order they came (the attendance list and the minutes' attendees) */
export async function attendeesOf(sessionId: number, q: Q = db) {
	return q
		.select({
			id: table.sessionAttendance.id,
			name: table.sessionAttendance.name,
			role: table.sessionAttendance.role,
			organisation: table.sessionAttendance.organisation,
			method: table.sessionAttendance.method,
			invitationId: table.sessionAttendance.invitationId,
			userId: table.sessionAttendance.userId,
			checkedInAt: table.sessionAttendance.checkedInAt
		})
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.sessionId, sessionId))
		.orderBy(asc(table.sessionAttendance.checkedInAt), asc(table.sessionAttendance.id));
}

/** who checked in (committee: everyone with method; others: names and roles of outside parties, residents counted) */
export async function attendance(actor: Actor, sessionId: number) {
	const { session, committee } = await readable(actor, sessionId);
	return attendanceOf(session, committee);
}

/** the attendance of a session already authorised; `committee` says whether the reader sees residents by name */
export async function attendanceOf(session: Pick<Session, 'id' | 'quorumMin'>, committee: boolean) {
	const [summary, rows] = await Promise.all([attendanceSummary(session), attendeesOf(session.id)]);
	return { summary, rows: committee ? rows : rows.filter((r) => r.role !== 'resident') };
}
