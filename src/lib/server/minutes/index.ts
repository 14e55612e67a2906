/**
 * The record of a session and its minutes (会议纪要): the secretary's notes per agenda item, the draft
 * assembled from the session, published versions that never change (a correction is a new version with
 * its reason), and participants' confirmations. Document rules live in $lib/domain/minutes.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { m } from '$lib/paraglide/messages';
import * as doc from '$lib/domain/minutes';
import { canTransition } from '$lib/domain/topic-status';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { ParticipantRole } from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireUser, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import * as sessions from '../sessions';
import * as topics from '../topics';
import { isUniqueViolation, ServiceError } from '../errors';
import { id, optionalText, parseInput, text } from '../http/validate';

export type Session = typeof table.deliberationSession.$inferSelect;

/** the order attendees are listed in the minutes: community staff, deputies and officials, parties, residents */
export const ROLE_ORDER: readonly ParticipantRole[] = [
	'staff',
	'deputy',
	'cppcc',
	'authority',
	'utility',
	'property',
	'owners_committee',
	'merchant',
	'lawyer',
	'resident',
	'other'
];

/** sessions whose discussion can be recorded and whose minutes can be published */
const HELD: readonly Session['status'][] = ['in_progress', 'ended'];

const zh = { locale: 'zh-CN' as const };

// ---------- input ----------

const recordSchema = v.object({
	agendaItemId: id,
	speaker: text(40, m.mins_err_speaker),
	speakerRole: optionalText(40),
	point: text(2000, m.mins_err_point)
});
const recordEditSchema = v.object({
	speaker: text(40, m.mins_err_speaker),
	speakerRole: optionalText(40),
	point: text(2000, m.mins_err_point)
});
/**
 * The consultation opinion and nothing else: `opinion` must be there (blank clears it), so a misspelt key or a
 * stray body is refused instead of silently clearing the draft. A form's own `_form` marker is dropped first.
 */
const opinionSchema = v.strictObject(
	{ opinion: v.pipe(v.string(m.mins_err_opinion), v.trim(), v.maxLength(5000, m.mins_err_opinion)) },
	// a missing opinion is named as such; anything else wrong with the body's shape is "only the opinion"
	(issue) => (issue.received === 'undefined' ? m.mins_err_opinion() : m.mins_err_opinion_only())
);
const withoutFormMarker = (input: unknown) => {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	const { _form, ...rest } = input as Record<string, unknown>;
	void _form;
	return rest;
};
const publishSchema = v.object({ opinion: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(5000, m.err_invalid_input))), reason: optionalText(500) });

// ---------- loading ----------

