import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	foreignKey,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { community } from './places';
import { user } from './people';
import { topic } from './topics';

export const VOTE_KINDS = ['binding', 'poll'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export const VOTE_STATUSES = ['draft', 'open', 'preliminary', 'final'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

export const VOTE_SCOPES = ['community', 'estate', 'building', 'entrance'] as const;
export type VoteScope = (typeof VOTE_SCOPES)[number];

/** who may take part: owners (binding), each verified resident, one per household, or a session's attendees */
export const VOTE_ELIGIBILITIES = ['owners', 'residents', 'households', 'attendees'] as const;
export type VoteEligibility = (typeof VOTE_ELIGIBILITIES)[number];

export const BALLOT_CHOICES = ['yes', 'no', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

/**
 * What an owners' decision puts on its ballot: one matter (single), several matters of an owners' meeting
 * (业主大会会议, meeting), or candidates for the owners' committee (选举业主委员会, election). Polls are single.
 */
export const VOTE_FORMS = ['single', 'meeting', 'election'] as const;
export type VoteForm = (typeof VOTE_FORMS)[number];

/** how an election ranks passing candidates for the seats (art278 meeting.ts) */
export const ELECTION_ORDERS = ['heads_then_area', 'area_then_heads'] as const;

export const BALLOT_METHODS = ['online', 'paper', 'door'] as const;
export type BallotMethod = (typeof BALLOT_METHODS)[number];

export const vote = pgTable(
	'vote',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		topicId: integer().references(() => topic.id),
		/** the session (议事会) whose agenda opened it; sessions come later, so no foreign key yet */
		sessionId: integer(),
		kind: text({ enum: VOTE_KINDS }).notNull(),
		form: text({ enum: VOTE_FORMS }).notNull().default('single'),
		/** an election's number of seats */
		seats: integer(),
		/** an election's ranking of passing candidates, copied from the community's rules at creation */
		electionOrder: text({ enum: ELECTION_ORDERS }),
		/** a meeting's or election's notice to the owners in scope (voting may start 15 days later at the earliest) */
		noticedAt: timestamp({ withTimezone: true }),
		title: text().notNull(),
		description: text().notNull().default(''),
		/** Art. 278 matter code (binding only); fixes matterClass */
		matter: text(),
		matterClass: text({ enum: ['ordinary', 'special'] }),
		/** key of the counting rule in src/lib/domain/art278.ts RULES */
		ruleVersion: text(),
		scope: text({ enum: VOTE_SCOPES }).notNull().default('community'),
		/** estate, building or entrance ids, by scope; empty for the whole community */
		scopeIds: integer().array().notNull().default(sql`'{}'::integer[]`),
		eligibility: text({ enum: VOTE_ELIGIBILITIES }).notNull(),
		multiple: boolean().notNull().default(false),
		maxChoices: integer().notNull().default(1),
		anonymous: boolean().notNull().default(false),
		/** poll ballots may be changed until close */
		changeable: boolean().notNull().default(false),
		status: text({ enum: VOTE_STATUSES }).notNull().default('draft'),
		/** published before opening, frozen at opening */
		eligibleHeads: integer().notNull().default(0),
		eligibleAreaDm2: bigint({ mode: 'number' }).notNull().default(0),
		/** 询异公示: days between the preliminary count and the final result */
		objectionDays: integer().notNull().default(7),
		closesAt: timestamp({ withTimezone: true }),
		openedAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true }),
		objectionEndsAt: timestamp({ withTimezone: true }),
		finalizedAt: timestamp({ withTimezone: true }),
		/**
		 * An anonymous poll's random salt while it is open: with the server secret (outside the database) it makes the
		 * key that seals its choices (votes/sealed.ts). Set at opening, wiped at close, when the choices are counted.
		 */
		choiceSalt: text(),
		/** the count taken at close */
		result: jsonb().$type<Record<string, unknown>>(),
		createdById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.communityId, t.status), index().on(t.topicId)]
);

/** The eligible owners of a binding vote, snapshotted at opening so later register changes leave it alone. */
export const voteRoll = pgTable(
	'vote_roll',
	{
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		/** 'o:' + owner key, or 'developer' for all developer-held units together */
		headKey: text().notNull(),
		areaDm2: bigint({ mode: 'number' }).notNull(),
		unitIds: integer().array().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.voteId, t.headKey] }),
		// written once when a vote opens, then read by every paper ballot: without fastupdate the rows go straight
		// into the index, instead of a pending list that every lookup scans until vacuum merges it (3 ms per
		// ballot after opening a 100,000-unit vote, 0.05 ms without)
		index().using('gin', t.unitIds).with({ fastupdate: false })
	]
);

