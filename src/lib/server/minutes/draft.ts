/** The draft minutes: assembled from the session as it stands, with the committee's consultation opinion. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as doc from '$lib/domain/minutes';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import { parseInput } from '../http/validate';
import * as sessions from '../sessions';
import { opinionSchema, withoutFormMarker } from './input';
import { HELD, latestVersion, managed, parse, sessionSummary, zh } from './session';
import { recordsOf } from './records';

/** square metres as the minutes have always written them (no grouping): part of the published text */
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
		m.mins_vote_binding_line({ choice: m[`vote_choice_${k}`]({}, zh), heads: fig(k).heads, area: area(fig(k).areaDm2) }, zh)
	);
	lines.push(m.mins_vote_participation({ participated: fig('participated').heads, eligible: fig('eligible').heads }, zh));
	lines.push(r.passed ? m.mins_vote_passed({}, zh) : m.mins_vote_failed({}, zh));
	if (vote.status === 'preliminary') lines.push(m.mins_vote_preliminary({}, zh));
	return lines;
}

async function sessionVotes(sessionId: number, q: DB | Tx = db) {
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

/** what the minutes are made of, as the session stands now */
async function partsOf(session: sessions.Session, q: DB | Tx = db) {
	const [venue, attendees, agenda, recs, votes, resolutions] = await Promise.all([
		session.venueId ? q.select({ name: table.venue.name, address: table.venue.address }).from(table.venue).where(eq(table.venue.id, session.venueId)) : [],
		sessions.attendeesOf(session.id, q),
		sessions.agendaOf(session.id, q),
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
	return { venue: venue[0] ?? null, attendees, agenda, recs, votes, resolutions };
}

type Parts = Awaited<ReturnType<typeof partsOf>>;

function assemble(session: sessions.Session, communityName: string, opinion: string, parts: Parts): doc.MinutesDoc {
	const { venue, attendees, agenda, recs, votes, resolutions } = parts;
	return doc.assemble(
		{
			community: communityName,
			session: {
				title: session.title,
				kind: session.kind,
				// the venue's name and address, as the invitation gave them
				venue: sessions.placeOf(venue, session),
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
		doc.ROLE_ORDER
	);
}

/** the minutes document as the session stands now (inside the publishing transaction when given one) */
export async function assembleNow(session: sessions.Session, communityName: string, opinion: string, q: DB | Tx = db): Promise<doc.MinutesDoc> {
	return assemble(session, communityName, opinion, await partsOf(session, q));
}

export async function opinionOf(sessionId: number, q: DB | Tx = db) {
	const [row] = await q.select({ opinion: table.minutesDraft.opinion }).from(table.minutesDraft).where(eq(table.minutesDraft.sessionId, sessionId));
	return row?.opinion ?? '';
}

export async function writeOpinion(tx: Tx, session: Pick<sessions.Session, 'id' | 'communityId'>, opinion: string) {
	await tx
		.insert(table.minutesDraft)
		.values({ sessionId: session.id, communityId: session.communityId, opinion })
		.onConflictDoUpdate({ target: table.minutesDraft.sessionId, set: { opinion, updatedAt: new Date() } });
}

export async function saveOpinion(actor: Actor, sessionId: number, input: unknown) {
	const { session, user } = await managed(actor, sessionId);
	const data = parseInput(opinionSchema, withoutFormMarker(input));
	await db.transaction(async (tx) => {
		await writeOpinion(tx, session, data.opinion);
		await audit.record(tx, user, { communityId: session.communityId, action: 'minutes.opinion', targetType: 'session', targetId: session.id });
	});
}

/**
 * The committee's working view: the draft as it would be published now, what changed since the last
 * published version, and the pieces to edit (agenda, records, attendees).
 */
export async function draft(actor: Actor, sessionId: number) {
	const { session } = await managed(actor, sessionId);
	const [opinion, community, parts, latest, staff] = await Promise.all([
		opinionOf(session.id),
		communities.get(session.communityId),
		partsOf(session),
		latestVersion(session.id),
		staffOf(session.communityId)
	]);
	const document = assemble(session, community.name, opinion, parts);
	const { agenda, recs, attendees, votes } = parts;
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
