import { hash, verify } from '@node-rs/argon2';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { db, hot } from './db';
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
type Session = typeof table.session.$inferSelect;

/**
 * Every signed-in request runs this, so it is one hand-written statement (prepared once per connection, no query
 * building per request): the session, its user and the user's memberships as one JSON array, in one round trip.
 */
const SESSION_QUERY = `
	select u.id, u.phone, u.name, s.user_id,
		extract(epoch from s.expires_at)::float8 * 1000 as expires_ms,
		extract(epoch from s.created_at)::float8 * 1000 as created_ms,
		coalesce((select json_agg(json_build_object(
				'id', m.id, 'communityId', m.community_id, 'streetId', m.street_id, 'role', m.role,
				'unitId', m.unit_id, 'gridId', m.grid_id, 'status', m.status) order by m.id)
			from membership m where m.user_id = u.id), '[]'::json) as memberships
	from session s join "user" u on u.id = s.user_id
	where s.id = $1`;

interface SessionRow {
	id: number;
	phone: string;
	name: string;
	user_id: number;
	expires_ms: number;
	created_ms: number;
	memberships: Membership[] | string;
}

export async function validateSessionToken(token: string) {
	const sessionId = sessionIdOf(token);
	const [row] = await hot<SessionRow>(SESSION_QUERY, [sessionId]);
	if (!row) return { session: null, user: null };
	const session: Session = { id: sessionId, userId: row.user_id, expiresAt: new Date(row.expires_ms), createdAt: new Date(row.created_ms) };
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
	return { session, user: { id: row.id, phone: row.phone, name: row.name, memberships } };
}

/**
 * The request's user from its session token, as the hooks do for every request: sets locals.user/session and
 * slides the cookie's expiry (or deletes the cookie of a dead session).
 */
export async function authenticate(event: RequestEvent): Promise<void> {
	const token = tokenOf(event);
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return;
	}
	const { session, user } = await validateSessionToken(token);
	const fromCookie = event.cookies.get(SESSION_COOKIE) === token;
	if (session && fromCookie) setSessionTokenCookie(event, token, session.expiresAt);
	else if (!session && fromCookie) deleteSessionTokenCookie(event);
	event.locals.user = user;
	event.locals.session = session;
}

/** a session valid until at least this moment (epoch ms) does not need its expiry moved forward on this request */
export const noRenewalBefore = () => Date.now() + SESSION_RENEW_BEFORE;

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
	// (cookies are always there on a real request; a service test may hand over an event without them)
	return event.cookies?.get(SESSION_COOKIE) ?? null;
}

// ---- attempt throttling, in the database so that every instance shares it ----

/**
 * How a key is throttled: `free` attempts, then each further one locks the key, for 1 minute doubling per attempt
 * up to maxMinutes (or maxMinutes at once when not growing). The count is forgotten forgetMinutes after the last one.
 */
export interface ThrottleRule {
	free: number;
	maxMinutes: number;
	growing: boolean;
	forgetMinutes: number;
}

/** Sign-in rules; README "Sign-in throttling" explains them. */
export const THROTTLE = {
	/** one phone from one client address (or one known device): the guesser is slowed, not the owner */
	pair: { free: 5, maxMinutes: 15, growing: true, forgetMinutes: 60 },
	/** one client address over every phone */
	address: { free: 30, maxMinutes: 15, growing: true, forgetMinutes: 60 },
	/** one phone from everywhere: only a wide attack reaches this, and a known device still gets in */
	phone: { free: 100, maxMinutes: 15, growing: false, forgetMinutes: 60 }
} as const satisfies Record<string, ThrottleRule>;

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

/** the longest wait of several keys, or 0 */
export async function lockedMinutesOf(keys: string[]): Promise<number> {
	let most = 0;
	for (const key of keys) most = Math.max(most, await lockedMinutes(key));
	return most;
}

const int = (n: number) => sql.raw(String(Math.trunc(n)));

/** one attempt counted against the key, atomically; locks it as its rule says */
export async function recordFailure(key: string, rule: ThrottleRule): Promise<void> {
	const t = table.loginThrottle;
	const stale = sql`${t.lastAt} < now() - make_interval(mins => ${int(rule.forgetMinutes)})`;
	const count = sql`(case when ${stale} then 1 else ${t.failures} + 1 end)`;
	const minutes = (n: SQL) =>
		rule.growing ? sql`least(${int(rule.maxMinutes)}, power(2, least(30, ${n} - ${int(rule.free)})))::int` : int(rule.maxMinutes);
	const lock = (n: SQL) => sql`case when ${n} >= ${int(rule.free)} then now() + make_interval(mins => ${minutes(n)}) else null end`;
	await db
		.insert(t)
		.values({ key, failures: 1, windowStart: sql`now()`, lastAt: sql`now()`, lockedUntil: lock(sql`1`) })
		.onConflictDoUpdate({
			target: t.key,
			set: {
				failures: count,
				windowStart: sql`case when ${stale} then now() else ${t.windowStart} end`,
				lastAt: sql`now()`,
				lockedUntil: lock(count)
			}
		});
}

export async function clearFailures(key: string): Promise<void> {
	await db.delete(table.loginThrottle).where(eq(table.loginThrottle.key, key));
}

/** after the owner proved the phone (a password reset): every sign-in count of that phone starts again */
export async function clearFailuresOfPhone(phone: string): Promise<void> {
	if (!/^\d+$/.test(phone)) return;
	const t = table.loginThrottle;
	await db.delete(t).where(sql`${t.key} = ${`phone:${phone}`} or ${t.key} like ${`pair:${phone}:%`} or ${t.key} like ${`device:%:${phone}`}`);
}

// ---- known devices: browsers (or API clients) where the person signed in before ----

export const DEVICE_COOKIE = 'yst_device';
const DEVICE_LIFETIME = 400 * DAY;

/** a new device id; 160 bits of entropy, so it cannot be guessed, and only its hash is stored */
export const generateDeviceId = generateSessionToken;
export const isDeviceId = (value: unknown): value is string => typeof value === 'string' && /^[a-z2-7]{32}$/.test(value);
export const deviceHashOf = sessionIdOf;

/** whether the person signed in from this device before */
export async function isKnownDevice(userId: number, deviceId: string): Promise<boolean> {
	const [row] = await db
		.select({ userId: table.knownDevice.userId })
		.from(table.knownDevice)
		.where(and(eq(table.knownDevice.idHash, deviceHashOf(deviceId)), eq(table.knownDevice.userId, userId)));
	return !!row;
}

export async function rememberDevice(userId: number, deviceId: string): Promise<void> {
	await db
		.insert(table.knownDevice)
		.values({ idHash: deviceHashOf(deviceId), userId })
		.onConflictDoUpdate({ target: [table.knownDevice.idHash, table.knownDevice.userId], set: { lastUsedAt: sql`now()` } });
}

export function setDeviceCookie(event: RequestEvent, deviceId: string) {
	event.cookies.set(DEVICE_COOKIE, deviceId, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		// only the sign-in form reads it
		path: '/login',
		expires: new Date(Date.now() + DEVICE_LIFETIME)
	});
}