/** Binding ballots are open: tied to an owner (head) and the unit it came from. */
export const voteBallot = pgTable(
	'vote_ballot',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		headKey: text().notNull(),
		/** the unit it was cast from (no foreign key: the register may be re-imported; the roll keeps the snapshot) */
		unitId: integer().notNull(),
		/** a single matter's choice; null on a meeting's or election's ballot */
		choice: text({ enum: BALLOT_CHOICES }),
		/** a meeting's ballot: item id → choice; an item left blank is absent (弃权) */
		choices: jsonb().$type<Record<string, BallotChoice>>(),
		/** an election's ballot: the candidates marked 同意 */
		candidateIds: integer().array(),
		method: text({ enum: BALLOT_METHODS }).notNull(),
		/** the owner's account when cast online */
		voterId: integer().references(() => user.id),
		/** the committee member who recorded a paper or door-to-door ballot */
		recordedById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// one ballot per owner: the database refuses the second, also under concurrent attempts
		uniqueIndex().on(t.voteId, t.headKey),
		foreignKey({ columns: [t.voteId, t.headKey], foreignColumns: [voteRoll.voteId, voteRoll.headKey] })
	]
);

export const voteOption = pgTable(
	'vote_option',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		position: integer().notNull(),
		label: text().notNull(),
		/**
		 * Ballots for this option: a named poll's raised with each ballot; an anonymous poll's written once, at
		 * close, from its sealed choices (so no version of this row was written by a ballot's transaction).
		 */
		count: integer().notNull().default(0)
	},
	(t) => [uniqueIndex().on(t.voteId, t.position), check('vote_option_count_check', sql`${t.count} >= 0`)]
);

/**
 * An anonymous poll's choice while the poll is open: the options chosen, sealed (AES-256-GCM) under a key that needs
 * the server secret, and nothing else — no voter, no time, a random key instead of one in insert order. Counted
 * into vote_option.count and deleted at close. Written in the ballot's transaction, so its xmin is the
 * participation row's: what links them is sealed.
 */
export const voteSealedChoice = pgTable(
	'vote_sealed_choice',
	{
		id: uuid().primaryKey().defaultRandom(),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		/** base64url of nonce, tag and the sealed choice; the same length for every choice of the vote */
		sealed: text().notNull()
	},
	(t) => [index().on(t.voteId)]
);

/**
 * Who took part in a poll (one row per resident or household); what they chose is kept here only for named polls,
 * in vote_option.count, and, for anonymous polls while open, sealed in vote_sealed_choice.
 */
export const voteParticipation = pgTable(
	'vote_participation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		/** 'user:<id>' or 'unit:<id>' by the poll's eligibility */
		voterKey: text().notNull(),
		userId: integer().references(() => user.id),
		unitId: integer(),
		method: text({ enum: BALLOT_METHODS }).notNull(),
		recordedById: integer().references(() => user.id),
		/** the options chosen, kept only for named polls (so a changeable ballot can be changed); null when anonymous */
		optionIds: integer().array(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.voteId, t.voterKey)]
);

/** 询异: an owner's objection to the preliminary count, answered by the committee */
export const voteObjection = pgTable(
	'vote_objection',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		userId: integer()
			.notNull()
			.references(() => user.id),
		body: text().notNull(),
		answer: text(),
		answeredById: integer().references(() => user.id),
		answeredAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.voteId)]
);

/** a matter on an owners' meeting's ballot, with its own Art. 278 class */
export const voteItem = pgTable(
	'vote_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		position: integer().notNull(),
		title: text().notNull(),
		matter: text(),
		matterClass: text({ enum: ['ordinary', 'special'] }).notNull()
	},
	(t) => [uniqueIndex().on(t.voteId, t.position)]
);

/** a candidate for the owners' committee in an election */
export const voteCandidate = pgTable(
	'vote_candidate',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		voteId: integer()
			.notNull()
			.references(() => vote.id),
		position: integer().notNull(),
		name: text().notNull(),
		/** the unit the candidate owns (no foreign key: the register may be re-imported) */
		unitId: integer(),
		statement: text().notNull().default(''),
		/** the owners who nominated the candidate, as written on the nomination */
		nominators: text().notNull().default('')
	},
	(t) => [uniqueIndex().on(t.voteId, t.position)]
);
