/**
 * People: registration, sign-in, passwords and sessions, and the committee's verification of
 * registered residents. Pages and the JSON API both call these functions.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { unitLabel } from '$lib/labels/places';
import * as auth from './auth';
import * as audit from './audit';
import { requireCommittee, requireUser, type Actor } from './access';
import { db } from './db';
import * as table from './db/schema';
import type { MembershipStatus, Role } from './db/schema';
import { isUniqueViolation, ServiceError } from './errors';
import { id, parseInput, password, personName, phone, text } from './http/validate';
import * as sms from './notify/sms';
import { isWeakPassword } from './password-strength';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

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

	let building: { id: number; name: string; estate: string } | undefined;
	const buildings = () =>
		db
			.select({ id: table.building.id, name: table.building.name, estate: table.estate.name })
			.from(table.building)
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId));
	if (input.buildingId !== '') {
		[building] = await buildings().where(and(eq(table.building.id, input.buildingId), eq(table.building.communityId, community.id)));
		if (!building) throw fieldError('buildingId', m.people_building_unknown());
	} else if (input.building !== '') {
		const named = await buildings()
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
		if (entrances.length !== 1) throw fieldError('entrance', m.people_entrance_needed({ building: `${building.estate} ${building.name}` }));
		entrance = entrances[0];
	} else {
		const wanted = normEntrance(input.entrance);
		entrance = entrances.find((e) => normEntrance(e.name) === wanted);
		if (!entrance) {
			throw fieldError('entrance', m.people_entrance_not_found({ building: `${building.estate} ${building.name}`, entrance: input.entrance }));
		}
	}

	const rooms = await db
		.select({ id: table.unit.id, room: table.unit.room })
		.from(table.unit)
		.where(eq(table.unit.entranceId, entrance.id));
	const wanted = normRoom(input.room);
	const unit = rooms.find((u) => u.room === input.room) ?? rooms.find((u) => normRoom(u.room) === wanted);
	if (!unit) {
		throw fieldError('room', m.people_room_not_found({ place: `${building.estate} ${building.name}${entrance.name}`, room: input.room }));
	}
	return { community, unitId: unit.id, unitLabel: unitLabel({ estate: building.estate, building: building.name, entrance: entrance.name, room: unit.room }) };
}

/** refuses a password zxcvbn would guess soon, with the Chinese message beside the field */
export async function requireStrongPassword(field: string, value: string, known: string[]) {
	if (await isWeakPassword(value, known)) throw fieldError(field, m.people_password_weak());
}

export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;

/**
 * Codes texted per phone (3 free, forgotten after a quiet day) and per client address (30 free, forgotten after a
 * quiet hour: residents registering together on one Wi-Fi share an address), then growing waits up to an hour.
 */
export const CODE_THROTTLE = {
	phone: { free: 3, maxMinutes: 60, growing: true, forgetMinutes: 24 * 60 },
	address: { free: 30, maxMinutes: 60, growing: true, forgetMinutes: 60 }
} as const satisfies Record<string, auth.ThrottleRule>;

export const codeHashOf = (ticket: string, code: string) => createHmac('sha256', ticket).update(code).digest('hex');

interface PendingAccount {
	name: string;
	passwordHash: string;
	communityId: number;
	unitId: number;
	unitLabel: string;
	relation: Relation;
}

/**
 * Registration, step 1: checks the form (the unit against the register, the password's strength), then texts a
 * 6-digit code to the phone and returns the ticket that step 2 hands back with it. A phone that already has an
 * account gets a text saying so instead, and its ticket can never succeed; the answer here is the same either way,
 * so the form does not tell anyone which phones have accounts.
 * Fields: name, phone, password, passwordConfirm, communityId, buildingId or building (name),
 * entrance (may be empty when the building has one), room, relation ('resident' | 'owner').
 */
