import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/** failed sign-ins per key (phone or client address), kept in the database so every instance sees them */
export const loginThrottle = pgTable('login_throttle', {
	key: text().primaryKey(),
	failures: integer().notNull().default(0),
	windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
	lockedUntil: timestamp({ withTimezone: true })
});

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
		index().on(t.communityId, t.status)
	]
);
