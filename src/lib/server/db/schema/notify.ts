import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { community } from './places';
import { user } from './people';
import { sessionInvitation } from './sessions';

/** what an inbox item is about; each kind has its own words in src/lib/server/notify/render.ts */
export const INBOX_KINDS = [
	'topic_status',
	'vote_opened',
	'vote_closing',
	'vote_preliminary',
	'vote_result',
	'request_update',
	'session_published',
	'session_changed',
	'session_cancelled',
	'session_reminder',
	'minutes_published',
	'plan_published',
	'plan_bill',
	'plan_payment',
	'rating_opened',
	'rating_closing',
	'resolution_late',
	'meeting_notice',
	'comment_reply',
	'comment_moderated'
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** the records a person may follow (关注) */
export const FOLLOW_TARGETS = ['topic', 'session', 'vote', 'plan', 'request'] as const;
export type FollowTarget = (typeof FOLLOW_TARGETS)[number];

/** the values an item's words are made from: record titles as written, codes (a status, a colour) and times */
export type InboxParams = Record<string, string | number | boolean | null>;

/**
 * 站内消息: one item per event and person, written in the same transaction as the change it tells about.
 *
 * No title or body text is stored: the item keeps its kind and the params its words are made from, and the words
 * are rendered when it is read, with Paraglide in the reader's language. The site has no per-person language (the
 * choice is a cookie, per browser), so words fixed at writing time would be in a language picked for the reader
 * rather than by them, and a reader who switches to English would still see Chinese; one row per person also keeps
 * a vote over 100,000 units at 100,000 rows, not twice that. Later channels render the same kind and params: an
 * SMS provider's template and its parameters are exactly this shape.
 *
 * event_key names the event (`vote:12:opened`): with the person it is unique, so an event told twice — a retried
 * request, a delivery job run again — gives each person one item.
 */
export const inboxItem = pgTable(
	'inbox_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		// the community of the record it tells about, copied from that record in the same statement: no foreign key,
		// whose check per row was an eighth of the time a 100,000-owner vote took to open (communities are never deleted)
		communityId: integer().notNull(),
		kind: text({ enum: INBOX_KINDS }).notNull(),
		params: jsonb().$type<InboxParams>().notNull().default({}),
		/** the page it is about, a path on this site */
		link: text().notNull(),
		eventKey: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp({ withTimezone: true })
	},
	(t) => [
		// also a person's items (newest first is a sort of one person's few hundred rows): no second index to fill
		// 100,000 times when a big vote opens
		uniqueIndex().on(t.userId, t.eventKey),
		// the count of the unread ones, in the header of every page
		index('inbox_item_unread_index').on(t.userId).where(sql`${t.readAt} is null`)
	]
);

/** 关注: a person follows a topic, session, vote, plan or request and hears when it moves */
export const follow = pgTable(
	'follow',
	{
		userId: integer()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		targetType: text({ enum: FOLLOW_TARGETS }).notNull(),
		targetId: integer().notNull(),
		/** the target's community, so that one who leaves it stops hearing about it */
		communityId: integer()
			.notNull()
			.references(() => community.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.targetType, t.targetId] }), index().on(t.targetType, t.targetId)]
);

/**
 * The inbox of an invitee without an account, shown on their invitation's link page: the same kinds and params as
 * inbox_item, one per event and invitation.
 */
export const invitationInboxItem = pgTable(
	'invitation_inbox_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		invitationId: integer()
			.notNull()
			.references(() => sessionInvitation.id, { onDelete: 'cascade' }),
		communityId: integer().notNull(),
		kind: text({ enum: INBOX_KINDS }).notNull(),
		params: jsonb().$type<InboxParams>().notNull().default({}),
		link: text().notNull(),
		eventKey: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.invitationId, t.eventKey)]
);

/** the events the clock (notify/clock.ts) has told: each once, whichever server instance's tick came first */
export const clockEvent = pgTable('clock_event', {
	eventKey: text().primaryKey(),
	toldAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
