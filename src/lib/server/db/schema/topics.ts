import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { building, community, estate } from './places';
import { user } from './people';

export const TOPIC_STATUSES = [
	'collecting', // 征集中
	'accepted', // 已受理
	'deliberating', // 协商中
	'voted', // 已表决
	'implementing', // 落实中
	'done', // 已办结
	'declined', // 未受理
	'merged' // 已合并
] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/**
 * a comment's state: published; pending (先审后发 for a new resident's first post, or edited after being hidden and
 * waiting for the committee again); hidden by the committee with a public reason; deleted by its author (a
 * placeholder stays, the words stay in the database and the audit log)
 */
export const COMMENT_STATES = ['published', 'pending', 'hidden', 'deleted'] as const;
export type CommentState = (typeof COMMENT_STATES)[number];

/** 举报理由: others' personal information, abuse, advertising, false information, other */
export const REPORT_REASONS = ['privacy', 'abuse', 'ad', 'false', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_STATES = ['open', 'hidden', 'kept'] as const;

export const TOPIC_SCOPES = ['community', 'estate', 'building'] as const;
export type TopicScope = (typeof TOPIC_SCOPES)[number];

export const TOPIC_CATEGORIES = [
	'facility', // 设施维修
	'environment', // 环境卫生
	'safety', // 安全隐患
	'traffic', // 交通停车
	'property', // 物业管理
	'elderly', // 养老助残
	'business', // 商居关系
	'other' // 其他
] as const;
export type TopicCategory = (typeof TOPIC_CATEGORIES)[number];

export const topic = pgTable(
	'topic',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		title: text().notNull(),
		description: text().notNull(),
		scope: text({ enum: TOPIC_SCOPES }).notNull().default('community'),
		estateId: integer().references(() => estate.id),
		buildingId: integer().references(() => building.id),
		category: text({ enum: TOPIC_CATEGORIES }).notNull(),
		status: text({ enum: TOPIC_STATUSES }).notNull().default('collecting'),
		proposerId: integer()
			.notNull()
			.references(() => user.id),
		mergedIntoId: integer().references((): AnyPgColumn => topic.id),
		declineReason: text(),
		secondCount: integer().notNull().default(0),
		/** set when the seconds reach the community's threshold */
		flaggedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.communityId, t.status), index().on(t.communityId, t.createdAt)]
);

export const topicSecond = pgTable(
	'topic_second',
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
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	// one second per resident per topic
	(t) => [uniqueIndex().on(t.topicId, t.userId)]
);

export const topicComment = pgTable(
	'topic_comment',
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
		/** a reply answers a comment of the same topic; replies have no replies of their own (one level) */
		parentId: integer().references((): AnyPgColumn => topicComment.id),
		/** the committee's official answer to the topic (居委会答复), shown first */
		official: boolean().notNull().default(false),
		body: text().notNull(),
		state: text({ enum: COMMENT_STATES }).notNull().default('published'),
		/** the committee's public reason, while hidden */
		hiddenReason: text(),
		/** the author's last edit (shown as 已编辑); the earlier words stay in the audit log */
		editedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.topicId)]
);

/** 举报: a person reports a comment or reply with a reason; the committee hides it or keeps it with an answer */
export const commentReport = pgTable(
	'comment_report',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		commentId: integer()
			.notNull()
			.references(() => topicComment.id),
		reporterId: integer()
			.notNull()
			.references(() => user.id),
		reason: text({ enum: REPORT_REASONS }).notNull(),
		note: text().notNull().default(''),
		state: text({ enum: REPORT_STATES }).notNull().default('open'),
		/** the committee's answer to the reporter (the public reason when hidden) */
		answer: text().notNull().default(''),
		decidedById: integer().references(() => user.id),
		decidedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// one open report per person and comment
		uniqueIndex('comment_report_open_index').on(t.commentId, t.reporterId).where(sql`${t.state} = 'open'`),
		index().on(t.communityId, t.state)
	]
);

/** the topic's public timeline: every status change with who and when */
export const topicEvent = pgTable(
	'topic_event',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		topicId: integer()
			.notNull()
			.references(() => topic.id),
		kind: text().notNull(),
		fromStatus: text({ enum: TOPIC_STATUSES }),
		toStatus: text({ enum: TOPIC_STATUSES }),
		actorId: integer().references(() => user.id),
		actorName: text().notNull().default(''),
		note: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.topicId)]
);