export async function loadSession(sessionId: number, q: typeof db | Tx = db): Promise<Session> {
	const [row] = await q.select().from(table.deliberationSession).where(eq(table.deliberationSession.id, sessionId));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** the session, for anyone who may read its community (403 for other communities) */
async function readable(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	const community = await communities.get(session.communityId);
	const user = requireReader(actor, community);
	return { session, community, user };
}

async function managed(actor: Actor, sessionId: number) {
	const session = await loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	return { session, user };
}

function requireHeld(session: Session) {
	if (!HELD.includes(session.status)) throw new ServiceError(409, 'session_not_held', m.mins_err_not_held());
}

async function agendaOf(sessionId: number, q: typeof db | Tx = db) {
	return q
		.select({
			id: table.sessionAgendaItem.id,
			position: table.sessionAgendaItem.position,
			title: table.sessionAgendaItem.title,
			presenter: table.sessionAgendaItem.presenter,
			topicId: table.sessionAgendaItem.topicId
		})
		.from(table.sessionAgendaItem)
		.where(eq(table.sessionAgendaItem.sessionId, sessionId))
		.orderBy(asc(table.sessionAgendaItem.position), asc(table.sessionAgendaItem.id));
}

// ---------- the secretary's record ----------

/** The secretary (committee) records who spoke on an agenda item and their point. */
export async function addRecord(actor: Actor, sessionId: number, input: unknown): Promise<{ id: number }> {
	const { session, user } = await managed(actor, sessionId);
	const data = parseInput(recordSchema, input);
	requireHeld(session);
	return db.transaction(async (tx) => {
		const [item] = await tx
			.select({ id: table.sessionAgendaItem.id })
			.from(table.sessionAgendaItem)
			.where(and(eq(table.sessionAgendaItem.id, data.agendaItemId), eq(table.sessionAgendaItem.sessionId, session.id)));
		if (!item) throw new ServiceError(400, 'invalid_input', m.mins_err_agenda_item(), { agendaItemId: m.mins_err_agenda_item() });
		const [row] = await tx
			.insert(table.sessionRecord)
			.values({
				communityId: session.communityId,
				sessionId: session.id,
				agendaItemId: item.id,
				speaker: data.speaker,
				speakerRole: data.speakerRole,
				point: data.point,
				recordedById: user.id
			})
			.returning({ id: table.sessionRecord.id });
		await audit.record(tx, user, {
			communityId: session.communityId,
			action: 'minutes.record',
			targetType: 'session',
			targetId: session.id,
			detail: { recordId: row.id, agendaItemId: item.id, speaker: data.speaker }
		});
		return { id: row.id };
	});
}

async function recordOf(actor: Actor, recordId: number) {
	const [rec] = await db.select().from(table.sessionRecord).where(eq(table.sessionRecord.id, recordId));
	if (!rec) throw new ServiceError(404, 'not_found', m.err_not_found());
	const user = requireCommittee(actor, rec.communityId);
	return { rec, user };
}

/** corrects a record; published minutes keep what they said until a correction is published */
export async function updateRecord(actor: Actor, recordId: number, input: unknown) {
	const { rec, user } = await recordOf(actor, recordId);
	const data = parseInput(recordEditSchema, input);
	await db.transaction(async (tx) => {
		await tx.update(table.sessionRecord).set({ ...data, updatedAt: new Date() }).where(eq(table.sessionRecord.id, rec.id));
		await audit.record(tx, user, {
			communityId: rec.communityId,
			action: 'minutes.record_edit',
			targetType: 'session',
			targetId: rec.sessionId,
			detail: { recordId: rec.id, before: { speaker: rec.speaker, speakerRole: rec.speakerRole, point: rec.point }, after: data }
		});
	});
}

export async function deleteRecord(actor: Actor, recordId: number) {
	const { rec, user } = await recordOf(actor, recordId);
	await db.transaction(async (tx) => {
		await tx.delete(table.sessionRecord).where(eq(table.sessionRecord.id, rec.id));
		await audit.record(tx, user, {
			communityId: rec.communityId,
			action: 'minutes.record_delete',
			targetType: 'session',
			targetId: rec.sessionId,
			detail: { recordId: rec.id, speaker: rec.speaker, point: rec.point }
		});
	});
}

async function recordsOf(sessionId: number, q: typeof db | Tx = db) {
	return q
		.select({
			id: table.sessionRecord.id,
			agendaItemId: table.sessionRecord.agendaItemId,
			speaker: table.sessionRecord.speaker,
			speakerRole: table.sessionRecord.speakerRole,
			point: table.sessionRecord.point,
			createdAt: table.sessionRecord.createdAt
		})
		.from(table.sessionRecord)
		.where(eq(table.sessionRecord.sessionId, sessionId))
		.orderBy(asc(table.sessionRecord.id));
}

export async function records(actor: Actor, sessionId: number) {
	const { session } = await readable(actor, sessionId);
	return recordsOf(session.id);
}

// ---------- assembling the draft ----------

const CHOICE = { yes: m.vote_choice_yes, no: m.vote_choice_no, abstain: m.vote_choice_abstain };
const area = (dm2: number) => (dm2 / 100).toFixed(2);

/** a vote's result in words for the minutes, always in Chinese (the minutes are one Chinese record) */
function voteLines(vote: typeof table.vote.$inferSelect, options: { label: string; count: number }[]): string[] {
	if (vote.status === 'draft' || vote.status === 'open' || !vote.result) return [m.mins_vote_not_closed({}, zh)];
	const r = vote.result as Record<string, unknown>;
	const heads = (k: string) => (r[k] as { heads: number }).heads;
	if (vote.kind === 'poll') {
		return [
			...options.map((o) => m.mins_vote_option({ label: o.label, count: o.count }, zh)),
			m.mins_vote_participation({ participated: heads('participated'), eligible: heads('eligible') }, zh)
		];
	}
	const fig = (k: string) => r[k] as { heads: number; areaDm2: number };
	const lines = (['yes', 'no', 'abstain'] as const).map((k) =>
		m.mins_vote_binding_line({ choice: CHOICE[k]({}, zh), heads: fig(k).heads, area: area(fig(k).areaDm2) }, zh)
	);
	lines.push(m.mins_vote_participation({ participated: fig('participated').heads, eligible: fig('eligible').heads }, zh));
	lines.push(r.passed ? m.mins_vote_passed({}, zh) : m.mins_vote_failed({}, zh));
	if (vote.status === 'preliminary') lines.push(m.mins_vote_preliminary({}, zh));
	return lines;
}

async function sessionVotes(sessionId: number, q: typeof db | Tx = db) {
	const rows = await q.select().from(table.vote).where(eq(table.vote.sessionId, sessionId)).orderBy(asc(table.vote.id));
	const out = [];
	for (const vote of rows) {
		const options =
			vote.kind === 'poll'
				? await q
						.select({ label: table.voteOption.label, count: table.voteOption.count })
						.from(table.voteOption)
						.where(eq(table.voteOption.voteId, vote.id))
						.orderBy(asc(table.voteOption.position))
				: [];
		out.push({ id: vote.id, title: vote.title, kind: vote.kind, status: vote.status, result: voteLines(vote, options) });
	}
	return out;
}

async function attendeesOf(sessionId: number, q: typeof db | Tx = db) {
	return q
		.select({
			id: table.sessionAttendance.id,
			name: table.sessionAttendance.name,
			role: table.sessionAttendance.role,
			organisation: table.sessionAttendance.organisation,
			userId: table.sessionAttendance.userId,
			invitationId: table.sessionAttendance.invitationId
		})
		.from(table.sessionAttendance)
		.where(eq(table.sessionAttendance.sessionId, sessionId))
		.orderBy(asc(table.sessionAttendance.checkedInAt), asc(table.sessionAttendance.id));
}

/** the minutes document as the session stands now */
async function assembleNow(session: Session, communityName: string, opinion: string, q: typeof db | Tx = db): Promise<doc.MinutesDoc> {
	const [venue] = session.venueId
		? await q.select({ name: table.venue.name }).from(table.venue).where(eq(table.venue.id, session.venueId))
		: [];
	const [attendees, agenda, recs, votes, resolutions] = await Promise.all([
		attendeesOf(session.id, q),
		agendaOf(session.id, q),
		recordsOf(session.id, q),
		sessionVotes(session.id, q),
		q
			.select({
				id: table.resolution.id,
				text: table.resolution.text,
				responsible: table.resolution.responsibleName,
				deadline: table.resolution.deadline,
				topic: table.topic.title
			})
			.from(table.resolution)
			.leftJoin(table.topic, eq(table.topic.id, table.resolution.topicId))
			.where(eq(table.resolution.sessionId, session.id))
			.orderBy(asc(table.resolution.id))
	]);
	return doc.assemble(
		{
			community: communityName,
			session: {
				title: session.title,
				kind: session.kind,
				venue: [venue?.name, session.venueText].filter(Boolean).join(' '),
				startsAt: session.startedAt ?? session.startsAt,
				endsAt: session.endedAt ?? session.endsAt
			},
			attendees,
			agenda,
			records: recs.map((r) => ({ ...r, role: r.speakerRole })),
			votes,
			resolutions,
			opinion
		},
		ROLE_ORDER
	);
}

async function opinionOf(sessionId: number, q: typeof db | Tx = db) {
	const [row] = await q.select({ opinion: table.minutesDraft.opinion }).from(table.minutesDraft).where(eq(table.minutesDraft.sessionId, sessionId));
	return row?.opinion ?? '';
}

export async function saveOpinion(actor: Actor, sessionId: number, input: unknown) {
	const { session, user } = await managed(actor, sessionId);
	const data = parseInput(opinionSchema, withoutFormMarker(input));
	await db.transaction(async (tx) => {
		await tx
			.insert(table.minutesDraft)
			.values({ sessionId: session.id, communityId: session.communityId, opinion: data.opinion })
			.onConflictDoUpdate({ target: table.minutesDraft.sessionId, set: { opinion: data.opinion, updatedAt: new Date() } });
		await audit.record(tx, user, { communityId: session.communityId, action: 'minutes.opinion', targetType: 'session', targetId: session.id });
	});
}

/**
 * The committee's working view: the draft as it would be published now, what changed since the last
 * published version, and the pieces to edit (agenda, records, attendees).
 */
export async function draft(actor: Actor, sessionId: number) {
	const { session } = await managed(actor, sessionId);
	const opinion = await opinionOf(session.id);
	const community = await communities.get(session.communityId);
	const [document, latest, agenda, recs, attendees, votes, staff] = await Promise.all([
		assembleNow(session, community.name, opinion),
		latestVersion(session.id),
		agendaOf(session.id),
		recordsOf(session.id),
		attendeesOf(session.id),
		sessionVotes(session.id),
		staffOf(session.communityId)
	]);
	const changes = latest ? doc.diff(parse(latest.content), document) : [];
	return {
		session: sessionSummary(session),
		document,
		opinion,
		agenda,
		records: recs,
		attendees,
		votes,
		latest: latest ? { version: latest.version, contentHash: latest.contentHash, publishedAt: latest.publishedAt } : null,
		changes,
		staff,
		held: HELD.includes(session.status)
	};
}

/** the community's staff (committee, cadres, grid workers) who may be named responsible with their account */
async function staffOf(communityId: number) {
	const rows = await db
		.selectDistinct({ id: table.user.id, name: table.user.name })
		.from(table.membership)
		.innerJoin(table.user, eq(table.user.id, table.membership.userId))
		.where(
			and(
				eq(table.membership.communityId, communityId),
				eq(table.membership.status, 'verified'),
				inArray(table.membership.role, ['committee', 'cadre', 'grid'])
			)
		)
		.orderBy(asc(table.user.name));
	return rows;
}

const sessionSummary = (s: Session) => ({
	id: s.id,
	communityId: s.communityId,
	title: s.title,
	kind: s.kind,
	status: s.status,
	startsAt: s.startsAt,
	endsAt: s.endsAt
});

// ---------- publishing ----------

const parse = (content: string) => JSON.parse(content) as doc.MinutesDoc;

async function latestVersion(sessionId: number, q: typeof db | Tx = db) {
	const [row] = await q
		.select()
		.from(table.minutesVersion)
		.where(eq(table.minutesVersion.sessionId, sessionId))
		.orderBy(desc(table.minutesVersion.version))
		.limit(1);
	return row ?? null;
}

/**
 * Publishes the minutes as they stand: the first version, or a correction with its reason. The stored
 * content is the canonical text and the hash is of exactly that text; earlier versions are never touched.
 * Topics with resolutions in this session move on to 落实中.
 */
export async function publish(actor: Actor, sessionId: number, input: unknown): Promise<{ id: number; version: number; contentHash: string }> {
	const { session: found, user } = await managed(actor, sessionId);
	// a JSON list or null is no set of fields (valibot's object would take [] as one with none of them)
	const data = parseInput(publishSchema, Array.isArray(input) ? null : input);
	requireHeld(found);
	const community = await communities.get(found.communityId);
	return db.transaction(async (tx) => {
		// one publisher at a time per session: the session row is the lock
		const [session] = await tx.select().from(table.deliberationSession).where(eq(table.deliberationSession.id, found.id)).for('update');
		const latest = await latestVersion(session.id, tx);
		if (latest && !data.reason) throw new ServiceError(400, 'invalid_input', m.mins_err_reason(), { reason: m.mins_err_reason() });
		let opinion = await opinionOf(session.id, tx);
		if (data.opinion !== undefined && data.opinion !== opinion) {
			opinion = data.opinion;
			await tx
				.insert(table.minutesDraft)
				.values({ sessionId: session.id, communityId: session.communityId, opinion })
				.onConflictDoUpdate({ target: table.minutesDraft.sessionId, set: { opinion, updatedAt: new Date() } });
		}
		const document = await assembleNow(session, community.name, opinion, tx);
		const content = doc.canonical(document);
		const contentHash = encodeHexLowerCase(sha256(new TextEncoder().encode(content)));
		if (latest && latest.contentHash === contentHash) throw new ServiceError(409, 'unchanged', m.mins_err_unchanged());
		const version = (latest?.version ?? 0) + 1;
		const [row] = await tx
			.insert(table.minutesVersion)
			.values({
				communityId: session.communityId,
				sessionId: session.id,
				version,
				content,
				contentHash,
				reason: latest ? data.reason : null,
				publishedById: user.id,
				publishedByName: user.name
			})
			.returning({ id: table.minutesVersion.id });
		if (!latest) {
			const topicIds = await tx
				.selectDistinct({ id: table.resolution.topicId })
				.from(table.resolution)
				.where(eq(table.resolution.sessionId, session.id));
			for (const t of topicIds) {
				if (!t.id) continue;
				const [topic] = await tx.select({ status: table.topic.status }).from(table.topic).where(eq(table.topic.id, t.id));
				if (topic && canTransition(topic.status, 'implementing')) {
					await topics.advance(tx, user, t.id, 'implementing', m.mins_topic_note_implementing({ title: session.title }, zh));
				}
			}
		}
		await audit.record(tx, user, {
			communityId: session.communityId,
			action: latest ? 'minutes.correct' : 'minutes.publish',
			targetType: 'session',
			targetId: session.id,
			detail: { version, contentHash, ...(latest ? { reason: data.reason } : {}) }
		});
		return { id: row.id, version, contentHash };
	});
}

// ---------- reading published minutes ----------

/** hex SHA-256 of a stored content text: anyone can check a version against its published hash */
export const hashOf = (content: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(content)));