export async function startRegistration(input: unknown, clientAddress: string) {
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
	await requireStrongPassword('password', data.password, [data.phone, data.name]);

	const phoneKey = `code:phone:${data.phone}`;
	const addressKey = `code:ip:${clientAddress}`;
	const wait = await auth.lockedMinutesOf([phoneKey, addressKey]);
	if (wait > 0) throw new ServiceError(429, 'code_throttled', m.people_code_throttled({ minutes: wait }));
	await auth.recordFailure(phoneKey, CODE_THROTTLE.phone);
	await auth.recordFailure(addressKey, CODE_THROTTLE.address);

	const [taken] = await db.select({ id: table.user.id }).from(table.user).where(eq(table.user.phone, data.phone));
	// hashed either way, so that both answers take as long
	const passwordHash = await auth.hashPassword(data.password);
	const pending: PendingAccount = { name: data.name, passwordHash, communityId: community.id, unitId, unitLabel, relation: data.relation };
	const ticket = auth.generateSessionToken();
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
	await db.delete(table.phoneCode).where(sql`${table.phoneCode.expiresAt} < now() - interval '1 day'`);
	await db.insert(table.phoneCode).values({
		id: auth.sessionIdOf(ticket),
		purpose: 'register',
		phone: data.phone,
		codeHash: codeHashOf(ticket, code),
		payload: taken ? null : { ...pending },
		expiresAt
	});
	if (taken) await sms.sendSms(data.phone, 'register_existing');
	else await sms.sendSms(data.phone, 'register_code', { code, minutes: String(CODE_MINUTES) });
	const sentTo = sms.maskPhone(data.phone);
	return { ticket, sentTo, expiresAt, message: m.people_code_sent({ phone: sentTo }) };
}

export const FinishSchema = v.object(
	{
		ticket: v.pipe(v.string(m.people_code_expired), v.regex(/^[a-z2-7]{32}$/, m.people_code_expired)),
		code: v.pipe(v.string(m.people_code_format), v.trim(), v.regex(/^\d{6}$/, m.people_code_format))
	},
	m.people_code_format
);

export const codeError = (code: string, message: string) => new ServiceError(400, code, message, { code: message });

/**
 * Registration, step 2: the code from the text. Creates the account with a PENDING membership for the unit it
 * claims (the committee verifies it later). A code works once, within 10 minutes, and after 5 wrong tries the
 * ticket is spent; a registered phone's ticket answers "验证码错误" like a wrong code.
 */
/**
 * A texted code handed back with its ticket: counts the try, then refuses an expired ticket, a sixth try, a wrong
 * code, or a ticket that can never succeed (no payload); otherwise the code's row, which the caller uses up.
 */
export async function checkTicketCode(purpose: table.PhoneCodePurpose, data: v.InferOutput<typeof FinishSchema>) {
	const id = auth.sessionIdOf(data.ticket);
	const [row] = await db
		.update(table.phoneCode)
		.set({ attempts: sql`${table.phoneCode.attempts} + 1` })
		.where(and(eq(table.phoneCode.id, id), eq(table.phoneCode.purpose, purpose)))
		.returning();
	if (!row || row.expiresAt.getTime() <= Date.now()) throw codeError('code_expired', m.people_code_expired());
	if (row.attempts > CODE_ATTEMPTS) throw codeError('code_attempts', m.people_code_attempts());
	const right = timingSafeEqual(Buffer.from(codeHashOf(data.ticket, data.code), 'hex'), Buffer.from(row.codeHash, 'hex'));
	if (!right || !row.payload) throw codeError('code_wrong', m.people_code_wrong());
	return row;
}

