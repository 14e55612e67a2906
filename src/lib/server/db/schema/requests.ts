import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { building, community, entrance } from './places';
import { user } from './people';
import { topic } from './topics';
import { storedFile } from './sessions';

export const REQUEST_CATEGORIES = [
	'facility', // 设施维修
	'environment', // 环境卫生
	'safety', // 安全隐患
	'noise', // 噪音扰民
	'neighbour', // 邻里纠纷
	'property', // 物业服务
	'traffic', // 交通停车
	'other' // 其他
] as const;
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];

export const REQUEST_COLOURS = ['green', 'yellow', 'red', 'grey'] as const;

export const REQUEST_STATUSES = [
	'new', // 待受理
	'handling', // 办理中 (accepted and classified)
	'closed', // 已办结
	'escalated' // 已转议题
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** how the reporter wants to hear back */
export const CONTACT_PREFERENCES = ['phone', 'online', 'visit'] as const;

/** 码上报: one problem a resident reported, and its handling on the 515303 clock */
export const request = pgTable(
	'request',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		buildingId: integer().references(() => building.id),
		entranceId: integer().references(() => entrance.id),
		category: text({ enum: REQUEST_CATEGORIES }).notNull(),
		description: text().notNull(),
		location: text().notNull().default(''),
		contactPreference: text({ enum: CONTACT_PREFERENCES }).notNull().default('phone'),
		/** the signed-in reporter; null for a report without an account */
		reporterId: integer().references(() => user.id),
		/** contact details left without an account; shown only to the reporter and the handlers */
		reporterPhone: text(),
		reporterName: text().notNull().default(''),
		/** SHA-256 of the tracking token, hex; the token itself is only in the reporter's link */
		trackingHash: text().notNull().unique(),
		colour: text({ enum: REQUEST_COLOURS }),
		acceptedAt: timestamp({ withTimezone: true }),
		deadline: timestamp({ withTimezone: true }),
		status: text({ enum: REQUEST_STATUSES }).notNull().default('new'),
		reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		respondedAt: timestamp({ withTimezone: true }),
		arrivedAt: timestamp({ withTimezone: true }),
		plannedAt: timestamp({ withTimezone: true }),
		planNote: text().notNull().default(''),
		closedAt: timestamp({ withTimezone: true }),
		result: text().notNull().default(''),
		followedUpAt: timestamp({ withTimezone: true }),
		followUpNote: text().notNull().default(''),
		/** the grid worker (or committee member) handling it */
		assigneeId: integer().references(() => user.id),
		/** the property firm or another party it was passed to */
		dispatchedTo: text(),
		dispatchedAt: timestamp({ withTimezone: true }),
		/** the deliberation topic it became; the link lives here, the topic page looks it up */
		topicId: integer().references(() => topic.id),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.communityId, t.reportedAt),
		index().on(t.communityId, t.status),
		index().on(t.reporterId),
		uniqueIndex().on(t.topicId)
	]
);

/** the request's timeline as the reporter sees it: each step, dispatch and progress report */
export const requestUpdate = pgTable(
	'request_update',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		requestId: integer()
			.notNull()
			.references(() => request.id),
		kind: text().notNull(),
		body: text().notNull().default(''),
		authorId: integer().references(() => user.id),
		authorName: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.requestId)]
);

export const EVALUATION_RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;

/** the reporter's evaluation of a closed request, once */
export const requestEvaluation = pgTable(
	'request_evaluation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		requestId: integer()
			.notNull()
			.references(() => request.id),
		rating: text({ enum: EVALUATION_RATINGS }).notNull(),
		comment: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.requestId), index().on(t.communityId)]
);

/** photos the reporter attached (stored_file, shown only to whoever may read the request) */
export const requestPhoto = pgTable(
	'request_photo',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		requestId: integer()
			.notNull()
			.references(() => request.id),
		fileId: integer()
			.notNull()
			.references(() => storedFile.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.requestId)]
);
