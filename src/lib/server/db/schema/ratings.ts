/**
 * Quarterly cadre satisfaction ratings (季度民心测评).
 *
 * Anonymity by construction: no table below holds a user id next to a level or a comment.
 * A ballot is keyed by rater_key = HMAC(round key, cadre id + user id), where the round key is
 * derived from a server secret kept outside the database (RATING_SECRET) and a per-round salt
 * that is wiped when the round closes (rater keys are cleared at the same time). Ballots carry
 * no timestamps, so they cannot be lined up against sign-ins either.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { community, grid } from './places';
import { user } from './people';

export const ROUND_STATUSES = ['open', 'closed', 'published'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const RATING_METHODS = ['online', 'paper'] as const;
export type RatingMethod = (typeof RATING_METHODS)[number];

/** a community's rating rules; a missing row means the defaults */
export const ratingSetting = pgTable(
	'rating_setting',
	{
		communityId: integer()
			.primaryKey()
			.references(() => community.id),
		/** below this many ratings a cadre's figures are not shown at all */
		minCount: integer().notNull().default(5),
		/** a satisfaction rate strictly below this (‰) flags the cadre for a reminder talk (提醒谈话) */
		flagThresholdPermille: integer().notNull().default(900),
		/** working days to follow up a low rating */
		followUpDays: integer().notNull().default(15),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('rating_setting_min_check', sql`${t.minCount} >= 1`),
		check('rating_setting_threshold_check', sql`${t.flagThresholdPermille} between 0 and 1000`)
	]
);

/** a community cadre (社区干部) who is rated */
export const ratingCadre = pgTable(
	'rating_cadre',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		name: text().notNull(),
		post: text().notNull(),
		responsibilities: text().notNull().default(''),
		gridId: integer().references(() => grid.id),
		/** the cadre's own account, if they have one */
		userId: integer().references(() => user.id),
		/** a stored_file id (src/lib/server/files.ts); no foreign key so this table does not depend on it */
		photoFileId: integer(),
		/** offered for new rounds */
		active: boolean().notNull().default(true),
		position: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.communityId)]
);

export const ratingRound = pgTable(
	'rating_round',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		year: integer().notNull(),
		quarter: integer().notNull(),
		opensAt: timestamp({ withTimezone: true }).notNull(),
		closesAt: timestamp({ withTimezone: true }).notNull(),
		status: text({ enum: ROUND_STATUSES }).notNull().default('open'),
		/** random, part of the rater key; set to null at close so keys can never be recomputed */
		raterSalt: text(),
		/** counted at close */
		raters: integer(),
		/** verified residents and owners of the community at close */
		eligible: integer(),
		/** the community's minimum count and flag threshold at close: fixed, so later settings never re-show a hidden cadre */
		minCount: integer(),
		flagThresholdPermille: integer(),
		closedAt: timestamp({ withTimezone: true }),
		publishedAt: timestamp({ withTimezone: true }),
		createdById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.communityId, t.year, t.quarter),
		check('rating_round_quarter_check', sql`${t.quarter} between 1 and 4`)
	]
);

/** the cadres rated in a round */
export const ratingRoundCadre = pgTable(
	'rating_round_cadre',
	{
		roundId: integer()
			.notNull()
			.references(() => ratingRound.id),
		cadreId: integer()
			.notNull()
			.references(() => ratingCadre.id),
		communityId: integer()
			.notNull()
			.references(() => community.id)
	},
	(t) => [primaryKey({ columns: [t.roundId, t.cadreId] })]
);

/**
 * One resident's current rating of one cadre in one round. The unique (round, cadre, rater_key)
 * makes a change replace the earlier rating, and concurrent submissions collapse into one row.
 */
export const ratingBallot = pgTable(
	'rating_ballot',
	{
		id: uuid().primaryKey().defaultRandom(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		roundId: integer().notNull(),
		cadreId: integer().notNull(),
		/** HMAC; null once the round has closed */
		raterKey: text(),
		level: integer().notNull(),
		comment: text().notNull().default(''),
		method: text({ enum: RATING_METHODS }).notNull().default('online'),
		/** the committee member who typed in a paper form (never the rater) */
		enteredById: integer().references(() => user.id)
	},
	(t) => [
		uniqueIndex().on(t.roundId, t.cadreId, t.raterKey),
		foreignKey({ columns: [t.roundId, t.cadreId], foreignColumns: [ratingRoundCadre.roundId, ratingRoundCadre.cadreId] }),
		check('rating_ballot_level_check', sql`${t.level} between 1 and 5`)
	]
);

/** one row per resident who rated in an open round (a key of its own, not the ballots'); emptied at close */
export const ratingParticipant = pgTable(
	'rating_participant',
	{
		roundId: integer()
			.notNull()
			.references(() => ratingRound.id),
		raterKey: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.raterKey] })]
);

/** counts per level taken at close: what is published */
export const ratingResult = pgTable(
	'rating_result',
	{
		roundId: integer()
			.notNull()
			.references(() => ratingRound.id),
		cadreId: integer()
			.notNull()
			.references(() => ratingCadre.id),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		n5: integer().notNull().default(0),
		n4: integer().notNull().default(0),
		n3: integer().notNull().default(0),
		n2: integer().notNull().default(0),
		n1: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.roundId, t.cadreId] })]
);

/** 提醒谈话 with a flagged cadre */
export const ratingTalk = pgTable(
	'rating_talk',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		roundId: integer()
			.notNull()
			.references(() => ratingRound.id),
		cadreId: integer()
			.notNull()
			.references(() => ratingCadre.id),
		heldAt: timestamp({ withTimezone: true }).notNull(),
		note: text().notNull(),
		recordedById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.roundId, t.cadreId)]
);

/** the follow-up of one low rating with a comment; holds a copy of the comment, never a rater */
export const ratingFollowUp = pgTable(
	'rating_follow_up',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		roundId: integer()
			.notNull()
			.references(() => ratingRound.id),
		cadreId: integer()
			.notNull()
			.references(() => ratingCadre.id),
		level: integer().notNull(),
		comment: text().notNull(),
		dueAt: timestamp({ withTimezone: true }).notNull(),
		action: text().notNull().default(''),
		doneAt: timestamp({ withTimezone: true }),
		doneById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.roundId, t.cadreId)]
);
