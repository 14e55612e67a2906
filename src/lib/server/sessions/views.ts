/** Reading sessions: the session page, the community's list, the home page's announcements, the live board, the poster. */
import { and, asc, desc, eq, gte, inArray, isNull, ne, sql } from 'drizzle-orm';
import { qrSvg } from '../qr';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import * as votes from '../votes';
import { readable, type Session } from './session';
import { placeOf, venueOf } from './venues';
import { agendaOf, topicsForAgenda } from './agenda';
import { materialsOf } from './materials';
import { invitationsOf } from './invitations';
import { attendanceOf, attendanceSummary, checkinWindow } from './attendance';

type CommunityName = { id: number; name: string };

/** the session as anyone allowed to see it sees it: time, place, agenda, materials (its community when not given) */
export async function sessionView(session: Session, known?: CommunityName) {
	const [community, venue, agenda, materials] = await Promise.all([
		known ?? communities.get(session.communityId),
		venueOf(session),
		agendaOf(session.id),
		materialsOf(session.id)
	]);
	return {
		community: { id: community.id, name: community.name },
		session: {
			id: session.id,
			communityId: session.communityId,
			kind: session.kind,
			title: session.title,
			description: session.description,
			status: session.status,
			startsAt: session.startsAt,
			endsAt: session.endsAt,
			venueId: session.venueId,
			venueText: session.venueText,
			quorumMin: session.quorumMin,
			openToResidents: session.openToResidents,
			currentAgendaItemId: session.currentAgendaItemId,
			cancelReason: session.cancelReason,
			publishedAt: session.publishedAt
		},
		venue: venue ? { id: venue.id, name: venue.name, kind: venue.kind, address: venue.address } : null,
		place: placeOf(venue, session),
		agenda,
		materials
	};
}

/** the session page */
export async function get(actor: Actor, sessionId: number) {
	const { session, community, user, committee } = await readable(actor, sessionId);
	const [view, att, polls, mine, myInvitation, invited, agendaTopics] = await Promise.all([
		sessionView(session, community),
		attendanceOf(session, committee),
		pollsOf(actor, session.id),
		db
			.select({ checkedInAt: table.sessionAttendance.checkedInAt })
			.from(table.sessionAttendance)
			.where(and(eq(table.sessionAttendance.sessionId, session.id), eq(table.sessionAttendance.userId, user.id))),
		db
			.select({ id: table.sessionInvitation.id, role: table.sessionInvitation.role, rsvp: table.sessionInvitation.rsvp, delegateName: table.sessionInvitation.delegateName })
			.from(table.sessionInvitation)
			.where(and(eq(table.sessionInvitation.sessionId, session.id), eq(table.sessionInvitation.userId, user.id), isNull(table.sessionInvitation.revokedAt))),
		committee ? invitationsOf(session) : null,
		committee ? topicsForAgenda(session.communityId) : []
	]);
	const staff = hasRole(user, session.communityId, 'committee', 'cadre', 'grid');
	const resident = hasRole(user, session.communityId, 'resident', 'owner');
	return {
		...view,
		attendance: att,
		polls,
		invitations: invited,
		isCommittee: committee,
		agendaTopics,
		me: {
			checkedInAt: mine[0]?.checkedInAt ?? null,
			invitation: myInvitation[0] ?? null,
			mayCheckIn: Boolean(myInvitation[0]) || staff || (resident && session.openToResidents),
			mayRsvp: (session.status === 'published' || session.status === 'in_progress') && (Boolean(myInvitation[0]) || (resident && session.openToResidents))
		},
		checkin: checkinWindow(session)
	};
}