async function versionsOf(sessionId: number) {
	const rows = await db
		.select()
		.from(table.minutesVersion)
		.where(eq(table.minutesVersion.sessionId, sessionId))
		.orderBy(asc(table.minutesVersion.version));
	const confirmations = await confirmationsOf(sessionId);
	return rows.map((r, i) => {
		const document = parse(r.content);
		return {
			id: r.id,
			version: r.version,
			contentHash: r.contentHash,
			/** the stored text still hashes to the published hash */
			intact: hashOf(r.content) === r.contentHash,
			reason: r.reason,
			publishedAt: r.publishedAt,
			publishedByName: r.publishedByName,
			document,
			changes: i === 0 ? [] : doc.diff(parse(rows[i - 1].content), document),
			confirmations: confirmations.filter((c) => c.versionId === r.id)
		};
	});
}

async function confirmationsOf(sessionId: number) {
	return db
		.select({
			id: table.minutesConfirmation.id,
			versionId: table.minutesConfirmation.versionId,
			attendanceId: table.minutesConfirmation.attendanceId,
			name: table.minutesConfirmation.name,
			role: table.minutesConfirmation.role,
			organisation: table.minutesConfirmation.organisation,
			confirmedAt: table.minutesConfirmation.confirmedAt
		})
		.from(table.minutesConfirmation)
		.where(eq(table.minutesConfirmation.sessionId, sessionId))
		.orderBy(asc(table.minutesConfirmation.id));
}

