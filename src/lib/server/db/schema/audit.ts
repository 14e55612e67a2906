import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { community } from './places';
import { user } from './people';

/** every committee action, append-only */
export const auditLog = pgTable(
	'audit_log',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		actorId: integer().references(() => user.id),
		actorName: text().notNull().default(''),
		action: text().notNull(),
		targetType: text().notNull(),
		targetId: integer(),
		detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.communityId, t.createdAt)]
);