/** the community's sessions: upcoming first, then past; drafts for the committee only */
export async function list(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const committee = hasRole(user, community.id, 'committee');
	const where = committee
		? eq(table.deliberationSession.communityId, community.id)
		: and(eq(table.deliberationSession.communityId, community.id), ne(table.deliberationSession.status, 'draft'));
	const rows = await db
		.select({
			id: table.deliberationSession.id,
			kind: table.deliberationSession.kind,
			title: table.deliberationSession.title,
			status: table.deliberationSession.status,
			startsAt: table.deliberationSession.startsAt,
			endsAt: table.deliberationSession.endsAt,
			venueName: table.venue.name,
			venueText: table.deliberationSession.venueText,
			attendees: sql<number>`(select count(*) from ${table.sessionAttendance} where ${table.sessionAttendance.sessionId} = ${table.deliberationSession.id})`.mapWith(Number),
			invited: sql<number>`(select count(*) from ${table.sessionInvitation} where ${table.sessionInvitation.sessionId} = ${table.deliberationSession.id} and ${table.sessionInvitation.revokedAt} is null)`.mapWith(Number)
		})
		.from(table.deliberationSession)
		.leftJoin(table.venue, eq(table.venue.id, table.deliberationSession.venueId))
		.where(where)
		.orderBy(desc(table.deliberationSession.startsAt), desc(table.deliberationSession.id))
		.limit(200);
	const now = Date.now();
	const upcoming = rows.filter((r) => r.endsAt.getTime() >= now && r.status !== 'cancelled' && r.status !== 'ended').reverse();
	const past = rows.filter((r) => !upcoming.includes(r));
	return { community: { id: community.id, name: community.name }, isCommittee: committee, upcoming, past };
}

/** for the community home page: published sessions still to come (or under way), soonest first */
export async function announced(actor: Actor, communityId: number, limit = 3) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return db
		.select({
			id: table.deliberationSession.id,
			kind: table.deliberationSession.kind,
			title: table.deliberationSession.title,
			status: table.deliberationSession.status,
			startsAt: table.deliberationSession.startsAt,
			venueName: table.venue.name,
			venueText: table.deliberationSession.venueText
		})
		.from(table.deliberationSession)
		.leftJoin(table.venue, eq(table.venue.id, table.deliberationSession.venueId))
		.where(
			and(
				eq(table.deliberationSession.communityId, community.id),
				inArray(table.deliberationSession.status, ['published', 'in_progress']),
				gte(table.deliberationSession.endsAt, new Date())
			)
		)
		.orderBy(asc(table.deliberationSession.startsAt))
		.limit(limit);
}

/** the polls taken in this session, with their live counts (each vote's own rules decide what the reader sees) */
async function pollsOf(actor: Actor, sessionId: number) {
	const rows = await db
		.select({ id: table.vote.id, title: table.vote.title, status: table.vote.status, kind: table.vote.kind })
		.from(table.vote)
		.where(and(eq(table.vote.sessionId, sessionId), ne(table.vote.status, 'draft')))
		.orderBy(asc(table.vote.id));
	const out = [];
	for (const r of rows) out.push({ ...r, result: await votes.result(actor, r.id) });
	return out;
}

/** everything the projector board shows; re-read on every change signal */
export async function liveState(actor: Actor, sessionId: number) {
	const { session, community } = await readable(actor, sessionId);
	const [view, summary, polls] = await Promise.all([sessionView(session, community), attendanceSummary(session), pollsOf(actor, session.id)]);
	const current = view.agenda.find((a) => a.id === session.currentAgendaItemId) ?? null;
	return {
		community: view.community,
		session: { id: session.id, title: session.title, kind: session.kind, status: session.status, startsAt: session.startsAt, endsAt: session.endsAt },
		place: view.place,
		agenda: view.agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, presenter: a.presenter, minutes: a.minutes })),
		current: current ? { id: current.id, position: current.position, title: current.title, presenter: current.presenter, minutes: current.minutes } : null,
		attendance: summary,
		polls: polls.map((p) => ({
			id: p.id,
			title: p.title,
			kind: p.kind,
			status: p.status,
			participated: p.result.participated.heads,
			eligible: p.result.eligible.heads,
			options:
				p.result.kind === 'poll'
					? p.result.options.map((o) => ({ label: o.label, count: o.count }))
					: (['yes', 'no', 'abstain'] as const).map((c) => ({ label: c, count: p.result.kind === 'binding' ? p.result[c].heads : 0 }))
		})),
		at: new Date().toISOString()
	};
}

export const checkinUrl = (origin: string, s: { id: number; communityId: number }) => `${origin}/c/${s.communityId}/sessions/${s.id}/checkin`;

/** the door / projector poster: a QR code to the check-in page */
export async function poster(actor: Actor, sessionId: number, origin: string) {
	const { session, community } = await readable(actor, sessionId);
	const url = checkinUrl(origin, session);
	return { ...(await sessionView(session, community)), url, qr: await qrSvg(url) };
}
