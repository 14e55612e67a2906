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
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.topicId)]
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
