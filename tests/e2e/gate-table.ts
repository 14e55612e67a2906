/**
 * The gates' one table of every page load, form action and endpoint method: who may call it, with a body that
 * succeeds when allowed. The authorisation matrix walks it as every actor; the hostile-input pass mutates its
 * bodies and paths as an actor who is allowed.
 */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ACTOR_NAMES, bearer, type Actor, type GateIds } from './gate-helpers';

// ---- who ----
export const ALL = ACTOR_NAMES;
const SIGNED_IN: Actor[] = ['unverified', 'otherCommunity', 'resident', 'owner', 'grid', 'cadre', 'committee', 'street'];
/** anyone with a verified role in 金阳, or the street admin of its street */
const READERS: Actor[] = ['resident', 'owner', 'grid', 'cadre', 'committee', 'street'];
/** a verified role in 金阳 (the street admin is not a member) */
const MEMBERS: Actor[] = ['resident', 'owner', 'grid', 'cadre', 'committee'];
/** who may propose a topic (DOMAIN §3: resident, grid worker, committee) */
const PROPOSERS: Actor[] = ['resident', 'owner', 'grid', 'committee'];
const RESIDENTS: Actor[] = ['resident', 'owner'];
const OWNERS: Actor[] = ['owner'];
const COMMITTEE: Actor[] = ['committee'];
const NOBODY: Actor[] = [];

export type Fields = Record<string, string | number | boolean | (string | number)[] | null>;

export interface Row {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** a page pattern, `pattern?/action` for a form action, or an endpoint pattern */
	path: string;
	allow: Actor[];
	/** params taken from other ids: { vid: 'draftVid' } */
	ids?: Record<string, string>;
	/** JSON body (API) or form fields (actions); a function when it needs the fixtures */
	body?: Fields | ((f: Fixtures) => Fields);
	/** allowed actors are not sent this request (it would break the demo for the specs after this one) */
	skipAllowed?: string;
	/** allowed actors send it after every other row, each from a session of its own (it signs people out) */
	last?: boolean;
	/** what an allowed answer looks like when it is not a plain 2xx (matched against "status detail") */
	success?: RegExp;
	/** the hostile-input pass: skip the row (why), or start from another body (e.g. sign-in with a phone nobody has) */
	hostile?: { skip?: string; base?: Fields; lenient?: string; bareString?: string };
	/**
	 * No body was written for this row: allowed actors are answered by validation (a 4xx other than
	 * 401/403/404 still shows the door was open); refused actors must be stopped before validation.
	 */
	bodyless?: boolean;
	/** the action takes no fields (publish, start, close…): hostile payloads only vary its path */
	noFields?: boolean;
	/** an endpoint that streams (Server-Sent Events): only requests that fail at once are sent */
	stream?: boolean;
	/** params that are secrets from a link (an invitation or tracking token): only the token holder has the real one */
	secret?: string[];
}

export interface Fixtures extends GateIds {
	/** a topic the gates proposed, screened and moved by the write rows */
	gtid: number;
	/** a poll in draft, opened, closed and finalised by the write rows */
	draftVid: number;
	/** a binding vote in its objection window (初步结果公示) */
	prelimVid: number;
	optionId: number;
	ownerUnitId: number;
}

const DEMO_STATE = 'a state change the demo (and its spec) relies on: only refusals are checked';
const SESSION = '/c/[cid]/sessions/[sid]';
const PLAN = '/c/[cid]/plans/[pid]';
const ROUND = '/c/[cid]/ratings/[rid]';
const REQUEST = '/c/[cid]/requests/[rid]';
const TOPIC = '/c/[cid]/topics/[tid]';
const VOTE = '/c/[cid]/votes/[vid]';

