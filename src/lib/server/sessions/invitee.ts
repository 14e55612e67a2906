/** What an invitation's link opens, without an account: the session, the answer (RSVP), materials, check-in, the letter. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { render } from '../notify/render';
import { m } from '$lib/paraglide/messages';
import { qrSvg } from '../qr';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireCommittee, type Actor } from '../access';
import * as live from '../live';
import { isUniqueViolation, ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { rsvpSchema } from './input';
import { generateToken, invitationUrl, linkExpiry, loadSession, readable, tokenHashOf, type Invitation, type Q, type Session } from './session';
import { invitationOf } from './invitations';
import { checkinWindow, insertAttendance, requireCheckinOpen } from './attendance';
import { materialFile } from './materials';
import { sessionView } from './views';

/** The printable 邀请函: only for the token just shown (it is checked against the stored hash). */
export async function letter(actor: Actor, sessionId: number, invitationId: number, token: string, origin: string) {
	const session = await loadSession(sessionId);
	requireCommittee(actor, session.communityId);
	const inv = await invitationOf(db, session, invitationId);
	if (typeof token !== 'string' || tokenHashOf(token) !== inv.tokenHash) {
		throw new ServiceError(409, 'stale_link', m.session_err_letter_token());
	}
	const url = invitationUrl(origin, token);
	return { ...(await sessionView(session)), invitation: inv, url, qr: await qrSvg(url) };
}

/**
 * The invitation a link's token opens. A wrong token is 404 and an expired or withdrawn one 410, each
 * with a Chinese message and nothing about the session.
 */
export async function resolveToken(token: string, q: Q = db): Promise<{ invitation: Invitation; session: Session }> {
	if (typeof token !== 'string' || !/^[a-z2-7]{20,64}$/.test(token)) throw new ServiceError(404, 'invitation_invalid', m.session_err_token_invalid());
	const [inv] = await q.select().from(table.sessionInvitation).where(eq(table.sessionInvitation.tokenHash, tokenHashOf(token)));
	if (!inv) throw new ServiceError(404, 'invitation_invalid', m.session_err_token_invalid());
	if (inv.revokedAt) throw gone(m.session_err_token_revoked());
	if (inv.expiresAt.getTime() <= Date.now()) throw gone(m.session_err_token_expired());
	const session = await loadSession(inv.sessionId, q);
	if (session.status === 'draft') throw new ServiceError(404, 'invitation_invalid', m.session_err_token_not_yet());
	return { invitation: inv, session };
}

const gone = (message: string) => new ServiceError(410, 'invitation_expired', message);

/** what the invitee sees: their session only */
export async function byToken(token: string) {
	const { invitation, session } = await resolveToken(token);
	const [att] = await db
		.select({ checkedInAt: table.sessionAttendance.checkedInAt })
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.invitationId, invitation.id));
	return {
		...(await sessionView(session)),
		invitation: {
			id: invitation.id,
			name: invitation.name,
			role: invitation.role,
			organisation: invitation.organisation,
			rsvp: invitation.rsvp,
			delegateName: invitation.delegateName,
			respondedAt: invitation.respondedAt,
			expiresAt: invitation.expiresAt
		},
		checkedInAt: att?.checkedInAt ?? null,
		inbox: await inviteeInbox(invitation.id),
		canRsvp: session.status === 'published' || session.status === 'in_progress',
		checkin: checkinWindow(session)
	};
}

/** what the invitee was told about this session (announced, moved, reminded, minutes), newest first, in their language */
async function inviteeInbox(invitationId: number) {
	const i = table.invitationInboxItem;
	const rows = await db.select().from(i).where(eq(i.invitationId, invitationId)).orderBy(desc(i.id)).limit(50);
	return rows.map((r) => ({ id: r.id, kind: r.kind, ...render(r.kind, r.params), createdAt: r.createdAt }));
}

export async function rsvp(token: string, input: unknown) {
	const data = parseInput(rsvpSchema, input);
	const { invitation, session } = await resolveToken(token);
	if (session.status !== 'published' && session.status !== 'in_progress') throw new ServiceError(409, 'rsvp_closed', m.session_err_rsvp_closed());
	const [row] = await db
		.update(table.sessionInvitation)
		.set({ rsvp: data.answer, delegateName: data.answer === 'delegate' ? data.delegateName : null, respondedAt: new Date(), linkToken: null })
		.where(eq(table.sessionInvitation.id, invitation.id))
		.returning();
	await live.notify(session.id);
	return { rsvp: row.rsvp, delegateName: row.delegateName, respondedAt: row.respondedAt };
}

/**
 * A signed-in resident answers on the session page: one invited by name updates their invitation; in a
 * session open to all residents, a verified resident's answer adds them to the list (without a link:
 * they use their account).
 */
export async function rsvpAsUser(actor: Actor, sessionId: number, input: unknown) {
	const { session, user } = await readable(actor, sessionId);
	const data = parseInput(rsvpSchema, input);
	if (session.status !== 'published' && session.status !== 'in_progress') throw new ServiceError(409, 'rsvp_closed', m.session_err_rsvp_closed());
	const answer = { rsvp: data.answer, delegateName: data.answer === 'delegate' ? data.delegateName : null, respondedAt: new Date() };
	const mine = and(eq(table.sessionInvitation.sessionId, session.id), eq(table.sessionInvitation.userId, user.id));
	const [updated] = await db.update(table.sessionInvitation).set(answer).where(and(mine, isNull(table.sessionInvitation.revokedAt))).returning();
	if (!updated) {
		const resident = hasRole(user, session.communityId, 'resident', 'owner');
		if (!resident || !session.openToResidents) throw new ServiceError(403, 'not_invited', m.session_err_not_invited());
		try {
			await db.insert(table.sessionInvitation).values({
				communityId: session.communityId,
				sessionId: session.id,
				kind: 'resident',
				role: 'resident',
				name: user.name,
				phone: user.phone,
				userId: user.id,
				// no link: the resident answers and checks in with their account
				tokenHash: tokenHashOf(generateToken()),
				expiresAt: linkExpiry(session),
				...answer
			});
		} catch (e) {
			// a withdrawn invitation stays withdrawn
			if (isUniqueViolation(e)) throw new ServiceError(403, 'not_invited', m.session_err_not_invited());
			throw e;
		}
	}
	await live.notify(session.id);
	return answer;
}

export async function materialByToken(token: string, materialId: number) {
	const { session } = await resolveToken(token);
	return materialFile(session.id, materialId);
}

export async function checkInByToken(token: string) {
	const { invitation, session } = await resolveToken(token);
	requireCheckinOpen(session);
	// someone sent in the invitee's place checks in under their own name
	const name = invitation.rsvp === 'delegate' && invitation.delegateName ? invitation.delegateName : invitation.name;
	// the link has been used: from now on only the invitee holds it, and the committee's copy is dropped
	await db.update(table.sessionInvitation).set({ linkToken: null }).where(eq(table.sessionInvitation.id, invitation.id));
	return insertAttendance(session, {
		invitationId: invitation.id,
		userId: invitation.userId,
		name,
		role: invitation.role,
		organisation: invitation.organisation,
		method: 'self',
		recordedById: null
	});
}
