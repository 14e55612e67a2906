/**
 * People: registration, sign-in, passwords and sessions, and the committee's verification of
 * registered residents. Pages and the JSON API both call these functions.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as auth from './auth';
import * as audit from './audit';
import { requireCommittee, requireUser, type Actor } from './access';
import { db } from './db';
import * as table from './db/schema';
import type { MembershipStatus, Role } from './db/schema';
import { isUniqueViolation, ServiceError } from './errors';
import { id, parseInput, password, personName, phone, text } from './http/validate';

export const RELATIONS = ['resident', 'owner'] as const;
export type Relation = (typeof RELATIONS)[number];

// ---------------------------------------------------------------- registration

const optionalText = (max: number) =>
	v.optional(v.pipe(v.string(m.err_required), v.trim(), v.maxLength(max, m.err_required)), '');

const optionalId = v.optional(v.union([v.literal(''), id], m.err_required), '');

// the unit a registration claims; checked against the register even when other fields are wrong
export const PlaceSchema = v.object(
	{
		communityId: id,
		buildingId: optionalId,
		building: optionalText(40),
		entrance: optionalText(20),
		room: text(20)
	},
	m.err_required
);

// an object's own message is what a missing key reports: the Chinese "please fill in"
export const RegisterSchema = v.pipe(
	v.object(
		{
			...PlaceSchema.entries,
			name: personName,
			phone,
			password,
			passwordConfirm: v.string(m.people_password_mismatch),
			relation: v.pipe(v.optional(v.string(), ''), v.picklist(RELATIONS, m.people_relation_required))
		},
		m.err_required
	),
	v.forward(
		v.partialCheck(
			[['password'], ['passwordConfirm']],
			(input) => input.password === input.passwordConfirm,
			m.people_password_mismatch
		),
		['passwordConfirm']
	)
);

/** "1单元" and "1", "302室" and "302" name the same place; spaces never matter */
const normEntrance = (s: string) => s.replace(/\s+/g, '').replace(/单元$/, '');
const normRoom = (s: string) => s.replace(/\s+/g, '').replace(/[室号]$/, '');

const fieldError = (field: string, message: string) =>
	new ServiceError(400, 'invalid_input', m.err_invalid_input(), { [field]: message });

/** finds the unit a registration names, or refuses naming the part that was not found */
async function findUnit(input: v.InferOutput<typeof PlaceSchema>) {
	const [community] = await db
		.select({ id: table.community.id, name: table.community.name })
		.from(table.community)
		.where(eq(table.community.id, input.communityId));
	if (!community) throw fieldError('communityId', m.people_community_unknown());

	let building: { id: number; name: string } | undefined;
	if (input.buildingId !== '') {
		[building] = await db
			.select({ id: table.building.id, name: table.building.name })
			.from(table.building)
			.where(and(eq(table.building.id, input.buildingId), eq(table.building.communityId, community.id)));
		if (!building) throw fieldError('buildingId', m.people_building_unknown());
	} else if (input.building !== '') {
		const named = await db
			.select({ id: table.building.id, name: table.building.name })
			.from(table.building)
			.where(and(eq(table.building.communityId, community.id), eq(table.building.name, input.building)));
		// the same name in two estates of one community cannot be told apart by name
		if (named.length !== 1) throw fieldError('building', m.people_building_not_found({ building: input.building }));
		building = named[0];
	} else {
		throw fieldError('buildingId', m.people_building_unknown());
	}

	const entrances = await db
		.select({ id: table.entrance.id, name: table.entrance.name })
		.from(table.entrance)
		.where(eq(table.entrance.buildingId, building.id))
		.orderBy(asc(table.entrance.id));
	let entrance: { id: number; name: string } | undefined;
	if (input.entrance === '') {
		if (entrances.length !== 1) throw fieldError('entrance', m.people_entrance_needed({ building: building.name }));
		entrance = entrances[0];
	} else {
		const wanted = normEntrance(input.entrance);
		entrance = entrances.find((e) => normEntrance(e.name) === wanted);
		if (!entrance) {
			throw fieldError('entrance', m.people_entrance_not_found({ building: building.name, entrance: input.entrance }));
		}
	}

	const rooms = await db
		.select({ id: table.unit.id, room: table.unit.room })
		.from(table.unit)
		.where(eq(table.unit.entranceId, entrance.id));
	const wanted = normRoom(input.room);
	const unit = rooms.find((u) => u.room === input.room) ?? rooms.find((u) => normRoom(u.room) === wanted);
	if (!unit) {
		throw fieldError('room', m.people_room_not_found({ place: `${building.name}${entrance.name}`, room: input.room }));
	}
	return { community, unitId: unit.id, unitLabel: `${building.name}${entrance.name}${unit.room}` };
}

