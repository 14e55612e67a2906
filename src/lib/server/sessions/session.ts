/** A session record: loading it, who may read or change it, and the links its invitations carry. */
import { eq } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { m } from '$lib/paraglide/messages';
import { DAY_MS } from '$lib/time';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import type { SessionStatus } from '../db/schema';
import { hasRole, requireCommittee, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import { ServiceError } from '../errors';

export type Session = typeof table.deliberationSession.$inferSelect;
export type Invitation = typeof table.sessionInvitation.$inferSelect;
export type Q = DB | Tx;
export type User = NonNullable<Actor>;

/** invitation links stay valid this long after the session ends, so invitees can confirm the minutes */
export const LINK_DAYS_AFTER_END = 30;
/** check-in opens this long before the start (the committee's 开始会议 opens it at once) */
export const CHECKIN_OPENS_MINUTES = 120;
/** statuses in which the session can still be changed */
const EDITABLE: readonly SessionStatus[] = ['draft', 'published', 'in_progress'];

export const invalid = (fields: Record<string, string>) => new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);

// ---------- tokens ----------

/** an invitation link's token: 160 random bits, base32 (like sign-in tokens) */
export function generateToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}
export const tokenHashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
export const invitationUrl = (origin: string, token: string) => `${origin}/i/${token}`;

export const linkExpiry = (s: Pick<Session, 'endsAt'>) => new Date(s.endsAt.getTime() + LINK_DAYS_AFTER_END * DAY_MS);

// ---------- loading and access ----------

/** the session row, for this domain and the minutes: 404 when there is none (no access check) */
export async function loadSession(sessionId: number, q: Q = db): Promise<Session> {
	const [row] = await q.select().from(table.deliberationSession).where(eq(table.deliberationSession.id, sessionId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

export async function lockSession(tx: Tx, sessionId: number): Promise<Session> {
	const [row] = await tx
		.select()
		.from(table.deliberationSession)
		.where(eq(table.deliberationSession.id, sessionId))
		.for('update');
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** a session the actor may read: the community's readers see it once published; drafts are the committee's */
export async function readable(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	const community = await communities.get(session.communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, community.id, 'committee');
	if (session.status === 'draft' && !committee) throw new ServiceError(404, 'not_found', m.err_not_found());
	return { session, community, user, committee };
}

/** a session the committee may still change (draft, published or under way) */
export async function editable(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	if (!EDITABLE.includes(session.status)) throw new ServiceError(409, 'session_closed', m.session_err_not_editable());
	return { session, user };
}

/** the session under /c/{cid}/sessions/{id}: 404 when it belongs to another community */
export async function checkPath(sessionId: number, communityId: number) {
	const session = await loadSession(sessionId);
	if (session.communityId !== communityId) throw new ServiceError(404, 'not_found', m.err_not_found());
	return session;
}

