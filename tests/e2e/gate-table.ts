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
/** the demo's rated cadres who have accounts: 张桂兰 (committee), 陈志强 (cadre), 刘芳 (grid worker) */
const RATED: Actor[] = ['grid', 'cadre', 'committee'];
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
	/** why an allowed actor's write may meet a state conflict (409/410) instead of going through */
	conflict?: string;
	/** what an allowed answer looks like when it is not a plain 2xx (matched against "status detail") */
	success?: RegExp;
	/** the hostile-input pass: skip the row (why), or start from another body (e.g. sign-in with a phone nobody has) */
	hostile?: { skip?: string; base?: Fields; lenient?: string; bareString?: string; noInjection?: string; optionalBody?: string };
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
	/** a resident's comments on it: one edited, reported and moderated, one deleted */
	gcid: number;
	gcidGone: number;
	/** a poll in draft, opened, closed and finalised by the write rows */
	draftVid: number;
	/** a binding vote in its objection window (初步结果公示) */
	prelimVid: number;
	/** an owners' meeting in draft whose notice the write rows publish */
	meetingVid: number;
	optionId: number;
	ownerUnitId: number;
}

const DEMO_STATE = 'a state change the demo (and its spec) relies on: only refusals are checked';
/** the hostile pass's rating round: a quarter nobody rates, with its dates (only refusals are sent) */
const ROUND_BODY = { year: 2099, quarter: 4, opensAt: '2099-10-01', closesAt: '2099-12-31' };
const SESSION = '/c/[cid]/sessions/[sid]';
const PLAN = '/c/[cid]/plans/[pid]';
const ROUND = '/c/[cid]/ratings/[rid]';
const REQUEST = '/c/[cid]/requests/[rid]';
const TOPIC = '/c/[cid]/topics/[tid]';
const VOTE = '/c/[cid]/votes/[vid]';

/** a record page's 关注 and 取消关注 form actions: whoever may read the record */
const followRows = (page: string, allow: Actor[], ids?: Record<string, string>): Row[] =>
	(['follow', 'unfollow'] as const).map((a) => ({ method: 'POST', path: `${page}?/${a}`, allow, ids, noFields: true }));