/** the table: one row per page load, form action and endpoint method */
export const ROWS: Row[] = [
	// ---- signing in and out, the account ----
	{ method: 'GET', path: '/', allow: ALL },
	{ method: 'GET', path: '/login', allow: ALL },
	// hostile sign-ins never carry a well-formed phone: wrong passwords would lock 127.0.0.1 out for the later specs
	{ method: 'POST', path: '/login?/default', allow: ALL, body: { phone: '13800000002', password: 'demo1234' }, hostile: { base: { phone: '1380000000x', password: 'demo1234', next: '/' } } },
	{ method: 'GET', path: '/register', allow: ALL },
	{ method: 'POST', path: '/register?/default', allow: ALL, body: { name: '张三', phone: '13700000001', password: 'demo12345', passwordConfirm: 'demo1234x', relation: 'owner', communityId: 1, buildingId: 1, room: '101' }, skipAllowed: 'creates an account; refusals are what this row checks' },
	// signed out, the page just sends you home
	{ method: 'GET', path: '/logout', allow: ALL },
	{ method: 'POST', path: '/logout?/default', allow: ALL, last: true, hostile: { skip: 'signs the session out, whatever the body' } },
	{ method: 'GET', path: '/me', allow: SIGNED_IN },
	// the demo password must stay: the same password again passes the sign-in check and is refused by validation
	{ method: 'POST', path: '/me?/password', allow: SIGNED_IN, body: { currentPassword: 'demo1234', newPassword: 'demo1234', newPasswordConfirm: 'demo1234' }, last: true, success: /^400 .*password_same/, hostile: { base: { currentPassword: 'demo1234', newPassword: 'demo12345', newPasswordConfirm: 'not-the-same' } } },
	// signs out every session of the account and goes to the sign-in page (signed out: nothing to end)
	{ method: 'POST', path: '/me?/everywhere', allow: ALL, last: true, success: /^303 → \/login$/, hostile: { skip: 'signs every session out, whatever the body' } },
	{ method: 'GET', path: '/topics', allow: SIGNED_IN },
	{ method: 'GET', path: '/settings', allow: ALL },
	{ method: 'POST', path: '/settings?/textSize', allow: ALL, body: { size: 'large', back: '/' }, hostile: { lenient: 'anything but "large" means normal text; a bad "back" goes home; only a cookie is written' } },
	{ method: 'POST', path: '/settings?/locale', allow: ALL, body: { locale: 'zh-CN', back: '/' }, hostile: { lenient: 'an unknown language falls back to Chinese; only a cookie is written' } },
	{ method: 'POST', path: '/api/v1/auth/login', allow: ALL, body: { phone: '13800000002', password: 'demo1234' }, hostile: { base: { phone: '1380000000x', password: 'demo1234' } } },
	{ method: 'POST', path: '/api/v1/auth/logout', allow: SIGNED_IN, last: true, hostile: { skip: 'signs the session out, whatever the body' } },
	{ method: 'GET', path: '/api/v1/me', allow: SIGNED_IN },
	{ method: 'GET', path: '/api/v1/openapi.json', allow: ALL },
	{ method: 'GET', path: '/api/v1/health', allow: ALL },
	{ method: 'GET', path: '/api/v1/[...rest]', allow: NOBODY, ids: { rest: 'nothing-here' } },
	{ method: 'POST', path: '/api/v1/[...rest]', allow: NOBODY, ids: { rest: 'nothing-here' } },
	{ method: 'PUT', path: '/api/v1/[...rest]', allow: NOBODY, ids: { rest: 'nothing-here' } },
	{ method: 'PATCH', path: '/api/v1/[...rest]', allow: NOBODY, ids: { rest: 'nothing-here' } },
	{ method: 'DELETE', path: '/api/v1/[...rest]', allow: NOBODY, ids: { rest: 'nothing-here' } },

	// ---- the community and its topics ----
	{ method: 'GET', path: '/c/[cid]', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/topics', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/topics/new', allow: READERS },
	{ method: 'POST', path: '/c/[cid]/topics/new?/default', allow: PROPOSERS, body: { title: '门禁检查：楼道灯', description: '权限矩阵提出的议题', category: 'facility', scope: 'community' } },
	{ method: 'GET', path: TOPIC, allow: READERS },
	{ method: 'POST', path: `${TOPIC}?/second`, allow: RESIDENTS, ids: { tid: 'gtid' } },
	{ method: 'POST', path: `${TOPIC}?/comment`, allow: MEMBERS, ids: { tid: 'gtid' }, body: { body: '权限矩阵的留言' } },
	{ method: 'POST', path: `${TOPIC}?/screen`, allow: COMMITTEE, ids: { tid: 'gtid' }, body: { decision: 'accept', reason: '' } },
	{ method: 'POST', path: `${TOPIC}?/progress`, allow: COMMITTEE, ids: { tid: 'gtid' }, body: { toStatus: 'deliberating', note: '' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/topics', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/topics', allow: PROPOSERS, body: { title: '门禁检查：路灯', description: '权限矩阵经接口提出的议题', category: 'facility' } },
	{ method: 'GET', path: '/api/v1/topics/[topicId]', allow: READERS },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/second', allow: RESIDENTS, ids: { topicId: 'gtid' } },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/comments', allow: MEMBERS, ids: { topicId: 'gtid' }, body: { body: '权限矩阵经接口的留言' }, hostile: { bareString: 'a bare JSON string is the comment itself (topics.comment)' } },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/screen', allow: COMMITTEE, ids: { topicId: 'gtid' }, body: { decision: 'accept' } },
	{ method: 'GET', path: '/api/v1/topics/[topicId]/evaluations', allow: READERS },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/evaluations', allow: RESIDENTS, ids: { topicId: 'gtid' }, bodyless: true },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/status', allow: COMMITTEE, ids: { topicId: 'gtid' }, body: { toStatus: 'deliberating', note: '门禁检查' } },

	// ---- the committee's desk ----
	{ method: 'GET', path: '/c/[cid]/committee', allow: COMMITTEE },
	{ method: 'GET', path: '/c/[cid]/committee/audit', allow: COMMITTEE },
	{ method: 'GET', path: '/c/[cid]/committee/members', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/committee/members?/verify', allow: COMMITTEE, body: (f) => ({ membershipId: f.pendingMembershipId, role: 'resident' }), skipAllowed: 'verifying 孙娟 would end the unverified account the later specs use', hostile: { base: { membershipId: 999999999, role: 'resident' } } },
	{ method: 'POST', path: '/c/[cid]/committee/members?/reject', allow: COMMITTEE, body: (f) => ({ membershipId: f.pendingMembershipId, reason: '门禁检查' }), skipAllowed: 'rejecting 孙娟 would end the unverified account the later specs use', hostile: { base: { membershipId: 999999999, reason: '门禁检查' } } },
	{ method: 'GET', path: '/c/[cid]/committee/settings', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/committee/settings?/default', allow: COMMITTEE, body: { secondThreshold: 5 } },
	{ method: 'GET', path: '/c/[cid]/committee/units', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/committee/units?/import', allow: COMMITTEE, body: { mode: 'check' }, skipAllowed: 'needs an uploaded register (the units spec imports one)' },
	// a blank register with made-up example rows: no community data in it
	{ method: 'GET', path: '/c/[cid]/committee/units/template.csv', allow: ALL },
	// rooms, areas and owner keys without names or phones: the committee and the street admin of its street
	{ method: 'GET', path: '/api/v1/communities/[communityId]/units', allow: ['committee', 'street'] },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/units/import', allow: COMMITTEE, body: { mode: 'check' }, skipAllowed: 'needs an uploaded register (the units spec imports one)' },

	// ---- votes ----
	{ method: 'GET', path: '/c/[cid]/votes', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/votes/new', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/votes/new?/default', allow: COMMITTEE, body: { title: '门禁检查：意向', kind: 'poll', options: '甲\n乙', eligibility: 'residents', objectionDays: 7 } },
	{ method: 'GET', path: VOTE, allow: READERS },
	{ method: 'POST', path: `${VOTE}?/open`, allow: COMMITTEE, ids: { vid: 'draftVid' } },
	{ method: 'POST', path: `${VOTE}?/cast`, allow: RESIDENTS, body: (f) => ({ optionIds: [f.optionId] }) },
	{ method: 'POST', path: `${VOTE}?/record`, allow: COMMITTEE, ids: { vid: 'bvid' }, body: (f) => ({ unitId: f.ownerUnitId, choice: 'yes', method: 'paper' }) },
	{ method: 'POST', path: `${VOTE}?/object`, allow: OWNERS, ids: { vid: 'prelimVid' }, body: { body: '门禁检查的异议' } },
	{ method: 'POST', path: `${VOTE}?/answer`, allow: COMMITTEE, ids: { vid: 'prelimVid' }, body: (f) => ({ objectionId: f.objectionId, answer: '已核实' }) },
	{ method: 'POST', path: `${VOTE}?/close`, allow: COMMITTEE, ids: { vid: 'draftVid' }, body: { objectionDays: 0 } },
	{ method: 'POST', path: `${VOTE}?/finalize`, allow: COMMITTEE, ids: { vid: 'draftVid' } },
	{ method: 'GET', path: `${VOTE}/notice`, allow: READERS },
	{ method: 'GET', path: `${VOTE}/papers`, allow: COMMITTEE, ids: { vid: 'bvid' } },
	{ method: 'GET', path: `${VOTE}/register.xlsx`, allow: COMMITTEE, ids: { vid: 'bvid' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/votes', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/votes', allow: COMMITTEE, body: { title: '门禁检查：接口意向', kind: 'poll', options: ['甲', '乙'] } },
	{ method: 'GET', path: '/api/v1/votes/[voteId]', allow: READERS },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/open', allow: COMMITTEE, ids: { voteId: 'draftVid' } },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/ballots', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/ballots', allow: RESIDENTS, body: (f) => ({ optionIds: [f.optionId] }) },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/result', allow: READERS },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/participants', allow: READERS, ids: { voteId: 'bvid' } },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/objections', allow: READERS, ids: { voteId: 'prelimVid' } },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/objections', allow: OWNERS, ids: { voteId: 'prelimVid' }, body: { body: '门禁检查经接口的异议' } },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/objections/[objectionId]/answer', allow: COMMITTEE, ids: { voteId: 'prelimVid' }, body: { answer: '已核实' } },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/close', allow: COMMITTEE, ids: { voteId: 'draftVid' }, body: { objectionDays: 0 } },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/finalize', allow: COMMITTEE, ids: { voteId: 'draftVid' } },
	// ---- sessions (协商会) ----
	// minutes are confirmed by those who checked in: nobody has checked in to the demo's sessions
	{ method: 'GET', path: '/c/[cid]/sessions', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/sessions/new', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/sessions/new?/create', allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: '/c/[cid]/sessions/new?/venue', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: SESSION, allow: READERS },
	...(['publish', 'start', 'end'] as const).map((a): Row => ({ method: 'POST', path: `${SESSION}?/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	// an empty "current item" clears the projected item
	{ method: 'POST', path: `${SESSION}?/current`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	...(['agendaAdd', 'agendaRemove', 'agendaMove', 'materialAdd', 'materialRemove', 'mark', 'unmark'] as const).map((a): Row => ({ method: 'POST', path: `${SESSION}?/${a}`, allow: COMMITTEE, bodyless: true })),
	{ method: 'POST', path: `${SESSION}?/rsvp`, allow: MEMBERS, bodyless: true },
	{ method: 'POST', path: `${SESSION}?/checkin`, allow: MEMBERS, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: `${SESSION}/checkin`, allow: READERS },
	{ method: 'POST', path: `${SESSION}/checkin?/default`, allow: MEMBERS, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: `${SESSION}/edit`, allow: COMMITTEE },
	{ method: 'POST', path: `${SESSION}/edit?/update`, allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: `${SESSION}/edit?/cancel`, allow: COMMITTEE, bodyless: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: `${SESSION}/invitations`, allow: COMMITTEE },
	{ method: 'POST', path: `${SESSION}/invitations?/invite`, allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: `${SESSION}/invitations?/reissue`, allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: `${SESSION}/invitations?/revoke`, allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: `${SESSION}/invitations/[iid]/letter`, allow: COMMITTEE },
	{ method: 'POST', path: `${SESSION}/invitations/[iid]/letter?/show`, allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: `${SESSION}/invitations/[iid]/letter?/reissue`, allow: COMMITTEE, noFields: true, skipAllowed: 'a new link ends the invitee’s old one' },
	{ method: 'GET', path: `${SESSION}/live`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/live/events`, allow: READERS, skipAllowed: 'a Server-Sent Events stream stays open', stream: true },
	{ method: 'GET', path: `${SESSION}/poster`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/calendar.ics`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/materials/[mid]`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/minutes`, allow: READERS },
	{ method: 'POST', path: `${SESSION}/minutes?/confirm`, allow: NOBODY, bodyless: true },
	{ method: 'GET', path: `${SESSION}/minutes/notice`, allow: READERS, skipAllowed: 'the demo session has no published minutes yet' },
	{ method: 'GET', path: `${SESSION}/record`, allow: COMMITTEE },
	...(['record', 'recordEdit', 'recordDelete', 'resolution'] as const).map((a): Row => ({ method: 'POST', path: `${SESSION}/record?/${a}`, allow: COMMITTEE, bodyless: true })),
	// an empty consultation opinion is a draft being cleared
	{ method: 'POST', path: `${SESSION}/record?/opinion`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'POST', path: `${SESSION}/record?/publish`, allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/i/[token]', allow: ['token'], secret: ['token'] },
	{ method: 'POST', path: '/i/[token]?/rsvp', allow: ['token'], secret: ['token'], bodyless: true },
	{ method: 'POST', path: '/i/[token]?/checkin', allow: ['token'], secret: ['token'], noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: '/i/[token]/calendar.ics', allow: ['token'], secret: ['token'] },
	{ method: 'GET', path: '/i/[token]/materials/[mid]', allow: ['token'], secret: ['token'] },
	{ method: 'GET', path: '/i/[token]/minutes', allow: ['token'], secret: ['token'] },
	{ method: 'POST', path: '/i/[token]/minutes?/confirm', allow: NOBODY, secret: ['token'], bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/sessions', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/sessions', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]', allow: READERS },
	{ method: 'PATCH', path: '/api/v1/sessions/[sessionId]', allow: COMMITTEE, bodyless: true },
	...(['publish', 'start', 'end'] as const).map((a): Row => ({ method: 'POST', path: `/api/v1/sessions/[sessionId]/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/cancel', allow: COMMITTEE, bodyless: true, skipAllowed: DEMO_STATE },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/rsvp', allow: MEMBERS, bodyless: true },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/checkin', allow: MEMBERS, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/agenda', allow: COMMITTEE, bodyless: true },
	{ method: 'PATCH', path: '/api/v1/sessions/[sessionId]/agenda/[itemId]', allow: COMMITTEE, bodyless: true },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/agenda/[itemId]', allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/attendance', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/attendance', allow: COMMITTEE, bodyless: true },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/attendance/[attendanceId]', allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'PUT', path: '/api/v1/sessions/[sessionId]/current-item', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/invitations', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/invitations', allow: COMMITTEE, bodyless: true },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/invitations/[invitationId]', allow: COMMITTEE, noFields: true, skipAllowed: 'revoking ends the demo invitation' },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/invitations/[invitationId]/reissue', allow: COMMITTEE, noFields: true, skipAllowed: 'a new link ends the invitee’s old one' },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/live', allow: READERS },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/minutes', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/confirmations', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/minutes/confirmations', allow: NOBODY, bodyless: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/draft', allow: COMMITTEE },
	{ method: 'PUT', path: '/api/v1/sessions/[sessionId]/minutes/draft', allow: COMMITTEE, bodyless: true, skipAllowed: DEMO_STATE, hostile: { skip: 'the draft autosave stores whatever JSON it is given (reported)' } },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/records', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/minutes/records', allow: COMMITTEE, bodyless: true },
	{ method: 'PATCH', path: '/api/v1/sessions/[sessionId]/minutes/records/[recordId]', allow: COMMITTEE, bodyless: true },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/minutes/records/[recordId]', allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/versions/[version]', allow: READERS, skipAllowed: 'the demo session has no published minutes yet' },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/resolutions', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/resolutions', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/venues', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/venues', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/invitations/[token]', allow: ['token'], secret: ['token'] },
	{ method: 'POST', path: '/api/v1/invitations/[token]/rsvp', allow: ['token'], secret: ['token'], bodyless: true },
	{ method: 'POST', path: '/api/v1/invitations/[token]/checkin', allow: ['token'], secret: ['token'], noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: '/api/v1/invitations/[token]/minutes', allow: ['token'], secret: ['token'] },
	{ method: 'POST', path: '/api/v1/invitations/[token]/minutes/confirmations', allow: NOBODY, secret: ['token'], bodyless: true },

	// ---- resolutions (决议) ----
	{ method: 'GET', path: '/c/[cid]/resolutions', allow: READERS },
	{ method: 'POST', path: '/c/[cid]/resolutions?/evaluate', allow: RESIDENTS, bodyless: true },
	{ method: 'GET', path: '/c/[cid]/resolutions/[rid]', allow: READERS, ids: { rid: 'resolutionId' } },
	{ method: 'POST', path: '/c/[cid]/resolutions/[rid]?/progress', allow: COMMITTEE, ids: { rid: 'resolutionId' }, bodyless: true },
	{ method: 'POST', path: '/c/[cid]/resolutions/[rid]?/evaluate', allow: RESIDENTS, ids: { rid: 'resolutionId' }, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/resolutions', allow: READERS },
	{ method: 'GET', path: '/api/v1/resolutions/[resolutionId]', allow: READERS },
	{ method: 'PATCH', path: '/api/v1/resolutions/[resolutionId]', allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: '/api/v1/resolutions/[resolutionId]/progress', allow: COMMITTEE, bodyless: true },

	// ---- cost-sharing plans (费用分摊) ----
	{ method: 'GET', path: '/c/[cid]/plans', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/plans/new', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/plans/new?/default', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: PLAN, allow: READERS },
	...(['item', 'quote', 'choose', 'source', 'vote', 'receive', 'payment', 'expense', 'correct'] as const).map((a): Row => ({ method: 'POST', path: `${PLAN}?/${a}`, allow: COMMITTEE, bodyless: true })),
	...(['publish', 'close'] as const).map((a): Row => ({ method: 'POST', path: `${PLAN}?/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: `${PLAN}?/pledge`, allow: RESIDENTS, bodyless: true },
	{ method: 'GET', path: `${PLAN}/bills`, allow: COMMITTEE },
	{ method: 'GET', path: `${PLAN}/ledger`, allow: READERS },
	{ method: 'GET', path: `${PLAN}/notice`, allow: READERS },
	{ method: 'GET', path: `${PLAN}/plan.xlsx`, allow: COMMITTEE },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/plans', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/plans', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/plans/[planId]', allow: READERS },
	{ method: 'PATCH', path: '/api/v1/plans/[planId]', allow: COMMITTEE, bodyless: true },
	...(['choice', 'expenses', 'items', 'payments', 'quotes', 'sources', 'vote'] as const).map((a): Row => ({ method: 'POST', path: `/api/v1/plans/[planId]/${a}`, allow: COMMITTEE, bodyless: true })),
	...(['publish', 'close'] as const).map((a): Row => ({ method: 'POST', path: `/api/v1/plans/[planId]/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: '/api/v1/plans/[planId]/pledges', allow: RESIDENTS, bodyless: true },
	{ method: 'GET', path: '/api/v1/plans/[planId]/bills', allow: COMMITTEE },
	{ method: 'GET', path: '/api/v1/plans/[planId]/ledger', allow: READERS },
	{ method: 'POST', path: '/api/v1/plans/[planId]/ledger/[entryId]/corrections', allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: '/api/v1/plans/[planId]/sources/[sourceId]/receive', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/plans/[planId]/split', allow: READERS },

	// ---- quarterly ratings (民心测评) ----
	{ method: 'GET', path: '/c/[cid]/ratings', allow: READERS },
	{ method: 'POST', path: '/c/[cid]/ratings?/create', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: ROUND, allow: READERS, ids: { rid: 'roundId' } },
	{ method: 'POST', path: `${ROUND}?/rate`, allow: RESIDENTS, ids: { rid: 'roundId' }, bodyless: true },
	{ method: 'POST', path: `${ROUND}?/paper`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true },
	...(['open', 'close', 'publish'] as const).map((a): Row => ({ method: 'POST', path: `${ROUND}?/${a}`, allow: COMMITTEE, ids: { rid: 'roundId' }, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: `${ROUND}?/update`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true },
	{ method: 'POST', path: `${ROUND}?/talk`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true },
	{ method: 'POST', path: `${ROUND}?/followUp`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true },
	{ method: 'GET', path: `${ROUND}/notice`, allow: READERS, ids: { rid: 'roundId' } },
	{ method: 'GET', path: `${ROUND}/results.xlsx`, allow: READERS, ids: { rid: 'roundId' } },
	{ method: 'GET', path: '/c/[cid]/ratings/cadres', allow: READERS },
	{ method: 'POST', path: '/c/[cid]/ratings/cadres?/create', allow: COMMITTEE, bodyless: true },
	{ method: 'POST', path: '/c/[cid]/ratings/cadres?/update', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/c/[cid]/ratings/cadres/[cadreId]/photo', allow: READERS, skipAllowed: 'the demo cadres have no photos' },
	{ method: 'GET', path: '/c/[cid]/ratings/settings', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/ratings/settings?/default', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/cadres', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/cadres', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/rating-rounds', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/rating-rounds', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/rating-trend', allow: READERS },
	{ method: 'GET', path: '/api/v1/rating-rounds/[roundId]', allow: READERS },
	...(['close', 'publish'] as const).map((a): Row => ({ method: 'POST', path: `/api/v1/rating-rounds/[roundId]/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: '/api/v1/rating-rounds/[roundId]/ratings', allow: RESIDENTS, bodyless: true },
	{ method: 'GET', path: '/api/v1/rating-rounds/[roundId]/results', allow: READERS },

	// ---- resident requests (码上报) ----
	{ method: 'GET', path: '/c/[cid]/requests', allow: READERS },
	{ method: 'GET', path: REQUEST, allow: COMMITTEE, ids: { rid: 'requestId' } },
	// the demo's first request is not assigned to the grid worker: only the committee handles it
	...(['classify', 'step', 'dispatch', 'progress', 'close'] as const).map((a): Row => ({ method: 'POST', path: `${REQUEST}?/${a}`, allow: COMMITTEE, ids: { rid: 'requestId' }, bodyless: true })),
	// escalating needs no fields: it turns the demo request into a topic
	{ method: 'POST', path: `${REQUEST}?/escalate`, allow: COMMITTEE, ids: { rid: 'requestId' }, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'POST', path: `${REQUEST}?/evaluate`, allow: NOBODY, ids: { rid: 'requestId' }, bodyless: true },
	{ method: 'GET', path: '/c/[cid]/requests/board', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/requests/board/print', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/requests/posters', allow: COMMITTEE },
	{ method: 'GET', path: '/street/requests', allow: ['street'] },
	{ method: 'GET', path: '/r/[code]', allow: ALL },
	{ method: 'POST', path: '/r/[code]?/default', allow: ALL, bodyless: true },
	{ method: 'GET', path: '/r/track/[token]', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'] },
	{ method: 'POST', path: '/r/track/[token]?/evaluate', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'], bodyless: true },
	{ method: 'GET', path: '/requests/photos/[pid]', allow: NOBODY, ids: { pid: 'missing' } },
	// the API answers anyone signed in with the requests they reported themselves (the desk page is for readers)
	{ method: 'GET', path: '/api/v1/communities/[communityId]/requests', allow: SIGNED_IN },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/requests', allow: ALL, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/requests/board', allow: READERS },
	{ method: 'GET', path: '/api/v1/requests/[requestId]', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/requests/[requestId]/[action]', allow: COMMITTEE, ids: { action: 'classify' }, bodyless: true },
	{ method: 'GET', path: '/api/v1/requests/track/[token]', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'] },
	{ method: 'POST', path: '/api/v1/requests/track/[token]/evaluation', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'], bodyless: true }
];

// ---------------------------------------------------------------------------------------------------------

/** the request's key in the table: method and pattern (with ?/action for form actions) */
export const keyOf = (r: Pick<Row, 'method' | 'path'>) => `${r.method} ${r.path}`;

export type AllFixtures = Fixtures & Record<string, number | string>;

/** the gates' own topic and votes (made once per spec file) and the ids the rows' bodies need */
export async function fixtures(request: APIRequestContext, tokens: Record<Actor, string | null>, ids: GateIds): Promise<AllFixtures> {
	const committee = bearer(tokens.committee);
	const ok = async (res: APIResponse, what: string) => {
		expect(res.status(), `${what}: ${await res.text()}`).toBeLessThan(300);
		return res.json();
	};
	const topic = await ok(
		await request.post(`/api/v1/communities/${ids.cid}/topics`, {
			headers: bearer(tokens.grid),
			data: { title: '门禁检查用议题', description: '权限矩阵的写操作在这个议题上进行', category: 'facility' }
		}),
		'gate topic'
	);
	const draft = await ok(
		await request.post(`/api/v1/communities/${ids.cid}/votes`, { headers: committee, data: { title: '门禁检查用草稿问卷', kind: 'poll', options: ['甲', '乙'] } }),
		'draft poll'
	);
	const prelim = await ok(
		await request.post(`/api/v1/communities/${ids.cid}/votes`, { headers: committee, data: { title: '门禁检查用公示中表决', kind: 'binding', matter: 'ordinary' } }),
		'binding vote for objections'
	);
	await ok(await request.post(`/api/v1/votes/${prelim.id}/open`, { headers: committee }), 'open it');
	await ok(await request.post(`/api/v1/votes/${prelim.id}/close`, { headers: committee, data: { objectionDays: 7 } }), 'close it into 公示');
	const objection = await ok(
		await request.post(`/api/v1/votes/${prelim.id}/objections`, { headers: bearer(tokens.owner), data: { body: '门禁检查：先提一条异议' } }),
		'an objection to answer'
	);
	const poll = await ok(await request.get(`/api/v1/votes/${ids.vid}`, { headers: committee }), 'the poll');
	const me = await ok(await request.get('/api/v1/me', { headers: bearer(tokens.owner) }), 'owner');
	const pending = await ok(await request.get('/api/v1/me', { headers: bearer(tokens.unverified) }), 'unverified');
	const extra = await domainIds(request, tokens, ids.cid);
	return {
		...extra,
		...ids,
		gtid: topic.id,
		draftVid: draft.id,
		prelimVid: prelim.id,
		objectionId: objection.id,
		optionId: poll.options[0].id,
		ownerUnitId: me.memberships.find((m: { unitId: number | null }) => m.unitId)!.unitId,
		pendingMembershipId: pending.memberships[0].id,
		communityId: ids.cid,
		topicId: ids.tid,
		voteId: ids.vid
	};
}

/** the first `id` of an array found under one of these keys; without keys, of the answer itself or its `items` */
function firstId(json: unknown, keys: string[] = []): number | null {
	const idOf = (arr: unknown) =>
		Array.isArray(arr) ? ((arr.find((el) => el && typeof el === 'object' && typeof el.id === 'number') as { id: number } | undefined)?.id ?? null) : null;
	if (keys.length === 0) return idOf(json) ?? idOf((json as { items?: unknown })?.items);
	const walk = (node: unknown, depth: number): number | null => {
		if (!node || typeof node !== 'object' || depth > 5) return null;
		for (const [k, v] of Object.entries(node)) {
			if (keys.includes(k) && idOf(v) !== null) return idOf(v);
			const found = walk(v, depth + 1);
			if (found !== null) return found;
		}
		return null;
	};
	return walk(json, 0);
}

export const MISSING = 999999999;

/** real ids of the other domains' demo data (sessions, plans, ratings, requests, resolutions), found through the API */
async function domainIds(request: APIRequestContext, tokens: Record<Actor, string | null>, cid: number): Promise<Record<string, number | string>> {
	const committee = bearer(tokens.committee);
	const get = async (url: string) => {
		const res = await request.get(url, { headers: committee });
		return res.ok() ? res.json().catch(() => null) : null;
	};
	const id = (json: unknown, ...keys: string[]) => firstId(json, keys) ?? firstId(json) ?? MISSING;
	const sid = id(await get(`/api/v1/communities/${cid}/sessions`), 'upcoming', 'sessions', 'past');
	const session = await get(`/api/v1/sessions/${sid}`);
	const invitations = await get(`/api/v1/sessions/${sid}/invitations`);
	const invited = await request.post(`/api/v1/sessions/${sid}/invitations`, { headers: committee, data: { kind: 'resident', name: '门禁检查' } });
	const invitedJson = invited.ok() ? await invited.json() : null;
	const inviteToken = (invitedJson?.token as string) ?? 'no-invitation-token';
	const invitationId = (invitedJson?.invitation?.id as number) ?? id(invitations, 'invitations');
	const pid = id(await get(`/api/v1/communities/${cid}/plans`), 'plans');
	const plan = await get(`/api/v1/plans/${pid}`);
	const ledger = await get(`/api/v1/plans/${pid}/ledger`);
	const rounds = await get(`/api/v1/communities/${cid}/rating-rounds`);
	const roundId = id(rounds, 'rounds');
	const publishedRoundId = (Array.isArray(rounds) ? rounds.find((r: { status: string }) => r.status === 'published')?.id : null) ?? roundId;
	// a request the grid worker is not assigned to (only the committee handles it), the same on every database
	let requestId = MISSING;
	const desk = await get(`/api/v1/communities/${cid}/requests`);
	for (const item of ((desk?.items ?? []) as { id: number }[]).slice(0, 20)) {
		const asGrid = await request.get(`/api/v1/requests/${item.id}`, { headers: bearer(tokens.grid) });
		if (asGrid.status() === 403) {
			requestId = item.id;
			break;
		}
	}
	const reported = await request.post(`/api/v1/communities/${cid}/requests`, {
		data: { category: 'facility', description: '门禁检查：楼道灯不亮', reporterPhone: '13700000000' }
	});
	const reportJson = reported.ok() ? await reported.json() : {};
	const trackToken = (Object.entries(reportJson).find(([k, v]) => /token/i.test(k) && typeof v === 'string')?.[1] as string) ?? 'no-tracking-token';
	return {
		sid,
		sessionId: sid,
		itemId: id(session, 'agenda', 'agendaItems', 'items'),
		mid: id(session, 'materials'),
		attendanceId: id(session, 'rows', 'attendees'),
		iid: invitationId,
		invitationId,
		recordId: id(await get(`/api/v1/sessions/${sid}/minutes/records`), 'records'),
		version: 1,
		token: inviteToken,
		inviteToken,
		resolutionId: id(await get(`/api/v1/communities/${cid}/resolutions`), 'resolutions'),
		pid,
		planId: pid,
		sourceId: id(plan, 'sources'),
		entryId: id(ledger, 'entries', 'ledger'),
		roundId,
		publishedRoundId,
		cadreId: id(await get(`/api/v1/communities/${cid}/cadres`), 'cadres'),
		requestId,
		trackToken,
		code: `c${cid}`,
		missing: MISSING
	};
}
