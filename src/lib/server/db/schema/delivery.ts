import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { community } from './places';
import { user } from './people';
import type { InboxParams } from './notify';

/** the channels beyond the inbox (which is always on) */
export const CHANNELS = ['sms', 'email', 'wechat'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * queued: written with the inbox item, not yet handed to the job queue · enqueued: a job exists (maybe due later,
 * at 08:00 after quiet hours) · sent · failed: retries used up, the reason kept · skipped: not sent on purpose (the
 * budget is spent, no address), the reason kept · digest: waiting for the person's daily digest
 */
export const DELIVERY_STATUSES = ['queued', 'enqueued', 'sent', 'failed', 'skipped', 'digest'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** 接收方式: a person's choice of channel per kind of event; no row, inbox only */
export const channelChoice = pgTable(
	'channel_choice',
	{
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** an inbox kind (vote_opened…) */
		kind: text().notNull(),
		channel: text({ enum: CHANNELS }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })]
);

/** a person's addresses for the channels other than SMS (which uses the verified phone), and how often */
export const channelSetting = pgTable('channel_setting', {
	userId: integer()
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	email: text(),
	/** the openid of the official account's follower, bound by the resident */
	wechatOpenid: text(),
	/** one message a day (08:00) collecting the day's items instead of one per item */
	digest: boolean().notNull().default(false),
	/** reminders they chose by SMS may come at night too (other SMS waits for 08:00) */
	nightReminders: boolean().notNull().default(false)
});

/**
 * One message per event, person and channel: (event_key, user_id, channel) is unique, so telling an event twice,
 * retrying a job or restarting a crashed worker never makes a second row, and the worker sends a row only while
 * it is not yet sent. The committee reads the failed and skipped ones with their reason.
 */
export const delivery = pgTable(
	'delivery',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		eventKey: text().notNull(),
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		channel: text({ enum: CHANNELS }).notNull(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		kind: text().notNull(),
		params: jsonb().$type<InboxParams>().notNull().default({}),
		link: text().notNull(),
		status: text({ enum: DELIVERY_STATUSES }).notNull().default('queued'),
		attempts: integer().notNull().default(0),
		/** the provider's last refusal or why it was skipped */
		reason: text(),
		/** when it may be sent (after quiet hours) */
		dueAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex().on(t.eventKey, t.userId, t.channel),
		// the dispatcher's scan of rows not yet handed to the queue
		index('delivery_queued_index').on(t.id).where(sql`${t.status} = 'queued'`),
		index().on(t.communityId, t.status)
	]
);

/** the committee's monthly SMS budget (条); no row or null: no limit. Cost per message in fen for the estimate. */
export const smsBudget = pgTable('sms_budget', {
	communityId: integer()
		.primaryKey()
		.references(() => community.id),
	monthlyLimit: integer(),
	fenPerMessage: integer().notNull().default(5),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** messages sent per community and Shanghai month (2026-12), counted as each is sent */
export const smsUsage = pgTable(
	'sms_usage',
	{
		communityId: integer()
			.notNull()
			.references(() => community.id),
		month: text().notNull(),
		sent: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.communityId, t.month] })]
);