/**
 * The public minutes page: every published version, newest first, each with its hash, reason and what
 * changed from the one before, the confirmations, and whether this reader may confirm the latest.
 */
export async function published(actor: Actor, sessionId: number) {
	const { session, community, user } = await readable(actor, sessionId);
	const versions = await versionsOf(session.id);
	const latest = versions.at(-1) ?? null;
	const me = await attendanceOfUser(session.id, user.id);
	const confirmed = latest && me ? latest.confirmations.some((c) => c.attendanceId === me.id) : false;
	return {
		community: { id: community.id, name: community.name },
		session: sessionSummary(session),
		versions: versions.reverse(),
		canConfirm: Boolean(latest && me && !confirmed),
		confirmed,
		attendee: Boolean(me),
		canManage: hasRole(user, session.communityId, 'committee')
	};
}

/** one version as published (for the API and the notice) */
export async function version(actor: Actor, sessionId: number, versionNo: number) {
	const { session } = await readable(actor, sessionId);
	const found = (await versionsOf(session.id)).find((x) => x.version === versionNo);
	if (!found) throw new ServiceError(404, 'not_found', m.err_not_found());
	return found;
}

/** the A4 public notice (公示): the latest version with its resolutions' current status */
export async function notice(actor: Actor, sessionId: number) {
	const { session, community } = await readable(actor, sessionId);
	const versions = await versionsOf(session.id);
	const latest = versions.at(-1);
	if (!latest) throw new ServiceError(404, 'not_published', m.mins_err_not_published());
	return { community: { id: community.id, name: community.name }, session: sessionSummary(session), latest, versionCount: versions.length };
}

