/** Invitations: outside parties by role and residents by name, each with a link of its own (no account needed). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { shanghaiTime } from '$lib/time';
import { m } from '$lib/paraglide/messages';
import { db, type Tx } from '../db';
import type { SessionUser } from '../auth';
import * as communities from '../communities';
import * as sms from '../notify/sms';
import { told } from './lifecycle';
import * as table from '../db/schema';
import type { ParticipantRole } from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { isServiceError, isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { inviteSchema } from './input';
import { editable, generateToken, invalid, invitationUrl, linkExpiry, loadSession, tokenHashOf, type Invitation, type Q, type Session } from './session';

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
	try {
		return await db.transaction((tx) => inviteOne(tx, session, user, data));
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ phone: m.session_err_invited_twice() });
		throw e;
	}
}

/** the rows of the several-people form: name_0, role_0, organisation_0, phone_0, kind_0, … */
export const MANY_ROWS = 6;

/**
 * Invites several people at once (the form with several rows). Blank rows are skipped; a row with a mistake
 * keeps every row from being invited, and the message stands beside that row's field (name_2, phone_2…).
 */
export async function inviteMany(actor: Actor, sessionId: number, input: Record<string, unknown>): Promise<{ invitation: Invitation; token: string }[]> {
	const { session, user } = await editable(actor, sessionId);
	const rows: { index: number; data: v.InferOutput<typeof inviteSchema> }[] = [];
	const fields: Record<string, string> = {};
	for (let i = 0; i < MANY_ROWS; i++) {
		const raw = (k: string) => (typeof input[`${k}_${i}`] === 'string' ? (input[`${k}_${i}`] as string) : '');
		const row = { kind: raw('kind') || 'party', role: raw('role'), organisation: raw('organisation'), name: raw('name'), phone: raw('phone') };
		if (!row.name.trim() && !row.organisation.trim() && !row.phone.trim()) continue;
		// the one check of every form (text the database cannot store included), its messages moved to this row's fields
		try {
			rows.push({ index: i, data: parseInput(inviteSchema, dropBlank(row)) });
		} catch (e) {
			if (!isServiceError(e)) throw e;
			for (const [k, message] of Object.entries(e.fields ?? {})) fields[`${k}_${i}`] ??= message;
			if (!e.fields || Object.keys(e.fields).length === 0) fields[`name_${i}`] ??= e.message;
		}
	}
	if (rows.length === 0 && Object.keys(fields).length === 0) fields.name_0 = m.session_err_invite_none();
	if (Object.keys(fields).length > 0) throw invalid(fields);
	let current = rows[0].index;
	try {
		return await db.transaction(async (tx) => {
			const out = [];
			for (const r of rows) {
				current = r.index;
				out.push(await inviteOne(tx, session, user, r.data));
			}
			return out;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ [`phone_${current}`]: m.session_err_invited_twice() });
		throw e;
	}
}

async function inviteOne(tx: Tx, session: Session, user: SessionUser, data: v.InferOutput<typeof inviteSchema>) {
	const role: ParticipantRole = data.kind === 'resident' ? 'resident' : data.role!;
	const token = generateToken();
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
			linkToken: token,
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
	return { invitation: row, token };
}

/**
 * Sends the invitation letter by SMS to the phone on the invitation, with the link as it stands: sending again
 * sends the same link (it keeps working). A link already used is no longer kept, and an invitation without a
 * phone has nowhere to go: both are refused with a message saying what to do.
 */
export async function sendLetter(actor: Actor, sessionId: number, invitationId: number, origin: string) {
	const { session, user } = await editable(actor, sessionId);
	const inv = await invitationOf(db, session, invitationId);
	if (inv.revokedAt) throw new ServiceError(409, 'invitation_revoked', m.session_err_send_revoked());
	if (!inv.phone) throw new ServiceError(409, 'no_phone', m.session_err_send_no_phone(), { phone: m.session_err_send_no_phone() });
	if (!inv.linkToken) throw new ServiceError(409, 'link_used', m.session_err_send_used());
	const community = await communities.get(session.communityId);
	const { place } = await told(db, session);
	const sent = await sms.sendSms(inv.phone, 'invitation_letter', {
		name: inv.name,
		community: community.name,
		title: session.title,
		time: shanghaiTime(session.startsAt),
		place: place || m.inbox_place_unknown({}, { locale: 'zh-CN' }),
		url: invitationUrl(origin, inv.linkToken)
	});
	await db.transaction((tx) =>
		audit.record(tx, user, { communityId: session.communityId, action: 'session.invite_sms', targetType: 'session', targetId: session.id, detail: { invitationId, name: inv.name } })
	);
	return { sent: true, to: sms.maskPhone(sent.to), sentAt: sent.sentAt };
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
			.set({ tokenHash: tokenHashOf(token), linkToken: token, expiresAt: linkExpiry(session), revokedAt: null })
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
			/** the link's token while it is unused (the committee may send the letter again); null once used */
			linkToken: table.sessionInvitation.linkToken,
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