export async function finishRegistration(input: unknown) {
	const data = parseInput(FinishSchema, input);
	const row = await checkTicketCode('register', data);
	const id = row.id;
	const pending = row.payload as unknown as PendingAccount;
	try {
		return await db.transaction(async (tx) => {
			// whoever deletes the ticket uses it: a code creates one account even when sent twice at once
			const [used] = await tx.delete(table.phoneCode).where(eq(table.phoneCode.id, id)).returning({ id: table.phoneCode.id });
			if (!used) throw codeError('code_expired', m.people_code_expired());
			const [user] = await tx
				.insert(table.user)
				.values({ phone: row.phone, name: pending.name, passwordHash: pending.passwordHash })
				.returning({ id: table.user.id, name: table.user.name, phone: table.user.phone });
			const [membership] = await tx
				.insert(table.membership)
				.values({ userId: user.id, communityId: pending.communityId, role: pending.relation, unitId: pending.unitId, status: 'pending' })
				.returning({ id: table.membership.id });
			const [community] = await tx
				.select({ id: table.community.id, name: table.community.name })
				.from(table.community)
				.where(eq(table.community.id, pending.communityId));
			return { user, membershipId: membership.id, community, unitLabel: pending.unitLabel };
		});
	} catch (e) {
		// the phone was registered by someone else's code meanwhile: the same answer as any wrong code
		if (isUniqueViolation(e)) throw codeError('code_wrong', m.people_code_wrong());
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
	{
		phone,
		password: v.pipe(v.string(m.err_required), v.nonEmpty(m.err_required)),
		/** the id a previous sign-in on this device returned (the browser keeps it in the yst_device cookie) */
		device: v.optional(v.unknown())
	},
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

/**
 * Signs in by phone and password. Failures are counted in the database (so across every instance) per phone and
 * client address, per address, and per phone at a much higher count; from a device where this person signed in
 * before, only that device's own failures count, so strangers' guesses elsewhere cannot keep the owner out.
 * Returns the session and the device id to keep for the next sign-in.
 */
export async function login(input: unknown, clientAddress: string) {
	const data = parseInput(LoginSchema, input);
	const [user] = await db
		.select({ id: table.user.id, name: table.user.name, phone: table.user.phone, passwordHash: table.user.passwordHash })
		.from(table.user)
		.where(eq(table.user.phone, data.phone));
	const device = auth.isDeviceId(data.device) ? data.device : null;
	const known = !!user && !!device && (await auth.isKnownDevice(user.id, device));
	const phoneKey = `phone:${data.phone}`;
	const keys: [string, auth.ThrottleRule][] = known
		? [[`device:${auth.deviceHashOf(device!)}:${data.phone}`, auth.THROTTLE.pair]]
		: [
				[`pair:${data.phone}:${clientAddress}`, auth.THROTTLE.pair],
				[`ip:${clientAddress}`, auth.THROTTLE.address],
				[phoneKey, auth.THROTTLE.phone]
			];
	const locked = await auth.lockedMinutesOf(keys.map(([k]) => k));
	if (locked > 0) throw lockedError(locked);

	const ok = user
		? await auth.verifyPassword(user.passwordHash, data.password)
		: (await auth.verifyPassword(await dummyHashOnce(), data.password), false);
	if (!ok) {
		for (const [key, rule] of keys) await auth.recordFailure(key, rule);
		// a known device's failures still count towards the phone-wide cap, which it is not held by
		if (known) await auth.recordFailure(phoneKey, auth.THROTTLE.phone);
		const now = await auth.lockedMinutesOf(keys.map(([k]) => k));
		if (now > 0) throw lockedError(now);
		throw new ServiceError(401, 'login_failed', m.err_login_failed(), { password: m.err_login_failed() });
	}
	await auth.clearFailures(keys[0][0]);
	const deviceId = device ?? auth.generateDeviceId();
	await auth.rememberDevice(user.id, deviceId);
	const session = await startSession(user.id);
	return { ...session, device: deviceId, user: { id: user.id, name: user.name, phone: user.phone } };
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
		await auth.recordFailure(key, auth.THROTTLE.pair);
		throw new ServiceError(400, 'password_wrong', m.err_password_wrong(), { currentPassword: m.err_password_wrong() });
	}
	if (data.currentPassword === data.newPassword) {
		throw new ServiceError(400, 'password_same', m.err_password_same(), { newPassword: m.err_password_same() });
	}
	await requireStrongPassword('newPassword', data.newPassword, [user.phone, user.name]);
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

/** the parts of a membership's unit, put together by unitLabel (estate first) */
const unitParts = { estate: table.estate.name, building: table.building.name, entrance: table.entrance.name, room: table.unit.room };
const withUnitLabel = <T extends { unitId: number | null; estate: string | null; building: string | null; entrance: string | null; room: string | null }>({ estate, building, entrance, room, ...r }: T) => ({
	...r,
	unitLabel: r.unitId === null ? null : unitLabel({ estate, building, entrance, room })
});

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
			...unitParts,
			createdAt: table.membership.createdAt,
			verifiedAt: table.membership.verifiedAt
		})
		.from(table.membership)
		.leftJoin(table.community, eq(table.membership.communityId, table.community.id))
		.leftJoin(table.street, eq(table.membership.streetId, table.street.id))
		.leftJoin(table.unit, eq(table.membership.unitId, table.unit.id))
		.leftJoin(table.building, eq(table.unit.buildingId, table.building.id))
		.leftJoin(table.entrance, eq(table.unit.entranceId, table.entrance.id))
		.leftJoin(table.estate, eq(table.building.estateId, table.estate.id))
		.where(eq(table.membership.userId, user.id))
		.orderBy(asc(table.membership.id));
	return { user: { id: user.id, name: user.name, phone: user.phone }, memberships: memberships.map(withUnitLabel) };
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
			...unitParts,
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
	return rows.map(withUnitLabel).map(({ ownerPhone, ...r }) => ({
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