/** the table: one row per page load, form action and endpoint method */
export const ROWS: Row[] = [
	// ---- signing in and out, the account ----
	{ method: 'GET', path: '/', allow: ALL },
	{ method: 'GET', path: '/login', allow: ALL },
	// hostile sign-ins never carry a well-formed phone: wrong passwords would lock 127.0.0.1 out for the later specs
	{ method: 'POST', path: '/login?/default', allow: ALL, body: { phone: '13800000002', password: 'demo1234' }, hostile: { base: { phone: '1380000000x', password: 'demo1234', next: '/' } } },
	{ method: 'GET', path: '/register', allow: ALL },
	{ method: 'POST', path: '/register?/start', allow: ALL, body: { name: '张三', phone: '13700000001', password: 'demo12345', passwordConfirm: 'demo1234x', relation: 'owner', communityId: 1, buildingId: 1, room: '101' }, skipAllowed: 'texts a code to a phone; refusals are what this row checks' },
	{ method: 'POST', path: '/register?/verify', allow: ALL, body: { ticket: 'a'.repeat(32), code: '123456' }, skipAllowed: 'needs the code texted to a phone; refusals are what this row checks' },
	// signed out, the page just sends you home
	{ method: 'GET', path: '/logout', allow: ALL },
	{ method: 'POST', path: '/logout?/default', allow: ALL, last: true, hostile: { skip: 'signs the session out, whatever the body' } },
	{ method: 'GET', path: '/me', allow: SIGNED_IN },
	// the demo password must stay: the same password again passes the sign-in check and is refused by validation
	{ method: 'POST', path: '/me?/password', allow: SIGNED_IN, body: { currentPassword: 'demo1234', newPassword: 'demo1234', newPasswordConfirm: 'demo1234' }, last: true, success: /^400 .*password_same/, hostile: { base: { currentPassword: 'demo1234', newPassword: 'demo12345', newPasswordConfirm: 'not-the-same' } } },
	// signs out every session of the account and goes to the sign-in page (signed out: nothing to end)
	{ method: 'GET', path: '/me/phone', allow: SIGNED_IN },
	{ method: 'POST', path: '/me/phone?/start', allow: SIGNED_IN, body: { phone: '13700000019', currentPassword: 'not-the-password' }, skipAllowed: 'texts a code and counts against the phone; refusals are what this row checks', hostile: { base: { phone: '1370000001x', currentPassword: 'not-the-password' }, noInjection: 'a wrong current password counts against the account’s password lock, which later specs rely on being free' } },
	{ method: 'POST', path: '/me/phone?/verify', allow: SIGNED_IN, body: { ticket: 'a'.repeat(32), code: '123456' }, skipAllowed: 'needs the code texted to a phone; refusals are what this row checks' },
	{ method: 'POST', path: '/me?/everywhere', allow: ALL, last: true, success: /^303 → \/login$/, hostile: { skip: 'signs every session out, whatever the body' } },
	{ method: 'GET', path: '/topics', allow: SIGNED_IN },
	// 站内消息: one's own items; the owner's item (the gates' binding vote opened) is nobody else's to mark read
	{ method: 'GET', path: '/me/inbox', allow: SIGNED_IN },
	{ method: 'POST', path: '/me/inbox?/read', allow: OWNERS, body: (f) => ({ id: f.ownerInboxItem }) },
	{ method: 'POST', path: '/me/inbox?/readAll', allow: SIGNED_IN, noFields: true },
	{ method: 'GET', path: '/api/v1/me/inbox', allow: SIGNED_IN },
	// 接收方式: one's own channels per kind of event (saving nothing ticked leaves the inbox only, as the demo has it)
	{ method: 'GET', path: '/me/channels', allow: SIGNED_IN },
	{ method: 'POST', path: '/me/channels?/save', allow: SIGNED_IN, body: { kinds: 'vote_opened', email: '' } },
	{ method: 'GET', path: '/api/v1/me/channels', allow: SIGNED_IN },
	{ method: 'PUT', path: '/api/v1/me/channels', allow: SIGNED_IN, body: { digest: false, nightReminders: false } },
	{ method: 'POST', path: '/api/v1/me/inbox/[itemId]/read', allow: OWNERS, ids: { itemId: 'ownerInboxItem' }, noFields: true },
	// 关注: whoever may read the record (a topic here); anyone else is told it is not there
	{ method: 'GET', path: '/api/v1/me/follows/[targetType]/[targetId]', allow: READERS, ids: { targetType: 'topic', targetId: 'tid' } },
	{ method: 'PUT', path: '/api/v1/me/follows/[targetType]/[targetId]', allow: READERS, ids: { targetType: 'topic', targetId: 'tid' }, noFields: true },
	{ method: 'DELETE', path: '/api/v1/me/follows/[targetType]/[targetId]', allow: READERS, ids: { targetType: 'topic', targetId: 'tid' }, noFields: true },
	{ method: 'GET', path: '/settings', allow: ALL },
	{ method: 'POST', path: '/settings?/textSize', allow: ALL, body: { size: 'large', back: '/' }, hostile: { lenient: 'anything but "large" means normal text; a bad "back" goes home; only a cookie is written' } },
	{ method: 'POST', path: '/settings?/locale', allow: ALL, body: { locale: 'zh-CN', back: '/' }, hostile: { lenient: 'an unknown language falls back to Chinese; only a cookie is written' } },
	// 公示 without an account: anyone; whether a notice shows depends on the committee's switch and the record's state
	// (404 for everyone otherwise), which tests/e2e/public.spec.ts checks
	{ method: 'GET', path: '/p/[cid]/board', allow: ALL },
	{ method: 'GET', path: '/p/[cid]/votes/[vid]', allow: ALL, ids: { vid: 'prelimVid' }, success: /^(200|404)\b/ },
	{ method: 'GET', path: '/p/[cid]/minutes/[sid]', allow: ALL, success: /^(200|404)\b/ },
	{ method: 'GET', path: '/p/[cid]/plans/[pid]', allow: ALL, success: /^(200|404)\b/ },
	{ method: 'POST', path: '/c/[cid]/committee/settings?/publicity', allow: COMMITTEE, body: { board: 'on', results: 'on' }, hostile: { skip: 'checkboxes only: every body is some choice of on and off (an unticked box is not sent), so nothing in it is malformed; public.spec.ts checks the switches' } },
	{ method: 'GET', path: '/r/lookup', allow: ALL },
	{ method: 'POST', path: '/r/lookup?/start', allow: ALL, body: { phone: '13700000029' }, skipAllowed: 'counts a code request against the phone and the address; refusals are what this row checks' },
	{ method: 'POST', path: '/r/lookup?/verify', allow: ALL, body: { ticket: 'a'.repeat(32), code: '123456' }, skipAllowed: 'needs the code texted to a phone; refusals are what this row checks' },
	{ method: 'GET', path: '/reset', allow: ALL },
	{ method: 'POST', path: '/reset?/start', allow: ALL, body: { phone: '13700000009' }, skipAllowed: 'counts a code request against the phone and the address; refusals are what this row checks' },
	{ method: 'POST', path: '/reset?/finish', allow: ALL, body: { phone: '13700000009', code: '123456', password: 'Qz7!mountain-lamp', passwordConfirm: 'Qz7!mountain-lamp' }, skipAllowed: 'needs the code texted to a phone; refusals are what this row checks' },
	{ method: 'POST', path: '/api/v1/auth/reset/start', allow: ALL, body: { phone: '13700000009' }, skipAllowed: 'counts a code request against the phone and the address; refusals are what this row checks' },
	{ method: 'POST', path: '/api/v1/auth/reset/finish', allow: ALL, body: { phone: '13700000009', code: '123456', password: 'Qz7!mountain-lamp', passwordConfirm: 'Qz7!mountain-lamp' }, skipAllowed: 'needs the code texted to a phone; refusals are what this row checks' },
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
	...followRows(TOPIC, READERS, { tid: 'gtid' }),
	{ method: 'POST', path: `${TOPIC}?/comment`, allow: MEMBERS, ids: { tid: 'gtid' }, body: { body: '权限矩阵的留言' } },
	{ method: 'POST', path: `${TOPIC}?/reply`, allow: MEMBERS, ids: { tid: 'gtid' }, body: (f) => ({ body: '权限矩阵的回复', parentId: f.gcid }) },
	// the author's own: the resident wrote the gates' comments (gcid to edit, gcidGone to delete)
	{ method: 'POST', path: `${TOPIC}?/edit`, allow: ['resident'], ids: { tid: 'gtid' }, body: (f) => ({ commentId: f.gcid, body: '门禁检查用评论（已改）' }), conflict: 'the 15 minutes to edit may have passed on a slow run' },
	{ method: 'POST', path: `${TOPIC}?/remove`, allow: ['resident'], ids: { tid: 'gtid' }, body: (f) => ({ commentId: f.gcidGone }) },
	// anyone with a role reports someone else's comment, once: the author is refused (409), as is a second report
	{ method: 'POST', path: `${TOPIC}?/report`, allow: MEMBERS, ids: { tid: 'gtid' }, body: (f) => ({ commentId: f.gcid, reason: 'privacy', note: '门禁检查' }), conflict: 'the author cannot report their own comment, and each person reports it once' },
	{ method: 'PATCH', path: '/api/v1/comments/[commentId]', allow: ['resident'], ids: { commentId: 'gcid' }, body: { body: '门禁检查用评论（经接口修改）' }, conflict: 'the 15 minutes to edit may have passed on a slow run' },
	{ method: 'DELETE', path: '/api/v1/comments/[commentId]', allow: ['resident'], ids: { commentId: 'gcidGone' }, noFields: true },
	{ method: 'POST', path: '/api/v1/comments/[commentId]/reports', allow: MEMBERS, ids: { commentId: 'gcid' }, body: { reason: 'abuse', note: '门禁检查' }, conflict: 'the author cannot report their own comment, and each person reports it once' },
	{ method: 'POST', path: `${TOPIC}?/screen`, allow: COMMITTEE, ids: { tid: 'gtid' }, body: { decision: 'accept', reason: '' } },
	{ method: 'POST', path: `${TOPIC}?/progress`, allow: COMMITTEE, ids: { tid: 'gtid' }, body: { toStatus: 'deliberating', note: '' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/topics', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/topics', allow: PROPOSERS, body: { title: '门禁检查：路灯', description: '权限矩阵经接口提出的议题', category: 'facility' } },
	{ method: 'GET', path: '/api/v1/topics/[topicId]', allow: READERS },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/second', allow: RESIDENTS, ids: { topicId: 'gtid' }, conflict: 'the form rows before it screened the gates’ topic out of 征集' },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/comments', allow: MEMBERS, ids: { topicId: 'gtid' }, body: { body: '权限矩阵经接口的留言' }, hostile: { bareString: 'a bare JSON string is the comment itself (topics.comment)' } },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/screen', allow: COMMITTEE, ids: { topicId: 'gtid' }, body: { decision: 'accept' }, conflict: 'the form row screened the topic already' },
	{ method: 'GET', path: '/api/v1/topics/[topicId]/evaluations', allow: READERS },
	// bodyless: a topic is evaluated once all its resolutions are done, and the gates' topic has none
	{ method: 'POST', path: '/api/v1/topics/[topicId]/evaluations', allow: RESIDENTS, ids: { topicId: 'gtid' }, bodyless: true },
	{ method: 'POST', path: '/api/v1/topics/[topicId]/status', allow: COMMITTEE, ids: { topicId: 'gtid' }, body: { toStatus: 'deliberating', note: '门禁检查' }, conflict: 'the form row moved the topic to 协商中 already' },

	// ---- the committee's desk ----
	{ method: 'GET', path: '/c/[cid]/committee', allow: COMMITTEE },
	{ method: 'GET', path: '/c/[cid]/committee/audit', allow: COMMITTEE },
	{ method: 'GET', path: '/c/[cid]/committee/members', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/committee/members?/verify', allow: COMMITTEE, body: (f) => ({ membershipId: f.pendingMembershipId, role: 'resident' }), skipAllowed: 'verifying 孙娟 would end the unverified account the later specs use', hostile: { base: { membershipId: 999999999, role: 'resident' } } },
	{ method: 'POST', path: '/c/[cid]/committee/members?/reject', allow: COMMITTEE, body: (f) => ({ membershipId: f.pendingMembershipId, reason: '门禁检查' }), skipAllowed: 'rejecting 孙娟 would end the unverified account the later specs use', hostile: { base: { membershipId: 999999999, reason: '门禁检查' } } },
	{ method: 'GET', path: '/c/[cid]/committee/members/[mid]/reset-slip', allow: COMMITTEE, ids: { mid: 'pendingMembershipId' } },
	{ method: 'POST', path: '/c/[cid]/committee/members/[mid]/reset-slip?/default', allow: COMMITTEE, ids: { mid: 'pendingMembershipId' }, noFields: true },
	{ method: 'GET', path: '/c/[cid]/committee/settings', allow: COMMITTEE },
	{ method: 'GET', path: '/c/[cid]/committee/delivery', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/committee/delivery?/budget', allow: COMMITTEE, body: { monthlyLimit: '', fenPerMessage: 5 } },
	{ method: 'POST', path: '/c/[cid]/committee/settings?/threshold', allow: COMMITTEE, body: { secondThreshold: 5 } },
	// 先审后发 stays off for the demo: an unticked box is not sent
	{ method: 'POST', path: '/c/[cid]/committee/settings?/review', allow: COMMITTEE, body: {}, hostile: { skip: 'one checkbox: every body is on or off, nothing in it is malformed; square.spec.ts and square.test.ts check the switch' } },
	// 举报与审核: the committee's queue and decisions on the gates' comment
	{ method: 'GET', path: '/c/[cid]/committee/moderation', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/committee/moderation?/decide', allow: COMMITTEE, body: (f) => ({ commentId: f.gcid, decision: 'publish', reason: '' }), conflict: 'the author may have deleted it already' },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/moderation', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/comments/[commentId]/moderation', allow: COMMITTEE, ids: { commentId: 'gcid' }, body: { decision: 'publish', reason: '' }, conflict: 'the author may have deleted it already' },
	// the defaults again (heads then area, no changing of online ballots): the demo's specs rely on them
	{ method: 'POST', path: '/c/[cid]/committee/settings?/ownersRules', allow: COMMITTEE, body: { electionOrder: 'heads_then_area' } },
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
	{ method: 'POST', path: '/c/[cid]/votes/new?/default', allow: COMMITTEE, body: { title: '门禁检查：意向', kind: 'poll', options: '甲\n乙', eligibility: 'residents', objectionDays: 7 }, hostile: { base: { title: '门禁检查：意向', kind: 'poll', options: '甲\n乙', eligibility: 'residents', objectionDays: 7, closesAt: '2027-12-10T19:00' } } },
	{ method: 'GET', path: VOTE, allow: READERS },
	{ method: 'POST', path: `${VOTE}?/open`, allow: COMMITTEE, ids: { vid: 'draftVid' } },
	{ method: 'POST', path: `${VOTE}?/notice`, allow: COMMITTEE, ids: { vid: 'meetingVid' }, noFields: true },
	...followRows(VOTE, READERS),
	{ method: 'POST', path: `${VOTE}?/cast`, allow: RESIDENTS, body: (f) => ({ optionIds: [f.optionId] }) },
	{ method: 'POST', path: `${VOTE}?/record`, allow: COMMITTEE, ids: { vid: 'bvid' }, body: (f) => ({ unitId: f.ownerUnitId, choice: 'yes', method: 'paper' }) },
	{ method: 'POST', path: `${VOTE}?/object`, allow: OWNERS, ids: { vid: 'prelimVid' }, body: { body: '门禁检查的异议' } },
	{ method: 'POST', path: `${VOTE}?/answer`, allow: COMMITTEE, ids: { vid: 'prelimVid' }, body: (f) => ({ objectionId: f.objectionId, answer: '已核实' }) },
	{ method: 'POST', path: `${VOTE}?/close`, allow: COMMITTEE, ids: { vid: 'draftVid' }, body: { objectionDays: 0 } },
	{ method: 'POST', path: `${VOTE}?/finalize`, allow: COMMITTEE, ids: { vid: 'draftVid' }, conflict: 'closed with no objection days, the poll’s result is final at once' },
	{ method: 'GET', path: `${VOTE}/notice`, allow: READERS },
	{ method: 'GET', path: `${VOTE}/papers`, allow: COMMITTEE, ids: { vid: 'bvid' } },
	{ method: 'GET', path: `${VOTE}/register.xlsx`, allow: COMMITTEE, ids: { vid: 'bvid' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/votes', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/votes', allow: COMMITTEE, body: { title: '门禁检查：接口意向', kind: 'poll', options: ['甲', '乙'] }, hostile: { base: { title: '门禁检查：接口意向', kind: 'poll', options: ['甲', '乙'], closesAt: '2027-12-10T19:00' } } },
	{ method: 'GET', path: '/api/v1/votes/[voteId]', allow: READERS },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/open', allow: COMMITTEE, ids: { voteId: 'draftVid' }, conflict: 'the form row opened the poll already' },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/notice', allow: COMMITTEE, ids: { voteId: 'meetingVid' }, conflict: 'the form row published the meeting notice already' },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/ballots', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/ballots', allow: RESIDENTS, body: (f) => ({ optionIds: [f.optionId] }), conflict: 'they voted through the form row already (no changing a ballot)' },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/result', allow: READERS },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/participants', allow: READERS, ids: { voteId: 'bvid' } },
	{ method: 'GET', path: '/api/v1/votes/[voteId]/objections', allow: READERS, ids: { voteId: 'prelimVid' } },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/objections', allow: OWNERS, ids: { voteId: 'prelimVid' }, body: { body: '门禁检查经接口的异议' } },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/objections/[objectionId]/answer', allow: COMMITTEE, ids: { voteId: 'prelimVid' }, body: { answer: '已核实' }, conflict: 'the form row answered the objection already' },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/close', allow: COMMITTEE, ids: { voteId: 'draftVid' }, body: { objectionDays: 0 }, conflict: 'the form row closed the poll already' },
	{ method: 'POST', path: '/api/v1/votes/[voteId]/finalize', allow: COMMITTEE, ids: { voteId: 'draftVid' }, conflict: 'closed with no objection days, the poll’s result is final at once' },
	// ---- sessions (协商会) ----
	// minutes are confirmed by those who checked in: nobody has checked in to the demo's sessions
	{ method: 'GET', path: '/c/[cid]/sessions', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/sessions/new', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/sessions/new?/create', allow: COMMITTEE, body: { kind: 'council', title: '门禁检查：经表单的议事会', venueText: '门禁检查议事亭', startsAt: '2027-06-01T19:00', endsAt: '2027-06-01T21:00' }, success: /^303 → \/c\/\d+\/sessions\/\d+$/ },
	{ method: 'POST', path: '/c/[cid]/sessions/new?/venue', allow: COMMITTEE, body: { name: '门禁检查：表单会场', kind: 'pavilion' } },
	{ method: 'GET', path: SESSION, allow: READERS },
	...followRows(SESSION, READERS),
	...(['publish', 'start', 'end'] as const).map((a): Row => ({ method: 'POST', path: `${SESSION}?/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	// an empty "current item" clears the projected item
	{ method: 'POST', path: `${SESSION}?/current`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	// the writes go to the gates' own session (gsid, under way: see sessionFixtures), the reads to the demo's
	{ method: 'POST', path: `${SESSION}?/agendaAdd`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: { title: '门禁检查：经表单加的议程', minutes: 10 } },
	{ method: 'POST', path: `${SESSION}?/agendaRemove`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ itemId: f.gItemRemove }) },
	// no direction is "down" (anything but "up" is): only the item is checked
	{ method: 'POST', path: `${SESSION}?/agendaMove`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ itemId: f.gItem }) },
	// a material is a file: the form sends it as multipart, which the matrix's url-encoded bodies cannot carry
	{ method: 'POST', path: `${SESSION}?/materialAdd`, allow: COMMITTEE, ids: { sid: 'gsid' }, bodyless: true },
	// the only materials are the demo's (a file upload makes one): removing them would break the sessions spec
	{ method: 'POST', path: `${SESSION}?/materialRemove`, allow: COMMITTEE, ids: { sid: 'gsid' }, bodyless: true },
	{ method: 'POST', path: `${SESSION}?/mark`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: { name: '门禁检查：表单签到', role: 'resident' } },
	{ method: 'POST', path: `${SESSION}?/unmark`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ attendanceId: f.gAttendance }) },
	// the gates' session is open to residents; anyone else needs an invitation of their own
	{ method: 'POST', path: `${SESSION}?/rsvp`, allow: RESIDENTS, ids: { sid: 'gsid' }, body: { answer: 'attend' } },
	{ method: 'POST', path: `${SESSION}?/checkin`, allow: MEMBERS, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: `${SESSION}/checkin`, allow: READERS },
	{ method: 'POST', path: `${SESSION}/checkin?/default`, allow: MEMBERS, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: `${SESSION}/edit`, allow: COMMITTEE },
	{ method: 'POST', path: `${SESSION}/edit?/update`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: { kind: 'council', title: '门禁检查用议事会（表单改）', venueText: '门禁检查议事亭', startsAt: '2027-06-02T19:00', endsAt: '2027-06-02T21:00', openToResidents: 'on' }, success: /^(2\d\d|303) / },
	{ method: 'POST', path: `${SESSION}/edit?/cancel`, allow: COMMITTEE, ids: { sid: 'gCancel' }, body: { reason: '门禁检查：表单取消' } },
	{ method: 'GET', path: `${SESSION}/invitations`, allow: COMMITTEE },
	{ method: 'POST', path: `${SESSION}/invitations?/invite`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: { kind: 'resident', name: '门禁检查表单邀请' } },
	{ method: 'POST', path: `${SESSION}/invitations?/reissue`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ invitationId: f.gInvitation }) },
	{ method: 'POST', path: `${SESSION}/invitations?/revoke`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ invitationId: f.gInvitationRevoke }) },
	{ method: 'POST', path: `${SESSION}/invitations?/inviteMany`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: { name_0: '门禁检查多人甲', role_0: 'merchant', organisation_0: '门禁检查商户' } },
	{ method: 'POST', path: `${SESSION}/invitations?/send`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ invitationId: f.gSendInvitation }) },
	{ method: 'GET', path: `${SESSION}/invitations/[iid]/letter`, allow: COMMITTEE },
	// the letter prints the link, so it takes the token the answer that made the invitation carried
	{ method: 'POST', path: `${SESSION}/invitations/[iid]/letter?/show`, allow: COMMITTEE, ids: { sid: 'gsid', iid: 'gLinkInvitation' }, body: (f) => ({ token: f.gInviteToken }) },
	{ method: 'POST', path: `${SESSION}/invitations/[iid]/letter?/reissue`, allow: COMMITTEE, ids: { sid: 'gsid', iid: 'gLetterReissue' }, noFields: true },
	{ method: 'GET', path: `${SESSION}/live`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/live/events`, allow: READERS, skipAllowed: 'a Server-Sent Events stream stays open', stream: true },
	{ method: 'GET', path: `${SESSION}/poster`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/calendar.ics`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/materials/[mid]`, allow: READERS },
	{ method: 'GET', path: `${SESSION}/minutes`, allow: READERS },
	// only attendees who checked in may confirm, and none of the actors did: nobody has a body that works
	{ method: 'POST', path: `${SESSION}/minutes?/confirm`, allow: NOBODY, bodyless: true },
	{ method: 'GET', path: `${SESSION}/minutes/notice`, allow: READERS, skipAllowed: 'the demo session has no published minutes yet' },
	{ method: 'GET', path: `${SESSION}/minutes/docx`, allow: READERS, skipAllowed: 'the demo session has no published minutes yet' },
	{ method: 'GET', path: `${SESSION}/record`, allow: COMMITTEE },
	{ method: 'POST', path: `${SESSION}/record?/record`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ agendaItemId: f.gItem, speaker: '门禁检查发言人', point: '门禁检查：表单记录的要点' }) },
	{ method: 'POST', path: `${SESSION}/record?/recordEdit`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ recordId: f.gRecord, speaker: '门禁检查发言人', point: '门禁检查：表单改过的要点' }) },
	{ method: 'POST', path: `${SESSION}/record?/recordDelete`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ recordId: f.gRecordDelete }) },
	{ method: 'POST', path: `${SESSION}/record?/resolution`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: (f) => ({ text: '门禁检查：表单决议', responsibleName: '门禁检查负责人', deadline: '2027-06-30', agendaItemId: f.gItem }) },
	// an empty consultation opinion is a draft being cleared
	{ method: 'POST', path: `${SESSION}/record?/opinion`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'POST', path: `${SESSION}/record?/publish`, allow: COMMITTEE, ids: { sid: 'gsid' }, body: {}, success: /^303 → \/c\/\d+\/sessions\/\d+\/minutes$/ },
	{ method: 'GET', path: '/i/[token]', allow: ['token'], secret: ['token'] },
	{ method: 'POST', path: '/i/[token]?/rsvp', allow: ['token'], ids: { token: 'gInviteToken' }, secret: ['token'], body: { answer: 'attend' } },
	{ method: 'POST', path: '/i/[token]?/checkin', allow: ['token'], secret: ['token'], noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: '/i/[token]/calendar.ics', allow: ['token'], secret: ['token'] },
	{ method: 'GET', path: '/i/[token]/materials/[mid]', allow: ['token'], secret: ['token'] },
	{ method: 'GET', path: '/i/[token]/minutes', allow: ['token'], secret: ['token'] },
	// only attendees who checked in may confirm, and the invitee did not: nobody has a body that works
	{ method: 'POST', path: '/i/[token]/minutes?/confirm', allow: NOBODY, secret: ['token'], bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/sessions', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/sessions', allow: COMMITTEE, body: { kind: 'consultation', title: '门禁检查：经接口的议事会', venueText: '门禁检查议事亭', startsAt: '2027-06-03T19:00', endsAt: '2027-06-03T21:00' } },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]', allow: READERS },
	{ method: 'PATCH', path: '/api/v1/sessions/[sessionId]', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: { kind: 'council', title: '门禁检查用议事会（接口改）', venueText: '门禁检查议事亭', startsAt: '2027-06-02T19:00', endsAt: '2027-06-02T21:00', openToResidents: true } },
	...(['publish', 'start', 'end'] as const).map((a): Row => ({ method: 'POST', path: `/api/v1/sessions/[sessionId]/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/cancel', allow: COMMITTEE, ids: { sessionId: 'gCancel2' }, body: { reason: '门禁检查：接口取消' } },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/rsvp', allow: RESIDENTS, ids: { sessionId: 'gsid' }, body: { answer: 'delegate', delegateName: '门禁检查代表' } },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/checkin', allow: MEMBERS, noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/agenda', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: { title: '门禁检查：经接口加的议程', presenter: '门禁检查主持人', minutes: 15 } },
	{ method: 'PATCH', path: '/api/v1/sessions/[sessionId]/agenda/[itemId]', allow: COMMITTEE, ids: { sessionId: 'gsid', itemId: 'gItem' }, body: { direction: 'up' } },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/agenda/[itemId]', allow: COMMITTEE, ids: { sessionId: 'gsid', itemId: 'gItemDelete' }, noFields: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/attendance', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/attendance', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: { name: '门禁检查：接口签到', role: 'resident', organisation: '' } },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/attendance/[attendanceId]', allow: COMMITTEE, ids: { sessionId: 'gsid', attendanceId: 'gAttendanceDelete' }, noFields: true },
	{ method: 'PUT', path: '/api/v1/sessions/[sessionId]/current-item', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: (f) => ({ itemId: f.gItem }) },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/invitations', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/invitations', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: { kind: 'party', role: 'utility', organisation: '门禁检查燃气公司', name: '门禁检查接口邀请' } },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/invitations/[invitationId]', allow: COMMITTEE, ids: { sessionId: 'gsid', invitationId: 'gApiRevoke' }, noFields: true },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/invitations/[invitationId]/reissue', allow: COMMITTEE, ids: { sessionId: 'gsid', invitationId: 'gApiReissue' }, noFields: true },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/invitations/[invitationId]/send', allow: COMMITTEE, ids: { sessionId: 'gsid', invitationId: 'gSendInvitation' }, noFields: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/live', allow: READERS },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes', allow: READERS },
	// the form row published version 1 and the agenda changed since: a correction with its reason
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/minutes', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: { reason: '门禁检查：补充议程' }, hostile: { optionalBody: 'opinion and reason are optional: {} publishes the first version' } },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/confirmations', allow: READERS },
	// only attendees who checked in may confirm, and none of the actors did: nobody has a body that works
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/minutes/confirmations', allow: NOBODY, bodyless: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/draft', allow: COMMITTEE },
	// the demo session's opinion is saved again as it was (the demo's minutes stay as they are)
	{ method: 'PUT', path: '/api/v1/sessions/[sessionId]/minutes/draft', allow: COMMITTEE, body: (f) => ({ opinion: f.sidOpinion }), hostile: { noInjection: 'would leave the demo session with an injected opinion' } },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/records', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/minutes/records', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: (f) => ({ agendaItemId: f.gItem, speaker: '门禁检查发言人', speakerRole: '居民', point: '门禁检查：接口记录的要点' }) },
	{ method: 'PATCH', path: '/api/v1/sessions/[sessionId]/minutes/records/[recordId]', allow: COMMITTEE, ids: { sessionId: 'gsid', recordId: 'gRecord' }, body: { speaker: '门禁检查发言人', point: '门禁检查：接口改过的要点' } },
	{ method: 'DELETE', path: '/api/v1/sessions/[sessionId]/minutes/records/[recordId]', allow: COMMITTEE, ids: { sessionId: 'gsid', recordId: 'gRecordDelete2' }, noFields: true },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/minutes/versions/[version]', allow: READERS, skipAllowed: 'the demo session has no published minutes yet' },
	{ method: 'GET', path: '/api/v1/sessions/[sessionId]/resolutions', allow: READERS },
	{ method: 'POST', path: '/api/v1/sessions/[sessionId]/resolutions', allow: COMMITTEE, ids: { sessionId: 'gsid' }, body: { text: '门禁检查：接口决议', responsibleName: '门禁检查负责人', deadline: '2027-07-31' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/venues', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/venues', allow: COMMITTEE, body: { name: '门禁检查：接口会场', kind: 'hall', address: '门禁检查路1号' } },
	{ method: 'GET', path: '/api/v1/invitations/[token]', allow: ['token'], secret: ['token'] },
	{ method: 'POST', path: '/api/v1/invitations/[token]/rsvp', allow: ['token'], ids: { token: 'gInviteToken' }, secret: ['token'], body: { answer: 'delegate', delegateName: '门禁检查代表' } },
	{ method: 'POST', path: '/api/v1/invitations/[token]/checkin', allow: ['token'], secret: ['token'], noFields: true, skipAllowed: DEMO_STATE },
	{ method: 'GET', path: '/api/v1/invitations/[token]/minutes', allow: ['token'], secret: ['token'] },
	// only attendees who checked in may confirm, and the invitee did not: nobody has a body that works
	{ method: 'POST', path: '/api/v1/invitations/[token]/minutes/confirmations', allow: NOBODY, secret: ['token'], bodyless: true },

	// ---- resolutions (决议) ----
	{ method: 'GET', path: '/c/[cid]/resolutions', allow: READERS },
	// a topic is evaluated once all its resolutions are done, and no topic of the gates' is: only refusals are checked
	{ method: 'POST', path: '/c/[cid]/resolutions?/evaluate', allow: RESIDENTS, bodyless: true },
	{ method: 'GET', path: '/c/[cid]/resolutions/[rid]', allow: READERS, ids: { rid: 'resolutionId' } },
	{ method: 'POST', path: '/c/[cid]/resolutions/[rid]?/progress', allow: COMMITTEE, ids: { rid: 'gResolution' }, body: { note: '门禁检查：表单进展' } },
	{ method: 'POST', path: '/c/[cid]/resolutions/[rid]?/update', allow: COMMITTEE, ids: { rid: 'gResolution' }, body: { text: '门禁检查：表单修改决议', responsibleName: '门禁责任人', deadline: '2027-06-30' } },
	// a topic is evaluated once all its resolutions are done, and no topic of the gates' is: only refusals are checked
	{ method: 'POST', path: '/c/[cid]/resolutions/[rid]?/evaluate', allow: RESIDENTS, ids: { rid: 'resolutionId' }, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/resolutions', allow: READERS },
	{ method: 'GET', path: '/api/v1/resolutions/[resolutionId]', allow: READERS },
	{ method: 'PATCH', path: '/api/v1/resolutions/[resolutionId]', allow: COMMITTEE, ids: { resolutionId: 'gResolution' }, body: { text: '门禁检查：改过的决议', responsibleName: '门禁检查负责人', deadline: '2027-08-31' } },
	{ method: 'POST', path: '/api/v1/resolutions/[resolutionId]/progress', allow: COMMITTEE, ids: { resolutionId: 'gResolution' }, body: { note: '门禁检查：接口进展' } },

	// ---- cost-sharing plans (费用分摊) ----
	// the pages are read on the demo's own 金阳 plan (demoPid: the street lights, with pledges and payments); the writes
	// go to the gates' own voluntary plans (see planFixtures): [pid] is published and collecting, draftPid a draft with
	// an item and a quote, readyPid* drafts ready to publish, closePid* published with their money received
	{ method: 'GET', path: '/c/[cid]/plans', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/plans/new', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/plans/new?/default', allow: COMMITTEE, body: (f) => ({ topicId: f.tid, title: '门禁检查：经表单的方案', splitRule: 'voluntary' }), success: /^303 → \/c\/\d+\/plans\/\d+$/ },
	{ method: 'GET', path: PLAN, allow: READERS, ids: { pid: 'demoPid' } },
	...followRows(PLAN, READERS),
	{ method: 'POST', path: `${PLAN}?/item`, allow: COMMITTEE, ids: { pid: 'draftPid' }, body: { name: '门禁检查：灯杆' } },
	{ method: 'POST', path: `${PLAN}?/quote`, allow: COMMITTEE, ids: { pid: 'draftPid' }, body: (f) => ({ itemId: f.planItemId, supplier: '门禁检查：甲厂', amount: '120.50' }) },
	// a draft's parts corrected and removed (editPid: see planFixtures)
	{ method: 'POST', path: `${PLAN}?/itemEdit`, allow: COMMITTEE, ids: { pid: 'editPid' }, body: (f) => ({ itemId: f.editItemId, name: '门禁检查：路灯（已改）' }) },
	{ method: 'POST', path: `${PLAN}?/itemRemove`, allow: COMMITTEE, ids: { pid: 'editPid' }, body: (f) => ({ itemId: f.removeItemId }) },
	{ method: 'POST', path: `${PLAN}?/quoteEdit`, allow: COMMITTEE, ids: { pid: 'editPid' }, body: (f) => ({ quoteId: f.editQuoteId, supplier: '门禁检查：灯具厂（已改）', amount: '90' }) },
	{ method: 'POST', path: `${PLAN}?/quoteRemove`, allow: COMMITTEE, ids: { pid: 'editPid' }, body: (f) => ({ quoteId: f.removeQuoteId }) },
	{ method: 'POST', path: `${PLAN}?/sourceEdit`, allow: COMMITTEE, ids: { pid: 'editPid' }, body: (f) => ({ sourceId: f.editSourceId, kind: 'hoa_income', name: '门禁检查：业委会（已改）', amount: '20' }) },
	{ method: 'POST', path: `${PLAN}?/sourceRemove`, allow: COMMITTEE, ids: { pid: 'editPid' }, body: (f) => ({ sourceId: f.removeSourceId }) },
	{ method: 'POST', path: `${PLAN}?/choose`, allow: COMMITTEE, ids: { pid: 'draftPid' }, body: (f) => ({ quoteId: f.planQuoteId, reason: '门禁检查：价低' }) },
	{ method: 'POST', path: `${PLAN}?/source`, allow: COMMITTEE, ids: { pid: 'draftPid' }, body: { kind: 'merchant', name: '门禁检查商户', amount: '50' } },
	{ method: 'POST', path: `${PLAN}?/vote`, allow: COMMITTEE, ids: { pid: 'draftPid' }, body: (f) => ({ voteId: f.bvid }) },
	{ method: 'POST', path: `${PLAN}?/receive`, allow: COMMITTEE, body: (f) => ({ sourceId: f.sourceId, reference: 'GATE-R1' }) },
	{ method: 'POST', path: `${PLAN}?/payment`, allow: COMMITTEE, body: { payerName: '门禁检查', amount: '20', method: 'cash', receiptNo: 'GATE-P1' }, hostile: { base: { payerName: '门禁检查', amount: '20', method: 'cash', receiptNo: 'GATE-P1', paidOn: '2026-12-01' } } },
	{ method: 'POST', path: `${PLAN}?/expense`, allow: COMMITTEE, body: { amount: '5', note: '门禁检查：螺丝', reference: 'GATE-E2' } },
	{ method: 'POST', path: `${PLAN}?/correct`, allow: COMMITTEE, body: (f) => ({ entryId: f.entryId, amount: '-1', note: '门禁检查：更正' }) },
	{ method: 'POST', path: `${PLAN}?/publish`, allow: COMMITTEE, ids: { pid: 'readyPid' }, noFields: true },
	{ method: 'POST', path: `${PLAN}?/close`, allow: COMMITTEE, ids: { pid: 'closePid' }, body: { actualCost: '100' } },
	{ method: 'POST', path: `${PLAN}?/pledge`, allow: RESIDENTS, body: { amount: '10' } },
	// notices of payment (缴费通知单): every household's for the committee, a reader's own households' (as the API)
	{ method: 'GET', path: `${PLAN}/bills`, allow: READERS, ids: { pid: 'demoPid' } },
	{ method: 'GET', path: `${PLAN}/ledger`, allow: READERS, ids: { pid: 'demoPid' } },
	{ method: 'GET', path: `${PLAN}/notice`, allow: READERS, ids: { pid: 'demoPid' } },
	{ method: 'GET', path: `${PLAN}/plan.xlsx`, allow: COMMITTEE, ids: { pid: 'demoPid' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/plans', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/plans', allow: COMMITTEE, body: (f) => ({ topicId: f.tid, title: '门禁检查：经接口的方案', splitRule: 'voluntary' }) },
	{ method: 'GET', path: '/api/v1/plans/[planId]', allow: READERS, ids: { planId: 'demoPid' } },
	{ method: 'PATCH', path: '/api/v1/plans/[planId]', allow: COMMITTEE, ids: { planId: 'draftPid' }, body: (f) => ({ topicId: f.tid, title: '门禁检查用草稿方案（已改）', splitRule: 'voluntary', surplusPolicy: 'refund' }) },
	{ method: 'POST', path: '/api/v1/plans/[planId]/items', allow: COMMITTEE, ids: { planId: 'draftPid' }, body: { name: '门禁检查：灯头' } },
	{ method: 'POST', path: '/api/v1/plans/[planId]/quotes', allow: COMMITTEE, ids: { planId: 'draftPid' }, body: (f) => ({ itemId: f.planItemId, supplier: '门禁检查：乙厂', amount: '99.90' }) },
	{ method: 'PATCH', path: '/api/v1/plans/[planId]/items/[itemId]', allow: COMMITTEE, ids: { planId: 'editPid', itemId: 'editItemId' }, body: { name: '门禁检查：路灯（经接口改）', note: '门禁检查' } },
	{ method: 'DELETE', path: '/api/v1/plans/[planId]/items/[itemId]', allow: COMMITTEE, ids: { planId: 'editPid', itemId: 'removeItemId2' }, noFields: true },
	{ method: 'PATCH', path: '/api/v1/plans/[planId]/quotes/[quoteId]', allow: COMMITTEE, ids: { planId: 'editPid', quoteId: 'editQuoteId' }, body: { supplier: '门禁检查：灯具厂（经接口改）', amount: '95.50' } },
	{ method: 'DELETE', path: '/api/v1/plans/[planId]/quotes/[quoteId]', allow: COMMITTEE, ids: { planId: 'editPid', quoteId: 'removeQuoteId2' }, noFields: true },
	{ method: 'PATCH', path: '/api/v1/plans/[planId]/sources/[sourceId]', allow: COMMITTEE, ids: { planId: 'editPid', sourceId: 'editSourceId' }, body: { kind: 'community_fund', name: '门禁检查：社区（经接口改）', amount: '15' } },
	{ method: 'DELETE', path: '/api/v1/plans/[planId]/sources/[sourceId]', allow: COMMITTEE, ids: { planId: 'editPid', sourceId: 'removeSourceId2' }, noFields: true },
	{ method: 'POST', path: '/api/v1/plans/[planId]/choice', allow: COMMITTEE, ids: { planId: 'draftPid' }, body: (f) => ({ quoteId: f.planQuoteId, reason: '门禁检查：经接口选定' }) },
	{ method: 'POST', path: '/api/v1/plans/[planId]/sources', allow: COMMITTEE, ids: { planId: 'draftPid' }, body: { kind: 'project_fund', name: '门禁检查项目', amount: '30' } },
	{ method: 'POST', path: '/api/v1/plans/[planId]/vote', allow: COMMITTEE, ids: { planId: 'draftPid' }, body: (f) => ({ voteId: f.bvid }) },
	{ method: 'POST', path: '/api/v1/plans/[planId]/payments', allow: COMMITTEE, body: { payerName: '门禁检查', amount: '30', method: 'transfer', receiptNo: 'GATE-P2' }, hostile: { base: { payerName: '门禁检查', amount: '30', method: 'transfer', receiptNo: 'GATE-P2', paidOn: '2026-12-01' } } },
	{ method: 'POST', path: '/api/v1/plans/[planId]/expenses', allow: COMMITTEE, body: { amount: '6', note: '门禁检查：胶带', reference: 'GATE-E3' } },
	{ method: 'POST', path: '/api/v1/plans/[planId]/publish', allow: COMMITTEE, ids: { planId: 'readyPid2' }, noFields: true },
	{ method: 'POST', path: '/api/v1/plans/[planId]/close', allow: COMMITTEE, ids: { planId: 'closePid2' }, body: { actualCost: '100' } },
	// a second published plan: the resident and the owner pledged to [pid] through the form already
	{ method: 'POST', path: '/api/v1/plans/[planId]/pledges', allow: RESIDENTS, ids: { planId: 'pledgePid' }, body: { amount: '12.5' } },
	// every household's notice for the committee; a reader gets only their own households' (none here: a voluntary plan)
	{ method: 'GET', path: '/api/v1/plans/[planId]/bills', allow: READERS, ids: { planId: 'demoPid' } },
	{ method: 'GET', path: '/api/v1/plans/[planId]/ledger', allow: READERS, ids: { planId: 'demoPid' } },
	{ method: 'POST', path: '/api/v1/plans/[planId]/ledger/[entryId]/corrections', allow: COMMITTEE, body: { amount: '1', note: '门禁检查：经接口更正' } },
	{ method: 'POST', path: '/api/v1/plans/[planId]/sources/[sourceId]/receive', allow: COMMITTEE, ids: { sourceId: 'sourceId2' }, body: { reference: 'GATE-R2' }, hostile: { optionalBody: 'the reference is optional: a blank body or one without it is no reference (api.readOptionalJson)' } },
	// the split is the committee's working view (plans.preview)
	{ method: 'GET', path: '/api/v1/plans/[planId]/split', allow: COMMITTEE },

	// ---- quarterly ratings (民心测评) ----
	{ method: 'GET', path: '/c/[cid]/ratings', allow: READERS },
	// bodyless (rounds, ratings, settings): a new round becomes 金阳's newest, the one the ratings spec and the gates'
	// roundId take; a rating or paper ballot on the demo round is one the ratings spec's residents could no longer give;
	// the settings decide what the demo's published round shows
	{ method: 'POST', path: '/c/[cid]/ratings?/create', allow: COMMITTEE, bodyless: true, hostile: { base: ROUND_BODY } },
	{ method: 'GET', path: ROUND, allow: READERS, ids: { rid: 'roundId' } },
	{ method: 'POST', path: `${ROUND}?/rate`, allow: RESIDENTS, ids: { rid: 'roundId' }, bodyless: true },
	{ method: 'POST', path: `${ROUND}?/paper`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true },
	...(['open', 'close', 'publish'] as const).map((a): Row => ({ method: 'POST', path: `${ROUND}?/${a}`, allow: COMMITTEE, ids: { rid: 'roundId' }, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: `${ROUND}?/update`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true, hostile: { base: { opensAt: '2026-12-01', closesAt: '2027-03-31', cadreIds: [1] } } },
	{ method: 'POST', path: `${ROUND}?/talk`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true, hostile: { base: { cadreId: 1, heldAt: '2026-12-01', note: '门禁检查：谈话' }, noInjection: 'a talk would be recorded on the demo round' } },
	{ method: 'POST', path: `${ROUND}?/followUp`, allow: COMMITTEE, ids: { rid: 'roundId' }, bodyless: true },
	{ method: 'GET', path: `${ROUND}/notice`, allow: READERS, ids: { rid: 'roundId' } },
	{ method: 'GET', path: `${ROUND}/results.xlsx`, allow: READERS, ids: { rid: 'roundId' } },
	// a rated cadre's own figures and comments: only the cadre themselves (residents, the street, other communities refused)
	{ method: 'GET', path: '/c/[cid]/ratings/me', allow: RATED },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/ratings/mine', allow: RATED },
	{ method: 'GET', path: '/c/[cid]/ratings/cadres', allow: READERS },
	// the gates' cadres are inactive: the rating rounds the ratings spec opens take active cadres only
	{ method: 'POST', path: '/c/[cid]/ratings/cadres?/create', allow: COMMITTEE, body: { name: '门禁检查甲', post: '门禁检查岗', active: 'false' } },
	{ method: 'POST', path: '/c/[cid]/ratings/cadres?/update', allow: COMMITTEE, body: (f) => ({ cadreId: f.gCadre, name: '门禁检查乙', post: '门禁检查岗（改）', active: 'false' }) },
	{ method: 'GET', path: '/c/[cid]/ratings/cadres/[cadreId]/photo', allow: READERS, skipAllowed: 'the demo cadres have no photos' },
	{ method: 'GET', path: '/c/[cid]/ratings/settings', allow: COMMITTEE },
	{ method: 'POST', path: '/c/[cid]/ratings/settings?/default', allow: COMMITTEE, bodyless: true },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/cadres', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/cadres', allow: COMMITTEE, body: { name: '门禁检查丙', post: '门禁检查岗', responsibilities: '门禁检查', active: false } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/rating-rounds', allow: READERS },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/rating-rounds', allow: COMMITTEE, bodyless: true, hostile: { base: ROUND_BODY } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/rating-trend', allow: READERS },
	{ method: 'GET', path: '/api/v1/rating-rounds/[roundId]', allow: READERS },
	...(['close', 'publish'] as const).map((a): Row => ({ method: 'POST', path: `/api/v1/rating-rounds/[roundId]/${a}`, allow: COMMITTEE, noFields: true, skipAllowed: DEMO_STATE })),
	{ method: 'POST', path: '/api/v1/rating-rounds/[roundId]/ratings', allow: RESIDENTS, bodyless: true },
	{ method: 'GET', path: '/api/v1/rating-rounds/[roundId]/results', allow: READERS },

	// ---- resident requests (码上报) ----
	{ method: 'GET', path: '/c/[cid]/requests', allow: READERS },
	{ method: 'GET', path: REQUEST, allow: COMMITTEE, ids: { rid: 'requestId' } },
	// a request carries contact details: only its reporter and handlers may follow it
	...followRows(REQUEST, COMMITTEE, { rid: 'requestId' }),
	// the gates' own request (reported without a building, so assigned to no grid worker): only the committee handles it,
	// from 受理 to 办结, and then its reporter evaluates it by the tracking link
	{ method: 'POST', path: `${REQUEST}?/classify`, allow: COMMITTEE, ids: { rid: 'gRequest' }, body: { colour: 'yellow', note: '门禁检查：受理' } },
	{ method: 'POST', path: `${REQUEST}?/step`, allow: COMMITTEE, ids: { rid: 'gRequest' }, body: { step: 'arrive', note: '门禁检查：已到场' } },
	{ method: 'POST', path: `${REQUEST}?/dispatch`, allow: COMMITTEE, ids: { rid: 'gRequest' }, body: { party: '门禁检查物业', note: '' } },
	{ method: 'POST', path: `${REQUEST}?/progress`, allow: COMMITTEE, ids: { rid: 'gRequest' }, body: { body: '门禁检查：已派人查看' } },
	{ method: 'POST', path: `${REQUEST}?/close`, allow: COMMITTEE, ids: { rid: 'gRequest' }, body: { result: '门禁检查：灯已修好' } },
	// escalating needs no fields: it turns the demo request into a topic
	{ method: 'POST', path: `${REQUEST}?/escalate`, allow: COMMITTEE, ids: { rid: 'requestId' }, noFields: true, skipAllowed: DEMO_STATE },
	// reported without an account: no actor is its reporter
	{ method: 'POST', path: `${REQUEST}?/evaluate`, allow: NOBODY, ids: { rid: 'gRequest' }, body: { rating: 'satisfied' } },
	{ method: 'GET', path: '/c/[cid]/requests/board', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/requests/board/print', allow: READERS },
	{ method: 'GET', path: '/c/[cid]/requests/posters', allow: COMMITTEE },
	{ method: 'GET', path: '/street/requests', allow: ['street'] },
	{ method: 'GET', path: '/r/[code]', allow: ALL },
	{ method: 'POST', path: '/r/[code]?/default', allow: ALL, body: { category: 'environment', description: '门禁检查：经扫码页反映', reporterPhone: '13700000000' }, success: /^(2\d\d|303) / },
	{ method: 'GET', path: '/r/track/[token]', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'] },
	{ method: 'POST', path: '/r/track/[token]?/evaluate', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'], body: { rating: 'satisfied', comment: '门禁检查：修得及时' } },
	{ method: 'GET', path: '/requests/photos/[pid]', allow: NOBODY, ids: { pid: 'missing' } },
	// the API answers anyone signed in with the requests they reported themselves (the desk page is for readers)
	{ method: 'GET', path: '/api/v1/communities/[communityId]/requests', allow: SIGNED_IN },
	{ method: 'POST', path: '/api/v1/communities/[communityId]/requests', allow: ALL, body: { category: 'safety', description: '门禁检查：经接口反映', location: '门禁检查路口', reporterPhone: '13700000000' } },
	{ method: 'GET', path: '/api/v1/communities/[communityId]/requests/board', allow: READERS },
	{ method: 'GET', path: '/api/v1/requests/[requestId]', allow: COMMITTEE },
	{ method: 'POST', path: '/api/v1/requests/[requestId]/[action]', allow: COMMITTEE, ids: { requestId: 'gRequest2', action: 'classify' }, body: { colour: 'green', note: '门禁检查：经接口受理' } },
	{ method: 'GET', path: '/api/v1/requests/track/[token]', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'] },
	{ method: 'POST', path: '/api/v1/requests/track/[token]/evaluation', allow: ['token'], ids: { token: 'trackToken' }, secret: ['token'], body: { rating: 'basic' }, conflict: 'the form row evaluated the request already (once per request)' }
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
	// a resident's comment on it, for the reply, report and moderation rows
	const gComment = await ok(
		await request.post(`/api/v1/topics/${topic.id}/comments`, { headers: bearer(tokens.resident), data: { body: '门禁检查用评论' } }),
		'gate comment'
	);
	const gCommentGone = await ok(
		await request.post(`/api/v1/topics/${topic.id}/comments`, { headers: bearer(tokens.resident), data: { body: '门禁检查用评论：待删除' } }),
		'gate comment to delete'
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
	const meeting = await ok(
		await request.post(`/api/v1/communities/${ids.cid}/votes`, {
			headers: committee,
			data: { title: '门禁检查用业主大会会议', kind: 'meeting', items: [{ title: '门禁检查事项', matter: 'ordinary' }] }
		}),
		'meeting draft'
	);
	await ok(await request.post(`/api/v1/votes/${prelim.id}/close`, { headers: committee, data: { objectionDays: 7 } }), 'close it into 公示');
	const objection = await ok(
		await request.post(`/api/v1/votes/${prelim.id}/objections`, { headers: bearer(tokens.owner), data: { body: '门禁检查：先提一条异议' } }),
		'an objection to answer'
	);
	const poll = await ok(await request.get(`/api/v1/votes/${ids.vid}`, { headers: committee }), 'the poll');
	// the owner is on the roll of the binding vote opened above: its opening is in their inbox
	const ownerInbox = await ok(await request.get('/api/v1/me/inbox', { headers: bearer(tokens.owner) }), 'the owner’s inbox');
	const me = await ok(await request.get('/api/v1/me', { headers: bearer(tokens.owner) }), 'owner');
	const pending = await ok(await request.get('/api/v1/me', { headers: bearer(tokens.unverified) }), 'unverified');
	const extra = await domainIds(request, tokens, ids.cid, ids.tid);
	return {
		...extra,
		...ids,
		gtid: topic.id,
		gcid: gComment.id,
		gcidGone: gCommentGone.id,
		draftVid: draft.id,
		prelimVid: prelim.id,
		meetingVid: meeting.id,
		objectionId: objection.id,
		optionId: poll.options[0].id,
		ownerInboxItem: (ownerInbox.items[0]?.id as number | undefined) ?? MISSING,
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
async function domainIds(request: APIRequestContext, tokens: Record<Actor, string | null>, cid: number, tid: number): Promise<Record<string, number | string>> {
	const committee = bearer(tokens.committee);
	const get = async (url: string) => {
		const res = await request.get(url, { headers: committee });
		return res.ok() ? res.json().catch(() => null) : null;
	};
	const id = (json: unknown, ...keys: string[]) => firstId(json, keys) ?? firstId(json) ?? MISSING;
	const sid = id(await get(`/api/v1/communities/${cid}/sessions`), 'upcoming', 'sessions', 'past');
	const session = await get(`/api/v1/sessions/${sid}`);
	const sidOpinion = ((await get(`/api/v1/sessions/${sid}/minutes/draft`))?.opinion as string | undefined) ?? '';
	const invitations = await get(`/api/v1/sessions/${sid}/invitations`);
	const invited = await request.post(`/api/v1/sessions/${sid}/invitations`, { headers: committee, data: { kind: 'resident', name: '门禁检查' } });
	const invitedJson = invited.ok() ? await invited.json() : null;
	const inviteToken = (invitedJson?.token as string) ?? 'no-invitation-token';
	const invitationId = (invitedJson?.invitation?.id as number) ?? id(invitations, 'invitations');
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
	const second = await request.post(`/api/v1/communities/${cid}/requests`, {
		data: { category: 'facility', description: '门禁检查：单元门坏了', reporterPhone: '13700000000' }
	});
	expect(second.status(), await second.text()).toBe(201);
	const cadre = await request.post(`/api/v1/communities/${cid}/cadres`, { headers: committee, data: { name: '门禁检查丁', post: '门禁检查岗', active: false } });
	expect(cadre.status(), await cadre.text()).toBeLessThan(300);
	return {
		sid,
		sessionId: sid,
		sidOpinion,
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
		...(await planFixtures(request, tokens, cid, tid)),
		// the demo's street-light plan in 金阳 (demo/plans.ts)
		demoPid: ((await get(`/api/v1/communities/${cid}/plans`))?.plans as { id: number; title: string }[] | undefined)?.find((p) => p.title.includes('路灯'))?.id ?? MISSING,
		...(await sessionFixtures(request, tokens, cid)),
		roundId,
		publishedRoundId,
		cadreId: id(await get(`/api/v1/communities/${cid}/cadres`), 'cadres'),
		requestId,
		trackToken,
		gRequest: (reportJson.id as number) ?? MISSING,
		gRequest2: (await second.json()).id as number,
		gCadre: (await cadre.json()).id as number,
		code: `c${cid}`,
		missing: MISSING
	};
}

/**
 * The gates' own voluntary cost-sharing plans in 金阳 (the demo's street-light plan is read, never written), made through
 * the API as the committee, so that every plan row is walked with a real id and each allowed write goes through once:
 * a draft with an item and a quote; drafts ready to publish; published plans collecting money, one with two
 * promised sources and a ledger entry; published plans whose money is in, ready to close.
 */
async function planFixtures(request: APIRequestContext, tokens: Record<Actor, string | null>, cid: number, tid: number) {
	const committee = bearer(tokens.committee);
	const post = async (url: string, data: Record<string, unknown>, what: string) => {
		const res = await request.post(url, { headers: committee, data });
		expect(res.status(), `plan fixture, ${what}: ${await res.text()}`).toBeLessThan(300);
		return (await res.json()) as { id: number };
	};
	/** a voluntary plan with one item whose quote of `amount` 元 is chosen (when asked) and the sources given */
	const make = async (title: string, o: { amount: string; choose?: boolean; sources?: Record<string, unknown>[]; publish?: boolean }) => {
		const { id: pid } = await post(`/api/v1/communities/${cid}/plans`, { topicId: tid, title, splitRule: 'voluntary', surplusPolicy: 'estate_fund' }, `${title}: create`);
		const { id: itemId } = await post(`/api/v1/plans/${pid}/items`, { name: '门禁检查：路灯' }, `${title}: item`);
		const { id: quoteId } = await post(`/api/v1/plans/${pid}/quotes`, { itemId, supplier: '门禁检查：灯具厂', amount: o.amount }, `${title}: quote`);
		if (o.choose !== false) await post(`/api/v1/plans/${pid}/choice`, { quoteId, reason: '门禁检查：唯一报价' }, `${title}: choice`);
		const sourceIds: number[] = [];
		for (const src of o.sources ?? []) sourceIds.push((await post(`/api/v1/plans/${pid}/sources`, src, `${title}: source`)).id);
		if (o.publish) await post(`/api/v1/plans/${pid}/publish`, {}, `${title}: publish`);
		return { pid, itemId, quoteId, sourceIds };
	};
	const draft = await make('门禁检查用草稿方案', { amount: '100', choose: false });
	// a draft whose parts the rows correct and remove: each removal has a part of its own
	const editing = await make('门禁检查用修改草稿方案', {
		amount: '100',
		choose: false,
		sources: [{ kind: 'hoa_income', amount: '10' }, { kind: 'merchant', name: '门禁检查：待删商户', amount: '10' }, { kind: 'merchant', name: '门禁检查：待删商户二', amount: '10' }]
	});
	const extraQuote = async () => (await post(`/api/v1/plans/${editing.pid}/quotes`, { itemId: editing.itemId, supplier: '门禁检查：待删报价', amount: '1' }, 'a quote to remove')).id;
	const extraItem = async () => (await post(`/api/v1/plans/${editing.pid}/items`, { name: '门禁检查：待删项目' }, 'an item to remove')).id;
	const ready = (n: number) => make(`门禁检查用待公示方案${n}`, { amount: '100', sources: [{ kind: 'hoa_income', amount: '100' }] });
	const collecting = await make('门禁检查用收款中方案', {
		amount: '300',
		sources: [
			{ kind: 'hoa_income', name: '金阳业委会', amount: '100' },
			{ kind: 'community_fund', name: '金阳社区', amount: '100' },
			{ kind: 'residents', amount: '100' }
		],
		publish: true
	});
	const entry = await post(`/api/v1/plans/${collecting.pid}/expenses`, { amount: '1', note: '门禁检查：先记一笔支出', reference: 'GATE-E1' }, 'an entry to correct');
	const pledging = await make('门禁检查用认捐方案', { amount: '100', sources: [{ kind: 'residents', amount: '100' }], publish: true });
	const closing = async (n: number) => {
		const p = await make(`门禁检查用待结项方案${n}`, { amount: '100', sources: [{ kind: 'hoa_income', amount: '100' }], publish: true });
		await post(`/api/v1/plans/${p.pid}/sources/${p.sourceIds[0]}/receive`, {}, 'its money in');
		return p.pid;
	};
	return {
		pid: collecting.pid,
		planId: collecting.pid,
		sourceId: collecting.sourceIds[0],
		sourceId2: collecting.sourceIds[1],
		entryId: entry.id,
		draftPid: draft.pid,
		planItemId: draft.itemId,
		planQuoteId: draft.quoteId,
		editPid: editing.pid,
		editItemId: editing.itemId,
		editQuoteId: editing.quoteId,
		editSourceId: editing.sourceIds[0],
		removeItemId: await extraItem(),
		removeItemId2: await extraItem(),
		removeQuoteId: await extraQuote(),
		removeQuoteId2: await extraQuote(),
		removeSourceId: editing.sourceIds[1],
		removeSourceId2: editing.sourceIds[2],
		readyPid: (await ready(1)).pid,
		readyPid2: (await ready(2)).pid,
		pledgePid: pledging.pid,
		closePid: await closing(1),
		closePid2: await closing(2)
	};
}

/**
 * The gates' own session in 金阳, open to residents and under way, made through the API as the committee, so that
 * the session, agenda, attendance, invitation, record and resolution writes go through without touching the
 * demo's sessions (the sessions spec relies on them): agenda items to move, remove and delete, people marked
 * present to unmark, invitations to reissue and revoke, records to edit and delete, a resolution to follow.
 */
async function sessionFixtures(request: APIRequestContext, tokens: Record<Actor, string | null>, cid: number) {
	const committee = bearer(tokens.committee);
	const send = async (method: string, url: string, data: Record<string, unknown> | undefined, what: string) => {
		const res = await request.fetch(url, { method, headers: committee, data });
		expect(res.status(), `session fixture, ${what}: ${await res.text()}`).toBeLessThan(300);
		return (await res.json()) as { id: number; invitation?: { id: number } };
	};
	const post = (url: string, data: Record<string, unknown> | undefined, what: string) => send('POST', url, data, what);
	const session = await post(
		`/api/v1/communities/${cid}/sessions`,
		{ kind: 'council', title: '门禁检查用议事会', venueText: '门禁检查议事亭', startsAt: '2027-06-02T19:00', endsAt: '2027-06-02T21:00', openToResidents: true },
		'create'
	);
	const gsid = session.id;
	const draftSession = async (title: string) =>
		(await post(`/api/v1/communities/${cid}/sessions`, { kind: 'bamba', title, venueText: '门禁检查院坝', startsAt: '2027-07-01T19:00', endsAt: '2027-07-01T20:00' }, title)).id;
	const item = async (title: string) => (await post(`/api/v1/sessions/${gsid}/agenda`, { title }, `agenda item ${title}`)).id;
	const gItem = await item('门禁检查议程：讨论');
	const gItemRemove = await item('门禁检查议程：待表单删除');
	const gItemDelete = await item('门禁检查议程：待接口删除');
	await post(`/api/v1/sessions/${gsid}/publish`, undefined, 'publish');
	// the session is announced for another day: starting it today is confirmed
	await post(`/api/v1/sessions/${gsid}/start`, { confirm: true }, 'start');
	const present = async (name: string) => (await post(`/api/v1/sessions/${gsid}/attendance`, { name, role: 'resident' }, `mark ${name}`)).id;
	const invitation = async (name: string) => (await post(`/api/v1/sessions/${gsid}/invitations`, { kind: 'resident', name }, `invite ${name}`)).invitation!.id;
	const invited = (await post(`/api/v1/sessions/${gsid}/invitations`, { kind: 'party', role: 'utility', organisation: '门禁检查自来水公司', name: '门禁检查持链接人' }, 'invite by link')) as unknown as {
		token: string;
		invitation: { id: number };
	};
	const record = async (point: string) => (await post(`/api/v1/sessions/${gsid}/minutes/records`, { agendaItemId: gItem, speaker: '门禁检查发言人', point }, 'a record')).id;
	return {
		gsid,
		gCancel: await draftSession('门禁检查用待表单取消的议事会'),
		gCancel2: await draftSession('门禁检查用待接口取消的议事会'),
		gInviteToken: invited.token,
		gItem,
		gItemRemove,
		gItemDelete,
		gAttendance: await present('门禁检查到会甲'),
		gAttendanceDelete: await present('门禁检查到会乙'),
		gInvitation: await invitation('门禁检查受邀甲'),
		gInvitationRevoke: await invitation('门禁检查受邀乙'),
		gLinkInvitation: invited.invitation.id,
		gLetterReissue: await invitation('门禁检查受邀丙'),
		gApiReissue: await invitation('门禁检查受邀丁'),
		gApiRevoke: await invitation('门禁检查受邀戊'),
		gSendInvitation: (await post(`/api/v1/sessions/${gsid}/invitations`, { kind: 'party', role: 'merchant', organisation: '门禁检查短信商户', name: '门禁检查短信人', phone: '13911110000' }, 'invite with a phone')).invitation!.id,
		gRecord: await record('门禁检查：待修改的要点'),
		gRecordDelete: await record('门禁检查：待表单删除的要点'),
		gRecordDelete2: await record('门禁检查：待接口删除的要点'),
		gResolution: (await post(`/api/v1/sessions/${gsid}/resolutions`, { text: '门禁检查：待跟进的决议', responsibleName: '门禁检查负责人', deadline: '2027-06-30' }, 'a resolution')).id
	};
}
