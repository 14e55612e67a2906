import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const street = pgTable('street', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	name: text().notNull().unique(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

export const community = pgTable('community', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	streetId: integer()
		.notNull()
		.references(() => street.id),
	name: text().notNull(),
	/** number of seconds (附议) that flags a topic for the committee's screening */
	secondThreshold: integer().notNull().default(10),
	/**
	 * 公示 without an account (/p/[cid]/…), as the posters promise: the monthly request board and final vote results
	 * are public unless the committee turns them off; published minutes and plan notices once it turns them on.
	 * Public pages never carry names or phones.
	 */
	publicBoard: boolean().notNull().default(true),
	publicResults: boolean().notNull().default(true),
	publicMinutes: boolean().notNull().default(false),
	publicPlans: boolean().notNull().default(false),
	/** the rules of procedure's ranking of passing candidates in committee elections (业主大会议事规则) */
	electionOrder: text({ enum: ['heads_then_area', 'area_then_heads'] }).notNull().default('heads_then_area'),
	/** 先审后发: a new resident's first comment waits for the committee before it is shown */
	reviewFirstPosts: boolean().notNull().default(false),
	/** the rules of procedure let owners change an online ballot of a binding vote until it closes (off by default) */
	changeableBallots: boolean().notNull().default(false),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

export const estate = pgTable(
	'estate',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		name: text().notNull()
	},
	(t) => [uniqueIndex().on(t.communityId, t.name)]
);

export const grid = pgTable(
	'grid',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		name: text().notNull()
	},
	(t) => [uniqueIndex().on(t.communityId, t.name)]
);

export const building = pgTable(
	'building',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		estateId: integer()
			.notNull()
			.references(() => estate.id),
		gridId: integer().references(() => grid.id),
		name: text().notNull()
	},
	(t) => [uniqueIndex().on(t.estateId, t.name), index().on(t.communityId)]
);

export const entrance = pgTable(
	'entrance',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		buildingId: integer()
			.notNull()
			.references(() => building.id),
		name: text().notNull()
	},
	(t) => [uniqueIndex().on(t.buildingId, t.name)]
);

export const unit = pgTable(
	'unit',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		buildingId: integer()
			.notNull()
			.references(() => building.id),
		entranceId: integer()
			.notNull()
			.references(() => entrance.id),
		room: text().notNull(),
		/** registered 专有部分面积 in 0.01 m² */
		areaDm2: integer().notNull(),
		/** the same key on several units means one owner */
		ownerKey: text().notNull(),
		ownerName: text().notNull().default(''),
		ownerPhone: text().notNull().default(''),
		/** unsold or undelivered units held by the developer count together as one head */
		developer: boolean().notNull().default(false),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.entranceId, t.room),
		index().on(t.communityId, t.ownerKey),
		index().on(t.buildingId)
	]
);
