/** Invitations: outside parties by role and residents by name, each with a link of its own (no account needed). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import type { ParticipantRole } from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { inviteSchema } from './input';
import { editable, generateToken, invalid, linkExpiry, loadSession, tokenHashOf, type Invitation, type Q, type Session } from './session';

async function residentOf(q: Q, communityId: number, phoneNumber: string) {
	if (!phoneNumber) return null;
	const [row] = await q
		.select({ id: table.user.id, name: table.user.name })
		.from(table.user)
		.innerJoin(table.membership, eq(table.membership.userId, table.user.id))
		.where(
			and(
				eq(table.user.phone, phoneNumber),
				eq(table.membership.communityId, communityId),
				eq(table.membership.status, 'verified'),
				inArray(table.membership.role, ['resident', 'owner'])
			)
		)
		.limit(1);
	return row ?? null;
}

/**
 * Invites a person: an outside party by role, or a resident (linked to their account when the phone
 * number is a verified resident's). Returns the link's token, which is shown this once and kept only as a hash.
 */
export async function invite(actor: Actor, sessionId: number, input: unknown): Promise<{ invitation: Invitation; token: string }> {
	const { session, user } = await editable(actor, sessionId);
	const data = parseInput(inviteSchema, dropBlank(input));
	const role: ParticipantRole = data.kind === 'resident' ? 'resident' : data.role!;
	const token = generateToken();
	try {
		const invitation = await db.transaction(async (tx) => {
			const resident = data.kind === 'resident' ? await residentOf(tx, session.communityId, data.phone) : null;
			const [row] = await tx
				.insert(table.sessionInvitation)
				.values({
					communityId: session.communityId,
					sessionId: session.id,
					kind: data.kind,
					role,
					organisation: data.organisation,
					name: data.name,
					phone: data.phone,
					userId: resident?.id ?? null,
					tokenHash: tokenHashOf(token),
					expiresAt: linkExpiry(session),
					createdById: user.id
				})
				.returning();
			await audit.record(tx, user, {
				communityId: session.communityId,
				action: 'session.invite',
				targetType: 'session',
				targetId: session.id,
				detail: { invitationId: row.id, role, organisation: row.organisation, name: row.name }
			});
			return row;
		});
		return { invitation, token };
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ phone: m.session_err_invited_twice() });
		throw e;
	}
}

/** an invitation of this session, else 404 */
export async function invitationOf(q: Q, session: Session, invitationId: number) {
	const [row] = await q
		.select()
		.from(table.sessionInvitation)
		.where(and(eq(table.sessionInvitation.id, invitationId), eq(table.sessionInvitation.sessionId, session.id)));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** A new link for an invitation (a lost or reprinted letter): the old link stops working. */
export async function reissue(actor: Actor, sessionId: number, invitationId: number): Promise<{ invitation: Invitation; token: string }> {
	const { session, user } = await editable(actor, sessionId);
	const token = generateToken();
	const invitation = await db.transaction(async (tx) => {
		const inv = await invitationOf(tx, session, invitationId);
		const [row] = await tx
			.update(table.sessionInvitation)
			.set({ tokenHash: tokenHashOf(token), expiresAt: linkExpiry(session), revokedAt: null })
			.where(eq(table.sessionInvitation.id, inv.id))
			.returning();
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.invite_reissue', targetType: 'session', targetId: session.id, detail: { invitationId, name: inv.name } });
		return row;
	});
	return { invitation, token };
}

/** withdraws an invitation: its link stops working */
export async function revoke(actor: Actor, sessionId: number, invitationId: number) {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		const inv = await invitationOf(tx, session, invitationId);
		await tx.update(table.sessionInvitation).set({ revokedAt: new Date() }).where(eq(table.sessionInvitation.id, inv.id));
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.invite_revoke', targetType: 'session', targetId: session.id, detail: { invitationId, name: inv.name } });
	});
}

/** the committee's list of invitations with their answers, and the answers counted */
export async function invitations(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	requireCommittee(actor, session.communityId);
	return invitationsOf(session);
}

/** the invitations of a session already authorised for the committee */
export async function invitationsOf(session: Pick<Session, 'id'>) {
	const rows = await db
		.select({
			id: table.sessionInvitation.id,
			kind: table.sessionInvitation.kind,
			role: table.sessionInvitation.role,
			organisation: table.sessionInvitation.organisation,
			name: table.sessionInvitation.name,
			phone: table.sessionInvitation.phone,
			userId: table.sessionInvitation.userId,
			expiresAt: table.sessionInvitation.expiresAt,
			rsvp: table.sessionInvitation.rsvp,
			delegateName: table.sessionInvitation.delegateName,
			respondedAt: table.sessionInvitation.respondedAt,
			revokedAt: table.sessionInvitation.revokedAt,
			checkedInAt: table.sessionAttendance.checkedInAt
		})
		.from(table.sessionInvitation)
		.leftJoin(table.sessionAttendance, eq(table.sessionAttendance.invitationId, table.sessionInvitation.id))
		.where(eq(table.sessionInvitation.sessionId, session.id))
		.orderBy(asc(table.sessionInvitation.id));
	const active = rows.filter((r) => !r.revokedAt);
	const summary = {
		invited: active.length,
		attend: active.filter((r) => r.rsvp === 'attend').length,
		delegate: active.filter((r) => r.rsvp === 'delegate').length,
		decline: active.filter((r) => r.rsvp === 'decline').length,
		pending: active.filter((r) => !r.rsvp).length
	};
	return { rows, summary };
}