/**
 * A new account with a PENDING membership for the unit it claims; the committee verifies it later.
 * Fields: name, phone, password, passwordConfirm, communityId, buildingId or building (name),
 * entrance (may be empty when the building has one), room, relation ('resident' | 'owner').
 */
export async function register(input: unknown) {
	let data: v.InferOutput<typeof RegisterSchema>;
	try {
		data = parseInput(RegisterSchema, input);
	} catch (e) {
		// tell about the room at once too, so nobody has to submit twice to learn both
		const place = v.safeParse(PlaceSchema, input);
		if (e instanceof ServiceError && place.success) {
			await findUnit(place.output).catch((more) => {
				if (more instanceof ServiceError) Object.assign(e.fields, more.fields);
			});
		}
		throw e;
	}
	const { community, unitId, unitLabel } = await findUnit(data);
	const passwordHash = await auth.hashPassword(data.password);
	try {
		return await db.transaction(async (tx) => {
			const [user] = await tx
				.insert(table.user)
				.values({ phone: data.phone, name: data.name, passwordHash })
				.returning({ id: table.user.id, name: table.user.name, phone: table.user.phone });
			const [membership] = await tx
				.insert(table.membership)
				.values({ userId: user.id, communityId: community.id, role: data.relation, unitId, status: 'pending' })
				.returning({ id: table.membership.id });
			return { user, membershipId: membership.id, community, unitLabel };
		});
	} catch (e) {
		if (isUniqueViolation(e)) {
			throw new ServiceError(409, 'phone_taken', m.err_phone_taken(), { phone: m.err_phone_taken() });
		}
		throw e;
	}
}

/** what the registration form offers once a community is chosen: its buildings, named with their estate when there are several */
export async function registrationOptions(communityId: number) {
	const rows = await db
		.select({ id: table.building.id, name: table.building.name, estate: table.estate.name })
		.from(table.building)
		.innerJoin(table.estate, eq(table.building.estateId, table.estate.id))
		.where(eq(table.building.communityId, communityId))
		.orderBy(asc(table.estate.id), asc(table.building.id));
	const estates = new Set(rows.map((r) => r.estate));
	return rows.map((r) => ({ id: r.id, label: estates.size > 1 ? `${r.estate} ${r.name}` : r.name }));
}

// ---------------------------------------------------------------- sign-in and sessions

export const LoginSchema = v.object(
	{ phone, password: v.pipe(v.string(m.err_required), v.nonEmpty(m.err_required)) },
	m.err_required
);

// verified against when the phone is unknown, so that a wrong phone costs as long as a wrong password
let dummyHash: Promise<string> | null = null;
const dummyHashOnce = () => (dummyHash ??= auth.hashPassword('not-a-real-password-0000'));

function lockedError(minutes: number) {
	return new ServiceError(429, 'login_locked', m.err_login_locked({ minutes }));
}

/** A new session for the user; the token is shown to the client once and only its hash is stored. */
export async function startSession(userId: number) {
	const token = auth.generateSessionToken();
	const session = await auth.createSession(token, userId);
	return { token, expiresAt: session.expiresAt };
}

/** Signs in by phone and password. Failures are counted per phone and per client address across every instance. */
export async function login(input: unknown, clientAddress: string) {
	const data = parseInput(LoginSchema, input);
	const phoneKey = `phone:${data.phone}`;
	const ipKey = `ip:${clientAddress}`;
	const locked = Math.max(await auth.lockedMinutes(phoneKey), await auth.lockedMinutes(ipKey));
	if (locked > 0) throw lockedError(locked);

	const [user] = await db
		.select({ id: table.user.id, name: table.user.name, phone: table.user.phone, passwordHash: table.user.passwordHash })
		.from(table.user)
		.where(eq(table.user.phone, data.phone));
	const ok = user
		? await auth.verifyPassword(user.passwordHash, data.password)
		: (await auth.verifyPassword(await dummyHashOnce(), data.password), false);
	if (!ok) {
		await auth.recordFailure(phoneKey, auth.THROTTLE_LIMITS.phone);
		await auth.recordFailure(ipKey, auth.THROTTLE_LIMITS.ip);
		const now = Math.max(await auth.lockedMinutes(phoneKey), await auth.lockedMinutes(ipKey));
		if (now > 0) throw lockedError(now);
		throw new ServiceError(401, 'login_failed', m.err_login_failed(), { password: m.err_login_failed() });
	}
	await auth.clearFailures(phoneKey);
	const session = await startSession(user.id);
	return { ...session, user: { id: user.id, name: user.name, phone: user.phone } };
}

/** ends one session (this device) */
export async function logout(sessionId: string | null | undefined) {
	if (sessionId) await auth.invalidateSession(sessionId);
}

/** ends every session of the actor, this device's included */
export async function logoutEverywhere(actor: Actor) {
	const user = requireUser(actor);
	await auth.invalidateAllSessions(user.id);
}

