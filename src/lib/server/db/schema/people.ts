import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { community, grid, street, unit } from './places';

export const user = pgTable('user', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	/** mainland mobile number, 11 digits */
	phone: text().notNull().unique(),
	name: text().notNull(),
	passwordHash: text().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

export const session = pgTable(
	'session',
	{
		/** SHA-256 of the token, hex; the token itself is never stored */
		id: text().primaryKey(),
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.userId)]
);

/**
 * Failed attempts per key (a phone and address pair, an address, a phone, a known device, an SMS sender…), kept in
 * the database so every instance sees them. Counts are forgotten a while after the last attempt (lastAt).
 */
export const loginThrottle = pgTable('login_throttle', {
	key: text().primaryKey(),
	failures: integer().notNull().default(0),
	windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
	lastAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	lockedUntil: timestamp({ withTimezone: true })
});

/**
 * A browser where the person signed in before: its `yst_device` cookie holds a random id, and only the id's SHA-256
 * is kept. The right password from a known device is accepted while strangers' failures hold the phone locked.
 */
export const knownDevice = pgTable(
	'known_device',
	{
		idHash: text().notNull(),
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.idHash, t.userId] }), index().on(t.userId)]
);

/**
 * register: a new account's phone; reset: 忘记密码 by text; reset_slip: a one-time slip the committee prints at the
 * counter; phone_change: a new number for an account; lookup: a reporter without an account finds their requests
 */
export const PHONE_CODE_PURPOSES = ['register', 'reset', 'reset_slip', 'phone_change', 'lookup'] as const;
export type PhoneCodePurpose = (typeof PHONE_CODE_PURPOSES)[number];

/**
 * A code sent by SMS to prove a phone, bound to the ticket the sender got back: id is the SHA-256 of the ticket and
 * codeHash an HMAC of the code keyed by the ticket, so neither the code nor the ticket can be read from the database.
 * payload is what happens once the code is entered (for a registration: the account to create), or null when the
 * code can never succeed (the phone already has an account).
 */
export const phoneCode = pgTable(
	'phone_code',
	{
		id: text().primaryKey(),
		purpose: text({ enum: PHONE_CODE_PURPOSES }).notNull(),
		phone: text().notNull(),
		codeHash: text().notNull(),
		attempts: integer().notNull().default(0),
		payload: jsonb().$type<Record<string, unknown>>(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.phone), index().on(t.expiresAt)]
);

export const ROLES = ['resident', 'owner', 'committee', 'cadre', 'grid', 'street_admin'] as const;
export type Role = (typeof ROLES)[number];
export const MEMBERSHIP_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** a person's role in one community (or, for a street admin, one street) */
export const membership = pgTable(
	'membership',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		communityId: integer().references(() => community.id),
		streetId: integer().references(() => street.id),
		role: text({ enum: ROLES }).notNull(),
		unitId: integer().references(() => unit.id),
		gridId: integer().references(() => grid.id),
		status: text({ enum: MEMBERSHIP_STATUSES }).notNull().default('pending'),
		note: text().notNull().default(''),
		verifiedById: integer().references(() => user.id),
		verifiedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.userId, t.communityId, t.role),
		index().on(t.communityId, t.status),
		// who holds a unit: a binding vote's opening finds the owners of its roll's units one by one (notify/audience.ts)
		index().on(t.unitId)
	]
);
