import { hash, verify } from '@node-rs/argon2';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import { db } from './db';
import * as table from './db/schema';

const DAY = 24 * 60 * 60 * 1000;
/** sessions last 30 days and slide forward when used in their second half */
const SESSION_LIFETIME = 30 * DAY;
const SESSION_RENEW_BEFORE = 15 * DAY;

export const SESSION_COOKIE = 'yst_session';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane
const ARGON2 = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON2);
export const verifyPassword = (passwordHash: string, password: string) =>
	verify(passwordHash, password, ARGON2).catch(() => false);

export function generateSessionToken(): string {
	// 160 bits of entropy
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	return encodeBase32LowerCaseNoPadding(bytes);
}

export const sessionIdOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createSession(token: string, userId: number) {
	const session: typeof table.session.$inferInsert = {
		id: sessionIdOf(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME)
	};
	await db.insert(table.session).values(session);
	return { id: session.id, userId, expiresAt: session.expiresAt! };
}

type Membership = Pick<typeof table.membership.$inferSelect, 'id' | 'communityId' | 'streetId' | 'role' | 'unitId' | 'gridId' | 'status'>;

/** the user's memberships as one JSON array, read in the same query as the session (one round trip per request) */
const membershipsJson = sql<Membership[]>`coalesce((
	select json_agg(json_build_object(
		'id', ${table.membership.id}, 'communityId', ${table.membership.communityId}, 'streetId', ${table.membership.streetId},
		'role', ${table.membership.role}, 'unitId', ${table.membership.unitId}, 'gridId', ${table.membership.gridId},
		'status', ${table.membership.status}) order by ${table.membership.id})
	from ${table.membership} where ${table.membership.userId} = ${table.user.id}), '[]'::json)`;

export async function validateSessionToken(token: string) {
	const sessionId = sessionIdOf(token);
	const [row] = await db
		.select({
			user: { id: table.user.id, phone: table.user.phone, name: table.user.name },
			session: table.session,
			memberships: membershipsJson
		})
		.from(table.session)
		.innerJoin(table.user, eq(table.session.userId, table.user.id))
		.where(eq(table.session.id, sessionId));
	if (!row) return { session: null, user: null };
	const { session } = row;
	if (Date.now() >= session.expiresAt.getTime()) {
		await db.delete(table.session).where(eq(table.session.id, session.id));
		return { session: null, user: null };
	}
	if (Date.now() >= session.expiresAt.getTime() - SESSION_RENEW_BEFORE) {
		session.expiresAt = new Date(Date.now() + SESSION_LIFETIME);
		await db
			.update(table.session)
			.set({ expiresAt: session.expiresAt })
			.where(eq(table.session.id, session.id));
	}
	// postgres.js parses json, PGlite too; a string would mean a driver that does not
	const memberships: Membership[] = typeof row.memberships === 'string' ? JSON.parse(row.memberships) : row.memberships;
	return { session, user: { ...row.user, memberships } };
}

export type SessionValidationResult = Awaited<ReturnType<typeof validateSessionToken>>;
export type SessionUser = NonNullable<SessionValidationResult['user']>;

export async function invalidateSession(sessionId: string) {
	await db.delete(table.session).where(eq(table.session.id, sessionId));
}

export async function invalidateAllSessions(userId: number, exceptSessionId?: string) {
	await db
		.delete(table.session)
		.where(
			exceptSessionId
				? and(eq(table.session.userId, userId), sql`${table.session.id} <> ${exceptSessionId}`)
				: eq(table.session.userId, userId)
		);
}

export function setSessionTokenCookie(event: RequestEvent, token: string, expiresAt: Date) {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionTokenCookie(event: RequestEvent) {
	event.cookies.set(SESSION_COOKIE, '', {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		path: '/',
		maxAge: 0
	});
}

/** The token a request carries: `Authorization: Bearer …` (API clients) or the session cookie (browsers). */
export function tokenOf(event: RequestEvent): string | null {
	const header = event.request.headers.get('authorization');
	if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
	return event.cookies.get(SESSION_COOKIE) ?? null;
}

// ---- sign-in throttling, in the database so that every instance shares it ----

const THROTTLE_WINDOW_MIN = 15;
export const THROTTLE_LIMITS = { phone: 5, ip: 30 } as const;

/** minutes until the key may try again, or 0 */
export async function lockedMinutes(key: string): Promise<number> {
	const [row] = await db
		.select({ lockedUntil: table.loginThrottle.lockedUntil })
		.from(table.loginThrottle)
		.where(eq(table.loginThrottle.key, key));
	if (!row?.lockedUntil) return 0;
	const ms = row.lockedUntil.getTime() - Date.now();
	return ms > 0 ? Math.ceil(ms / 60000) : 0;
}

/** one failed attempt, counted atomically; locks the key once it reaches its limit within the window */
export async function recordFailure(key: string, limit: number): Promise<void> {
	const window = sql.raw(`interval '${THROTTLE_WINDOW_MIN} minutes'`);
	const fresh = sql`${table.loginThrottle.windowStart} < now() - ${window}`;
	await db
		.insert(table.loginThrottle)
		.values({ key, failures: 1, windowStart: sql`now()`, lockedUntil: limit <= 1 ? sql`now() + ${window}` : null })
		.onConflictDoUpdate({
			target: table.loginThrottle.key,
			set: {
				failures: sql`case when ${fresh} then 1 else ${table.loginThrottle.failures} + 1 end`,
				windowStart: sql`case when ${fresh} then now() else ${table.loginThrottle.windowStart} end`,
				lockedUntil: sql`case when (case when ${fresh} then 1 else ${table.loginThrottle.failures} + 1 end) >= ${limit}
					then now() + ${window} else ${table.loginThrottle.lockedUntil} end`
			}
		});
}

export async function clearFailures(key: string): Promise<void> {
	await db.delete(table.loginThrottle).where(eq(table.loginThrottle.key, key));
}
