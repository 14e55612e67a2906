/**
 * Deliberation sessions (议事会, 协商会, 三方联席会, 听证会, 坝坝会, 商居联盟会): scheduling at a venue, the
 * agenda of accepted topics, materials, invitations with their own links (no account needed), RSVPs,
 * check-in and the live board. Every public function checks who may do it; every write is one transaction;
 * every change a board shows is announced through live.notify after it commits.
 */
export * from './input';
export {
	type Session,
	type Invitation,
	LINK_DAYS_AFTER_END,
	CHECKIN_OPENS_MINUTES,
	generateToken,
	tokenHashOf,
	invitationUrl,
	readable,
	checkPath
} from './session';
export { venues, createVenue } from './venues';
export { newForm, create, update, publish, start, end, cancel } from './lifecycle';
export { addAgendaItem, removeAgendaItem, moveAgendaItem, setCurrentItem } from './agenda';
export { addMaterial, removeMaterial, material } from './materials';
export { invite, inviteMany, MANY_ROWS, sendLetter, reissue, revoke, invitations } from './invitations';
export { letter, resolveToken, byToken, rsvp, rsvpAsUser, materialByToken, checkInByToken } from './invitee';
export { checkinWindow, checkIn, mark, unmark, attendanceSummary, attendance } from './attendance';
export { get, list, announced, liveState, checkinUrl, poster } from './views';
export { calendar, calendarByToken } from './calendar';

// records read without an access check, for the minutes and resolutions (their public functions authorise)
export { loadSession, lockSession } from './session';
export { agendaOf } from './agenda';
export { placeOf } from './venues';
export { attendeesOf } from './attendance';