// ---------- confirmation by participants ----------

async function attendanceOfUser(sessionId: number, userId: number) {
	const [row] = await db
		.select()
		.from(table.sessionAttendance)
		.where(and(eq(table.sessionAttendance.sessionId, sessionId), eq(table.sessionAttendance.userId, userId)));
	return row ?? null;
}

async function confirmAs(attendance: typeof table.sessionAttendance.$inferSelect) {
	const latest = await latestVersion(attendance.sessionId);
	if (!latest) throw new ServiceError(409, 'not_published', m.mins_err_not_published());
	try {
		const [row] = await db
			.insert(table.minutesConfirmation)
			.values({
				communityId: attendance.communityId,
				sessionId: attendance.sessionId,
				versionId: latest.id,
				attendanceId: attendance.id,
				userId: attendance.userId,
				invitationId: attendance.invitationId,
				name: attendance.name,
				role: attendance.role,
				organisation: attendance.organisation
			})
			.returning({ id: table.minutesConfirmation.id });
		return { id: row.id, version: latest.version };
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_confirmed', m.mins_err_already_confirmed());
		throw e;
	}
}

/** A signed-in participant who checked in confirms the latest version of the minutes. */
export async function confirm(actor: Actor, sessionId: number) {
	const user = requireUser(actor);
	const { session } = await readable(actor, sessionId);
	const me = await attendanceOfUser(session.id, user.id);
	if (!me) throw new ServiceError(403, 'not_attendee', m.mins_err_not_attendee());
	return confirmAs(me);
}

