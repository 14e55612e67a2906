import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { community } from './places';
import { user } from './people';
import { topic } from './topics';
import { deliberationSession, sessionAgendaItem, sessionAttendance, sessionInvitation } from './sessions';

/** the secretary's record during a session: who spoke on which agenda item and what they said */
export const sessionRecord = pgTable(
	'session_record',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id),
		agendaItemId: integer()
			.notNull()
			.references(() => sessionAgendaItem.id, { onDelete: 'cascade' }),
		speaker: text().notNull(),
		/** as the secretary writes it: 居民, 天然气公司, 城管执法中队 */
		speakerRole: text().notNull().default(''),
		point: text().notNull(),
		recordedById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.sessionId, t.agendaItemId)]
);

/** the committee's consultation opinion (协商意见) while the minutes are a draft, one per session */
export const minutesDraft = pgTable('minutes_draft', {
	sessionId: integer()
		.primaryKey()
		.references(() => deliberationSession.id),
	communityId: integer()
		.notNull()
		.references(() => community.id),
	opinion: text().notNull().default(''),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/**
 * A published version of the minutes. Immutable: a trigger refuses UPDATE and DELETE, so a correction is
 * a new row with its reason and the old content and hash stay as they were published.
 */
export const minutesVersion = pgTable(
	'minutes_version',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id),
		/** 1, 2, 3 … per session */
		version: integer().notNull(),
		/** the canonical JSON text of the document (src/lib/domain/minutes.ts), exactly as hashed */
		content: text().notNull(),
		/** hex SHA-256 of content */
		contentHash: text().notNull(),
		/** why this correction was made; null for the first version */
		reason: text(),
		publishedById: integer()
			.notNull()
			.references(() => user.id),
		publishedByName: text().notNull(),
		publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.sessionId, t.version),
		check('minutes_version_reason_check', sql`${t.version} = 1 or (${t.reason} is not null and length(${t.reason}) > 0)`)
	]
);

/** a participant's online confirmation (签字确认) of one version of the minutes */
export const minutesConfirmation = pgTable(
	'minutes_confirmation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id),
		versionId: integer()
			.notNull()
			.references(() => minutesVersion.id),
		/** the participant, as checked in */
		attendanceId: integer()
			.notNull()
			.references(() => sessionAttendance.id),
		userId: integer().references(() => user.id),
		invitationId: integer().references(() => sessionInvitation.id),
		name: text().notNull(),
		role: text().notNull(),
		organisation: text().notNull().default(''),
		confirmedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	// one confirmation per participant and version
	(t) => [uniqueIndex().on(t.versionId, t.attendanceId), index().on(t.sessionId)]
);

/** 决议: what the session decided, who answers for it, by when. Its status is computed, never stored. */
export const resolution = pgTable(
	'resolution',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id),
		agendaItemId: integer().references(() => sessionAgendaItem.id, { onDelete: 'set null' }),
		/** the agenda item's topic; when all of a topic's resolutions are done the topic is 已办结 */
		topicId: integer().references(() => topic.id),
		text: text().notNull(),
		/** 第一责任人 as named in the minutes */
		responsibleName: text().notNull(),
		responsibleUserId: integer().references(() => user.id),
		deadline: date({ mode: 'string' }).notNull(),
		/** the day it was reported done (Asia/Shanghai calendar) */
		doneOn: date({ mode: 'string' }),
		createdById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.communityId, t.deadline), index().on(t.sessionId), index().on(t.topicId)]
);

/** 落实进展: a dated note on a resolution; the one marked `done` completes it */
export const resolutionProgress = pgTable(
	'resolution_progress',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		resolutionId: integer()
			.notNull()
			.references(() => resolution.id),
		on: date({ mode: 'string' }).notNull(),
		note: text().notNull(),
		done: boolean().notNull().default(false),
		recordedById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.resolutionId)]
);

export const TOPIC_EVALUATIONS = ['satisfied', 'basically', 'dissatisfied'] as const;
export type TopicEvaluation = (typeof TOPIC_EVALUATIONS)[number];

/** a verified resident's evaluation of a done topic's outcome (满意 / 基本满意 / 不满意), once each */
export const topicEvaluation = pgTable(
	'topic_evaluation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		topicId: integer()
			.notNull()
			.references(() => topic.id),
		userId: integer()
			.notNull()
			.references(() => user.id),
		choice: text({ enum: TOPIC_EVALUATIONS }).notNull(),
		comment: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.topicId, t.userId)]
);