export const ChangePasswordSchema = v.pipe(
	v.object(
		{
			currentPassword: v.pipe(v.string(m.err_required), v.nonEmpty(m.err_required)),
			newPassword: password,
			newPasswordConfirm: v.string(m.err_password_mismatch)
		},
		m.err_required
	),
	v.forward(
		v.partialCheck(
			[['newPassword'], ['newPasswordConfirm']],
			(i) => i.newPassword === i.newPasswordConfirm,
			m.err_password_mismatch
		),
		['newPasswordConfirm']
	)
);

/**
 * Changes the actor's password after checking the current one, and signs out every OTHER session
 * (the one given stays signed in). Wrong current passwords are throttled like sign-ins.
 */
export async function changePassword(actor: Actor, input: unknown, currentSessionId: string | null = null) {
	const user = requireUser(actor);
	const data = parseInput(ChangePasswordSchema, input);
	const key = `password:${user.id}`;
	const locked = await auth.lockedMinutes(key);
	if (locked > 0) throw lockedError(locked);
	const [row] = await db
		.select({ passwordHash: table.user.passwordHash })
		.from(table.user)
		.where(eq(table.user.id, user.id));
	if (!row || !(await auth.verifyPassword(row.passwordHash, data.currentPassword))) {
		await auth.recordFailure(key, auth.THROTTLE_LIMITS.phone);
		throw new ServiceError(400, 'password_wrong', m.err_password_wrong(), { currentPassword: m.err_password_wrong() });
	}
	if (data.currentPassword === data.newPassword) {
		throw new ServiceError(400, 'password_same', m.err_password_same(), { newPassword: m.err_password_same() });
	}
	const passwordHash = await auth.hashPassword(data.newPassword);
	await db.transaction(async (tx) => {
		await tx.update(table.user).set({ passwordHash }).where(eq(table.user.id, user.id));
		await tx
			.delete(table.session)
			.where(
				currentSessionId
					? and(eq(table.session.userId, user.id), sql`${table.session.id} <> ${currentSessionId}`)
					: eq(table.session.userId, user.id)
			);
	});
	await auth.clearFailures(key);
}

// ---------------------------------------------------------------- who am I

const unitLabelSql = sql<string | null>`case when ${table.unit.id} is null then null
	else ${table.building.name} || ${table.entrance.name} || ${table.unit.room} end`;

/** the actor and their memberships, with community names and unit labels */
export async function me(actor: Actor) {
	const user = requireUser(actor);
	const memberships = await db
		.select({
			id: table.membership.id,
			role: table.membership.role,
			status: table.membership.status,
			note: table.membership.note,
			communityId: table.membership.communityId,
			communityName: table.community.name,
			streetId: table.membership.streetId,
			streetName: table.street.name,
			unitId: table.membership.unitId,
			unitLabel: unitLabelSql,
			createdAt: table.membership.createdAt,
			verifiedAt: table.membership.verifiedAt
		})
		.from(table.membership)
		.leftJoin(table.community, eq(table.membership.communityId, table.community.id))
		.leftJoin(table.street, eq(table.membership.streetId, table.street.id))
		.leftJoin(table.unit, eq(table.membership.unitId, table.unit.id))
		.leftJoin(table.building, eq(table.unit.buildingId, table.building.id))
		.leftJoin(table.entrance, eq(table.unit.entranceId, table.entrance.id))
		.where(eq(table.membership.userId, user.id))
		.orderBy(asc(table.membership.id));
	return { user: { id: user.id, name: user.name, phone: user.phone }, memberships };
}

// ---------------------------------------------------------------- the committee's verification

const STATUS_RANK = sql`case ${table.membership.status} when 'pending' then 0 when 'verified' then 1 else 2 end`;

export const ListSchema = v.object({
	status: v.optional(v.picklist(['pending', 'verified', 'rejected'] as const)),
	limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000)), 1000)
});

/**
 * Residents' and owners' memberships in a community, pending first (oldest first), for the committee.
 * `ownerPhoneMatches` hints that the registered phone is the one on the unit register, which supports an owner claim;
 * `ownerPhoneOnFile` says whether the register has an owner phone for the unit at all.
 */