/** the invitation a link's token opens (the sessions module decides: wrong → 404, expired or withdrawn → 410) */
async function invitationByToken(token: string) {
	return (await sessions.resolveToken(token)).invitation;
}

async function attendanceOfInvitation(invitationId: number) {
	const [row] = await db.select().from(table.sessionAttendance).where(eq(table.sessionAttendance.invitationId, invitationId));
	return row ?? null;
}

/**
 * What an invitee sees through their link once minutes are published: the latest version only of their
 * own session, and whether they may confirm it (they checked in).
 */
export async function forInvitation(token: string) {
	const inv = await invitationByToken(token);
	const session = await loadSession(inv.sessionId);
	const community = await communities.get(session.communityId);
	const latest = await latestVersion(session.id);
	const attendance = await attendanceOfInvitation(inv.id);
	let confirmed = false;
	if (latest && attendance) {
		const [c] = await db
			.select({ id: table.minutesConfirmation.id })
			.from(table.minutesConfirmation)
			.where(and(eq(table.minutesConfirmation.versionId, latest.id), eq(table.minutesConfirmation.attendanceId, attendance.id)));
		confirmed = Boolean(c);
	}
	return {
		community: { name: community.name },
		session: { title: session.title, kind: session.kind, startsAt: session.startsAt },
		invitee: { name: attendance?.name ?? inv.name, organisation: inv.organisation, role: inv.role },
		latest: latest
			? { version: latest.version, contentHash: latest.contentHash, publishedAt: latest.publishedAt, reason: latest.reason, document: parse(latest.content) }
			: null,
		attended: Boolean(attendance),
		confirmed,
		canConfirm: Boolean(latest && attendance && !confirmed)
	};
}

