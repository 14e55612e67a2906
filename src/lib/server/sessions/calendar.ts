/** The session as an iCalendar file (RFC 5545), for the session page and for an invitation's link. */
import { createEvent, type EventAttributes } from 'ics';
import { m } from '$lib/paraglide/messages';
import { KIND_NAMES } from '$lib/labels/sessions';
import type { Actor } from '../access';
import { invitationUrl, readable, type Session } from './session';
import { resolveToken } from './invitee';
import { sessionView } from './views';

const utcParts = (d: Date): [number, number, number, number, number] => [
	d.getUTCFullYear(),
	d.getUTCMonth() + 1,
	d.getUTCDate(),
	d.getUTCHours(),
	d.getUTCMinutes()
];

/** an iCalendar file (RFC 5545) of the session, in UTC so every calendar shows it at the right hour */
async function calendarFile(session: Session, url: string, community?: { id: number; name: string }): Promise<string> {
	const view = await sessionView(session, community);
	const agenda = view.agenda.map((a) => `${a.position}. ${a.title}${a.presenter ? `（${a.presenter}）` : ''}`).join('\n');
	const attrs: EventAttributes = {
		uid: `yst-session-${session.id}@yishiting`,
		productId: 'yishiting/sessions',
		start: utcParts(session.startsAt),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: utcParts(session.endsAt),
		endInputType: 'utc',
		endOutputType: 'utc',
		title: `${KIND_NAMES[session.kind]()}：${session.title}`,
		description: [view.community.name, session.description, agenda ? `${m.session_agenda()}：\n${agenda}` : '', url].filter(Boolean).join('\n\n'),
		location: view.place || undefined,
		url,
		status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
		calName: view.community.name
	};
	const { error, value } = createEvent(attrs);
	if (error || !value) throw error ?? new Error('calendar file not made');
	return value;
}

export async function calendar(actor: Actor, sessionId: number, origin: string) {
	const { session, community } = await readable(actor, sessionId);
	return { session, body: await calendarFile(session, `${origin}/c/${session.communityId}/sessions/${session.id}`, community) };
}

export async function calendarByToken(token: string, origin: string) {
	const { session } = await resolveToken(token);
	return { session, body: await calendarFile(session, invitationUrl(origin, token)) };
}