export async function listMembers(actor: Actor, communityId: number, options: { status?: MembershipStatus; limit?: number } = {}) {
	requireCommittee(actor, communityId);
	const opts = parseInput(ListSchema, options);
	const rows = await db
		.select({
			id: table.membership.id,
			userId: table.user.id,
			name: table.user.name,
			phone: table.user.phone,
			role: table.membership.role,
			status: table.membership.status,
			note: table.membership.note,
			unitId: table.membership.unitId,
			estateName: table.estate.name,
			unitLabel: unitLabelSql,
			ownerPhone: table.unit.ownerPhone,
			createdAt: table.membership.createdAt,
			verifiedAt: table.membership.verifiedAt
		})
		.from(table.membership)
		.innerJoin(table.user, eq(table.membership.userId, table.user.id))
		.leftJoin(table.unit, eq(table.membership.unitId, table.unit.id))
		.leftJoin(table.building, eq(table.unit.buildingId, table.building.id))
		.leftJoin(table.entrance, eq(table.unit.entranceId, table.entrance.id))
		.leftJoin(table.estate, eq(table.building.estateId, table.estate.id))
		.where(
			and(
				eq(table.membership.communityId, communityId),
				inArray(table.membership.role, [...RELATIONS]),
				opts.status ? eq(table.membership.status, opts.status) : undefined
			)
		)
		.orderBy(
			STATUS_RANK,
			sql`case when ${table.membership.status} = 'pending' then ${table.membership.id} else -${table.membership.id} end`
		)
		.limit(opts.limit);
	return rows.map(({ ownerPhone, ...r }) => ({
		...r,
		ownerPhoneOnFile: !!ownerPhone,
		ownerPhoneMatches: !!ownerPhone && ownerPhone === r.phone
	}));
}

/** a resident's or owner's membership; 404 when there is none, 403 unless the actor is committee of its community */
async function membershipForCommittee(actor: Actor, membershipId: unknown) {
	const msId = parseInput(id, membershipId);
	const [ms] = await db
		.select({
			id: table.membership.id,
			userId: table.membership.userId,
			communityId: table.membership.communityId,
			role: table.membership.role,
			status: table.membership.status,
			name: table.user.name
		})
		.from(table.membership)
		.innerJoin(table.user, eq(table.membership.userId, table.user.id))
		.where(eq(table.membership.id, msId));
	if (!ms || ms.communityId === null || !(RELATIONS as readonly string[]).includes(ms.role)) {
		throw new ServiceError(404, 'not_found', m.err_not_found());
	}
	const user = requireCommittee(actor, ms.communityId);
	return { ms: ms as typeof ms & { communityId: number }, user };
}

export const VerifySchema = v.object({ role: v.picklist(RELATIONS, m.people_role_required) }, m.people_role_required);

/** confirms a registration (or changes a verified person's role) as resident or owner */
export async function verify(actor: Actor, membershipId: unknown, input: unknown) {
	const { ms, user } = await membershipForCommittee(actor, membershipId);
	const data = parseInput(VerifySchema, input);
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.update(table.membership)
				.set({ role: data.role, status: 'verified', note: '', verifiedById: user.id, verifiedAt: sql`now()` })
				.where(and(eq(table.membership.id, ms.id), eq(table.membership.status, ms.status)))
				.returning({ id: table.membership.id });
			if (!row) throw new ServiceError(409, 'changed', m.people_membership_changed());
			await audit.record(tx, user, {
				communityId: ms.communityId,
				action: 'membership.verify',
				targetType: 'membership',
				targetId: ms.id,
				detail: { userId: ms.userId, name: ms.name, claimed: ms.role, role: data.role, was: ms.status }
			});
			return { id: ms.id, name: ms.name, role: data.role as Role, status: 'verified' as const };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'duplicate_role', m.people_membership_duplicate());
		throw e;
	}
}

export const RejectSchema = v.object({ reason: text(200, m.people_reason_required) }, m.people_reason_required);

/** refuses a registration (or withdraws a verification) with a reason the person will see */
export async function reject(actor: Actor, membershipId: unknown, input: unknown) {
	const { ms, user } = await membershipForCommittee(actor, membershipId);
	const data = parseInput(RejectSchema, typeof input === 'string' ? { reason: input } : input);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(table.membership)
			.set({ status: 'rejected', note: data.reason, verifiedById: user.id, verifiedAt: sql`now()` })
			.where(and(eq(table.membership.id, ms.id), eq(table.membership.status, ms.status)))
			.returning({ id: table.membership.id });
		if (!row) throw new ServiceError(409, 'changed', m.people_membership_changed());
		await audit.record(tx, user, {
			communityId: ms.communityId,
			action: 'membership.reject',
			targetType: 'membership',
			targetId: ms.id,
			detail: { userId: ms.userId, name: ms.name, role: ms.role, was: ms.status, reason: data.reason }
		});
		return { id: ms.id, name: ms.name, status: 'rejected' as const };
	});
}

/** pending registrations in a community, for the committee desk's count */
export async function pendingCount(actor: Actor, communityId: number): Promise<number> {
	requireCommittee(actor, communityId);
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(table.membership)
		.where(
			and(
				eq(table.membership.communityId, communityId),
				eq(table.membership.status, 'pending'),
				inArray(table.membership.role, [...RELATIONS])
			)
		);
	return row?.n ?? 0;
}