/** An invitee who checked in confirms the latest version through their invitation link, without an account. */
export async function confirmByToken(token: string) {
	const inv = await invitationByToken(token);
	const attendance = await attendanceOfInvitation(inv.id);
	if (!attendance) throw new ServiceError(403, 'not_attendee', m.mins_err_not_attendee());
	return confirmAs(attendance);
}

/** Confirmations per version, for the committee and the public page alike (names and roles, no phones). */
export async function confirmations(actor: Actor, sessionId: number) {
	const { session } = await readable(actor, sessionId);
	const versions = await db
		.select({ id: table.minutesVersion.id, version: table.minutesVersion.version })
		.from(table.minutesVersion)
		.where(eq(table.minutesVersion.sessionId, session.id));
	const byId = new Map(versions.map((x) => [x.id, x.version]));
	return (await confirmationsOf(session.id)).map(({ versionId, attendanceId: _a, ...c }) => ({ ...c, version: byId.get(versionId)! }));
}

/** sessions of the community with published minutes, newest first (for the resolutions page's links) */
export async function publishedSessions(communityId: number, sessionIds: number[]) {
	if (sessionIds.length === 0) return new Set<number>();
	const rows = await db
		.selectDistinct({ sessionId: table.minutesVersion.sessionId })
		.from(table.minutesVersion)
		.where(and(eq(table.minutesVersion.communityId, communityId), inArray(table.minutesVersion.sessionId, sessionIds)));
	return new Set(rows.map((r) => r.sessionId));
}

/** an agenda item of the community, for starting a vote from it (votes/new?agendaItem=) */
export async function agendaItem(actor: Actor, communityId: number, itemId: number) {
	requireCommittee(actor, communityId);
	const [row] = await db
		.select({
			id: table.sessionAgendaItem.id,
			title: table.sessionAgendaItem.title,
			topicId: table.sessionAgendaItem.topicId,
			sessionId: table.deliberationSession.id,
			sessionTitle: table.deliberationSession.title
		})
		.from(table.sessionAgendaItem)
		.innerJoin(table.deliberationSession, eq(table.deliberationSession.id, table.sessionAgendaItem.sessionId))
		.where(and(eq(table.sessionAgendaItem.id, itemId), eq(table.sessionAgendaItem.communityId, communityId)));
	return row ?? null;
}
