import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	customType,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { community } from './places';
import { user } from './people';
import { topic } from './topics';

/** PostgreSQL bytea as a Uint8Array (postgres.js gives a Buffer, PGlite a Uint8Array: both are Uint8Arrays) */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * An uploaded file, kept in the database so that every server instance sees it. Shared by every domain
 * (session materials, cadre photos, request photos); each domain serves it through its own route and checks.
 */
export const storedFile = pgTable(
	'stored_file',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		name: text().notNull(),
		mime: text().notNull(),
		size: integer().notNull(),
		/** hex SHA-256 of the bytes */
		sha256: text().notNull(),
		bytes: bytea().notNull(),
		uploadedById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.communityId), check('stored_file_size_check', sql`${t.size} >= 0 and ${t.size} <= 10485760`)]
);

export const VENUE_KINDS = [
	'pavilion', // 议事亭
	'hall', // 议事厅
	'centre', // 党群服务中心
	'courtyard', // 庭院
	'shop', // 商户店铺
	'other'
] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

/** a place of the community where sessions are held */
export const venue = pgTable(
	'venue',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		name: text().notNull(),
		kind: text({ enum: VENUE_KINDS }).notNull().default('other'),
		address: text().notNull().default(''),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.communityId, t.name)]
);

export const SESSION_KINDS = [
	'council', // 议事会
	'consultation', // 协商会
	'joint', // 三方联席会
	'hearing', // 听证会
	'bamba', // 坝坝会
	'alliance' // 商居联盟会
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATUSES = ['draft', 'published', 'in_progress', 'ended', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A deliberation session (议事会 etc.). Named so in SQL because `session` holds sign-in sessions. */
export const deliberationSession = pgTable(
	'deliberation_session',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		kind: text({ enum: SESSION_KINDS }).notNull(),
		title: text().notNull(),
		description: text().notNull().default(''),
		venueId: integer().references(() => venue.id),
		/** a place not in the venue list (or extra directions) */
		venueText: text().notNull().default(''),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		endsAt: timestamp({ withTimezone: true }).notNull(),
		status: text({ enum: SESSION_STATUSES }).notNull().default('draft'),
		/** every verified resident of the community may come and check in, not only those invited by name */
		openToResidents: boolean().notNull().default(true),
		/** quorum rule: the session is quorate with at least this many attendees; null when it has none */
		quorumMin: integer(),
		currentAgendaItemId: integer().references((): AnyPgColumn => sessionAgendaItem.id, { onDelete: 'set null' }),
		cancelReason: text(),
		publishedAt: timestamp({ withTimezone: true }),
		startedAt: timestamp({ withTimezone: true }),
		endedAt: timestamp({ withTimezone: true }),
		createdById: integer()
			.notNull()
			.references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.communityId, t.startsAt),
		check('deliberation_session_time_check', sql`${t.endsAt} > ${t.startsAt}`),
		check('deliberation_session_quorum_check', sql`${t.quorumMin} is null or ${t.quorumMin} >= 1`)
	]
);

/** one item of a session's agenda, usually an accepted topic */
export const sessionAgendaItem = pgTable(
	'session_agenda_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references((): AnyPgColumn => deliberationSession.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		topicId: integer().references(() => topic.id),
		/** the topic's title when taken from a topic, or an item of its own (开场, 通报) */
		title: text().notNull(),
		presenter: text().notNull().default(''),
		minutes: integer(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.sessionId, t.position),
		// a topic appears once on an agenda
		uniqueIndex().on(t.sessionId, t.topicId),
		check('session_agenda_item_minutes_check', sql`${t.minutes} is null or ${t.minutes} between 1 and 600`)
	]
);

export const sessionMaterial = pgTable(
	'session_material',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id, { onDelete: 'cascade' }),
		fileId: integer()
			.notNull()
			.references(() => storedFile.id),
		title: text().notNull(),
		createdById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.sessionId)]
);

export const INVITATION_KINDS = ['resident', 'party'] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];

/** who someone is at a session; outside parties by their role, residents as 居民, community staff as 社区工作人员 */
export const PARTICIPANT_ROLES = [
	'deputy', // 人大代表
	'cppcc', // 政协委员
	'property', // 物业公司
	'merchant', // 商户
	'owners_committee', // 业委会
	'lawyer', // 律师
	'utility', // 公用事业单位
	'authority', // 上级部门
	'other', // 其他
	'resident', // 居民
	'staff' // 社区工作人员 / 网格员
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const RSVP_ANSWERS = ['attend', 'decline', 'delegate'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/**
 * An invitation with its own link. Only the SHA-256 of the link's token is kept: a copy of the database
 * does not hand out working links. The committee sees the link when it creates the invitation, and can
 * print the letter then; a reprint later issues a new link (the old one stops working).
 */
export const sessionInvitation = pgTable(
	'session_invitation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id, { onDelete: 'cascade' }),
		kind: text({ enum: INVITATION_KINDS }).notNull(),
		role: text({ enum: PARTICIPANT_ROLES }).notNull(),
		organisation: text().notNull().default(''),
		name: text().notNull(),
		phone: text().notNull().default(''),
		/** the resident's account, when a resident is invited by name */
		userId: integer().references(() => user.id),
		/** hex SHA-256 of the link's token */
		tokenHash: text().notNull(),
		/**
		 * the link's token itself, so the committee can send or print the letter again; cleared the first time the
		 * link is used (an answer or a check-in), after which only the invitee holds it
		 */
		linkToken: text(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		rsvp: text({ enum: RSVP_ANSWERS }),
		delegateName: text(),
		respondedAt: timestamp({ withTimezone: true }),
		revokedAt: timestamp({ withTimezone: true }),
		createdById: integer().references(() => user.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.tokenHash),
		uniqueIndex().on(t.sessionId, t.userId),
		index().on(t.sessionId)
	]
);

export const ATTENDANCE_METHODS = ['self', 'committee'] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];

/** who was there: a signed-in resident, an invitee (by link or marked), or a person the committee names */
export const sessionAttendance = pgTable(
	'session_attendance',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		communityId: integer()
			.notNull()
			.references(() => community.id),
		sessionId: integer()
			.notNull()
			.references(() => deliberationSession.id, { onDelete: 'cascade' }),
		userId: integer().references(() => user.id),
		invitationId: integer().references(() => sessionInvitation.id),
		name: text().notNull(),
		role: text({ enum: PARTICIPANT_ROLES }).notNull(),
		organisation: text().notNull().default(''),
		method: text({ enum: ATTENDANCE_METHODS }).notNull(),
		recordedById: integer().references(() => user.id),
		checkedInAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// once per person: the database refuses a second check-in, also when two arrive at once
		uniqueIndex().on(t.sessionId, t.userId),
		uniqueIndex().on(t.sessionId, t.invitationId),
		index().on(t.sessionId, t.role)
	]
);
