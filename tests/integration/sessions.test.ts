import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as sessions from '$lib/server/sessions';
import * as live from '$lib/server/live';
import * as audit from '$lib/server/audit';
import * as votes from '$lib/server/votes';
import { makeCommunityWithOwners, makeUser, refusal } from './fixtures';
import { sessionReads, statementsDuring } from './statements';

type Setup = Awaited<ReturnType<typeof makeCommunityWithOwners>>;

const HOUR = 3_600_000;
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function makeTopic(s: Setup, title = '双福巷餐馆燃气管道沿居民楼外墙敷设', status: 'accepted' | 'collecting' = 'accepted') {
	const [t] = await db
		.insert(table.topic)
		.values({ communityId: s.community.id, title, description: '11家餐馆申请接入燃气管道', category: 'business', status, proposerId: s.owners[0].user.id })
		.returning();
	return t;
}

/** a session starting in `startsInHours` (negative: already started), with one topic on the agenda */
async function scheduled(s: Setup, opts: { startsInHours?: number; publish?: boolean; quorumMin?: number | '' ; openToResidents?: boolean } = {}) {
	const topic = await makeTopic(s);
	const start = Date.now() + (opts.startsInHours ?? 0.5) * HOUR;
	const session = await sessions.create(s.committee.actor, s.community.id, {
		kind: 'joint',
		title: '双福巷燃气管道三方联席会',
		venueText: '双福巷社区议事厅',
		startsAt: new Date(start).toISOString(),
		endsAt: new Date(start + 2 * HOUR).toISOString(),
		quorumMin: opts.quorumMin ?? '',
		openToResidents: opts.openToResidents ?? true,
		topicIds: [topic.id]
	});
	if (opts.publish !== false) await sessions.publish(s.committee.actor, session.id);
	return { session, topic };
}

describe('scheduling and publishing', () => {
	it('the session page reads the session once, for the committee and a resident alike, with everything on it', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		await sessions.invite(s.committee.actor, session.id, { kind: 'party', role: 'utility', organisation: '天然气公司', name: '王经理' });
		await sessions.checkIn(s.owners[0].actor, session.id);
		let page: Awaited<ReturnType<typeof sessions.get>> | undefined;
		const committee = await statementsDuring(async () => {
			page = await sessions.get(s.committee.actor, session.id);
		});
		expect(page!.invitations!.summary.invited).toBe(1);
		expect(page!.attendance.summary.total).toBe(1);
		expect(page!.attendance.rows.map((r) => r.name)).toEqual([s.owners[0].user.name]);
		expect(sessionReads(committee)).toBe(1);
		const resident = await statementsDuring(async () => {
			page = await sessions.get(s.owners[1].actor, session.id);
		});
		expect(page!.invitations).toBeNull();
		// residents are counted, not named, to other residents
		expect(page!.attendance).toMatchObject({ summary: { total: 1 }, rows: [] });
		expect(sessionReads(resident)).toBe(1);
	});

	it('publishing announces the session on the home page and moves its agenda topic to 协商中 with a timeline note', async () => {
		const s = await makeCommunityWithOwners();
		const { session, topic } = await scheduled(s, { publish: false });
		expect(await sessions.announced(s.owners[1].actor, s.community.id)).toEqual([]);
		// a draft is the committee's: residents do not see it
		expect((await refusal(sessions.get(s.owners[1].actor, session.id))).status).toBe(404);
		expect((await sessions.list(s.owners[1].actor, s.community.id)).upcoming).toEqual([]);

		await sessions.publish(s.committee.actor, session.id);
		const [moved] = await db.select().from(table.topic).where(eq(table.topic.id, topic.id));
		expect(moved.status).toBe('deliberating');
		const events = await db.select().from(table.topicEvent).where(eq(table.topicEvent.topicId, topic.id));
		expect(events.at(-1)).toMatchObject({ fromStatus: 'accepted', toStatus: 'deliberating' });
		expect(events.at(-1)!.note).toContain('三方联席会“双福巷燃气管道三方联席会”');

		const home = await sessions.announced(s.owners[1].actor, s.community.id);
		expect(home.map((h) => h.title)).toEqual(['双福巷燃气管道三方联席会']);
		const page = await sessions.get(s.owners[1].actor, session.id);
		expect(page.agenda.map((a) => a.title)).toEqual(['双福巷餐馆燃气管道沿居民楼外墙敷设']);
		expect(page.invitations).toBeNull();

		const log = await audit.list(s.committee.actor, s.community);
		expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['session.create', 'session.publish', 'topic.status']));
		// publishing twice is refused
		expect((await refusal(sessions.publish(s.committee.actor, session.id))).code).toBe('not_draft');
	});

	it('refuses a session ending before it starts, an empty agenda at publishing, and a topic of another community', async () => {
		const s = await makeCommunityWithOwners();
		const other = await makeCommunityWithOwners();
		const foreign = await makeTopic(other);
		const start = Date.now() + HOUR;
		const bad = await refusal(
			sessions.create(s.committee.actor, s.community.id, {
				kind: 'council',
				title: '路灯议事会',
				venueText: '议事亭',
				startsAt: new Date(start).toISOString(),
				endsAt: new Date(start - HOUR).toISOString()
			})
		);
		expect(bad.fields.endsAt).toBe('结束时间须晚于开始时间');
		const noPlace = await refusal(
			sessions.create(s.committee.actor, s.community.id, { kind: 'council', title: '路灯议事会', startsAt: '2026-12-01T14:00', endsAt: '2026-12-01T16:00' })
		);
		expect(noPlace.fields.venueId).toBe('请选择本社区的会场，或填写会议地点');
		const wrongTopic = await refusal(
			sessions.create(s.committee.actor, s.community.id, {
				kind: 'council',
				title: '路灯议事会',
				venueText: '议事亭',
				startsAt: '2026-12-01T14:00',
				endsAt: '2026-12-01T16:00',
				topicIds: [foreign.id]
			})
		);
		expect(wrongTopic.fields.topicIds).toBe('只能把本社区已受理或协商中的议题列入议程');
		// nothing half-written: no session was created by the refused calls
		expect(await db.select().from(table.deliberationSession).where(eq(table.deliberationSession.communityId, s.community.id))).toEqual([]);

		const empty = await sessions.create(s.committee.actor, s.community.id, {
			kind: 'council',
			title: '路灯议事会',
			venueText: '议事亭',
			startsAt: '2026-12-01T14:00',
			endsAt: '2026-12-01T16:00'
		});
		// datetime-local is Beijing time
		expect(empty.startsAt.toISOString()).toBe('2026-12-01T06:00:00.000Z');
		expect((await refusal(sessions.publish(s.committee.actor, empty.id))).message).toBe('请先在议程中加入至少一项再发布');
	});

	it('the committee reorders and removes agenda items, moves the time (links follow), and cancels with a public reason', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		await sessions.addAgendaItem(s.committee.actor, session.id, { title: '开场：通报上次决议落实情况', presenter: '王主任', minutes: '10' });
		const bad = await refusal(sessions.addAgendaItem(s.committee.actor, session.id, { title: '', minutes: '700' }));
		expect(bad.fields).toEqual({ minutes: '时长须为 1 至 600 分钟', title: '请选择议题或填写议程事项' });
		let page = await sessions.get(s.committee.actor, session.id);
		expect(page.agenda.map((a) => a.title)).toEqual(['双福巷餐馆燃气管道沿居民楼外墙敷设', '开场：通报上次决议落实情况']);
		await sessions.moveAgendaItem(s.committee.actor, session.id, page.agenda[1].id, 'up');
		page = await sessions.get(s.committee.actor, session.id);
		expect(page.agenda.map((a) => [a.position, a.title])).toEqual([
			[1, '开场：通报上次决议落实情况'],
			[2, '双福巷餐馆燃气管道沿居民楼外墙敷设']
		]);
		const dup = await refusal(sessions.addAgendaItem(s.committee.actor, session.id, { topicId: page.agenda[1].topicId }));
		expect(dup.fields.topicId).toBe('该议题已在议程中');
		await sessions.removeAgendaItem(s.committee.actor, session.id, page.agenda[0].id);
		expect((await sessions.get(s.committee.actor, session.id)).agenda).toHaveLength(1);

		const { invitation } = await sessions.invite(s.committee.actor, session.id, { role: 'utility', name: '王工' });
		const later = new Date(session.startsAt.getTime() + 7 * 86_400_000);
		await sessions.update(s.committee.actor, session.id, {
			kind: 'joint',
			title: '双福巷燃气管道三方联席会（改期）',
			venueText: '双福巷社区议事厅',
			startsAt: later.toISOString(),
			endsAt: new Date(later.getTime() + 2 * HOUR).toISOString(),
			quorumMin: '',
			openToResidents: 'on'
		});
		const [moved] = await db.select().from(table.sessionInvitation).where(eq(table.sessionInvitation.id, invitation.id));
		expect(moved.expiresAt.getTime()).toBe(later.getTime() + 2 * HOUR + sessions.LINK_DAYS_AFTER_END * 86_400_000);

		expect((await refusal(sessions.cancel(s.committee.actor, session.id, { reason: '' }))).fields.reason).toBe('请填写取消原因（最多200字）');
		await sessions.cancel(s.committee.actor, session.id, { reason: '燃气公司方案调整，另行通知' });
		const cancelled = await sessions.get(s.owners[0].actor, session.id);
		expect(cancelled.session).toMatchObject({ status: 'cancelled', cancelReason: '燃气公司方案调整，另行通知' });
		expect(await sessions.announced(s.owners[0].actor, s.community.id)).toEqual([]);
		expect((await refusal(sessions.addAgendaItem(s.committee.actor, session.id, { title: '补充' }))).code).toBe('session_closed');
		const log = await audit.list(s.committee.actor, s.community);
		expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['session.agenda_move', 'session.agenda_remove', 'session.update', 'session.cancel', 'session.invite']));
	});

	it('keeps each community to itself: another community’s resident and committee can neither read nor change a session', async () => {
		const s = await makeCommunityWithOwners();
		const other = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		expect((await refusal(sessions.get(other.owners[0].actor, session.id))).status).toBe(403);
		expect((await refusal(sessions.liveState(other.owners[0].actor, session.id))).status).toBe(403);
		expect((await refusal(sessions.invitations(other.committee.actor, session.id))).status).toBe(403);
		expect((await refusal(sessions.invite(other.committee.actor, session.id, { role: 'utility', name: '王工' }))).status).toBe(403);
		expect((await refusal(sessions.mark(other.committee.actor, session.id, { name: '张三' }))).status).toBe(403);
		expect((await refusal(sessions.checkIn(other.owners[0].actor, session.id))).status).toBe(403);
		expect((await refusal(sessions.list(other.owners[0].actor, s.community.id))).status).toBe(403);
		// a resident of the community cannot do the committee's work
		expect((await refusal(sessions.invite(s.owners[0].actor, session.id, { role: 'utility', name: '王工' }))).status).toBe(403);
		expect((await refusal(sessions.checkPath(session.id, other.community.id))).status).toBe(404);
	});
});

describe('invitations by link', () => {
	it('an invitee opens their session by the link without an account, answers, and sees nothing of another session', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		const { token, invitation } = await sessions.invite(s.committee.actor, session.id, {
			role: 'utility',
			organisation: '天然气公司',
			name: '王工程师',
			phone: '13912345678'
		});
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const badPhone = await refusal(sessions.invite(s.committee.actor, session.id, { role: 'utility', name: '王工', phone: '12345' }));
		expect(badPhone.fields).toEqual({ phone: '请输入11位手机号码，例如 13800138000' });
		// the link is found by its hash; the token itself is kept for the committee only until the link is used
		const [stored] = await db.select().from(table.sessionInvitation).where(eq(table.sessionInvitation.id, invitation.id));
		expect(stored.tokenHash).toBe(sessions.tokenHashOf(token));
		expect((await sessions.invitations(s.committee.actor, session.id)).rows[0].linkToken).toBe(token);

		const view = await sessions.byToken(token);
		expect(view.session.title).toBe('双福巷燃气管道三方联席会');
		expect(view.invitation).toMatchObject({ name: '王工程师', organisation: '天然气公司', role: 'utility', rsvp: null });

		const missing = await refusal(sessions.rsvp(token, { answer: 'delegate' }));
		expect(missing.fields.delegateName).toBe('请填写代为参加者的姓名');
		await sessions.rsvp(token, { answer: 'delegate', delegateName: '李技术员' });
		const [used] = await db.select().from(table.sessionInvitation).where(eq(table.sessionInvitation.id, invitation.id));
		expect(JSON.stringify(used)).not.toContain(token);
		const { rows, summary } = await sessions.invitations(s.committee.actor, session.id);
		expect(rows[0]).toMatchObject({ rsvp: 'delegate', delegateName: '李技术员' });
		expect(summary).toEqual({ invited: 1, attend: 0, delegate: 1, decline: 0, pending: 0 });
		await sessions.rsvp(token, { answer: 'attend' });
		expect((await sessions.invitations(s.committee.actor, session.id)).summary.attend).toBe(1);

		// a second session of the same community with its own material: the first link does not reach it
		const second = await scheduled(s);
		const mat = await sessions.addMaterial(s.committee.actor, second.session.id, { title: '管线图', name: '管线图.pdf', bytes: PDF });
		expect((await refusal(sessions.materialByToken(token, mat.id))).status).toBe(404);
		const own = await sessions.addMaterial(s.committee.actor, session.id, { title: '燃气公司方案', name: '方案.pdf', bytes: PDF });
		const file = await sessions.materialByToken(token, own.id);
		expect(new TextDecoder().decode(file.bytes)).toContain('%PDF-1.4');
		expect(view.session.id).toBe(session.id);
	});

	it('a wrong, expired or withdrawn link gets a Chinese message and no session data (404 / 410)', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		const { token, invitation } = await sessions.invite(s.committee.actor, session.id, { role: 'authority', organisation: '区综合执法局', name: '赵队长' });

		const wrong = await refusal(sessions.byToken(sessions.generateToken()));
		expect(wrong.status).toBe(404);
		expect(wrong.message).toBe('邀请链接无效。请核对链接是否完整，或联系发出邀请的社区居委会。');
		expect(JSON.stringify(wrong)).not.toContain('双福巷');
		expect((await refusal(sessions.byToken('../../etc'))).status).toBe(404);
		expect((await refusal(sessions.rsvp(sessions.generateToken(), { answer: 'attend' }))).status).toBe(404);

		await db.update(table.sessionInvitation).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(table.sessionInvitation.id, invitation.id));
		const expired = await refusal(sessions.byToken(token));
		expect(expired.status).toBe(410);
		expect(expired.message).toBe('邀请链接已过期。如需参加或查看会议，请联系社区居委会重新发送邀请。');
		expect(expired.fields).toEqual({});
		expect((await refusal(sessions.checkInByToken(token))).status).toBe(410);
		expect((await refusal(sessions.calendarByToken(token, 'http://x'))).status).toBe(410);

		// a new link works and the old one stays dead
		const renewed = await sessions.reissue(s.committee.actor, session.id, invitation.id);
		expect((await sessions.byToken(renewed.token)).invitation.name).toBe('赵队长');
		expect((await refusal(sessions.byToken(token))).status).toBe(404);

		await sessions.revoke(s.committee.actor, session.id, invitation.id);
		const withdrawn = await refusal(sessions.byToken(renewed.token));
		expect(withdrawn.status).toBe(410);
		expect(withdrawn.message).toBe('该邀请已被撤回。如有疑问，请联系社区居委会。');
	});

	it('the printable letter is made only for the link just shown', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		const { token, invitation } = await sessions.invite(s.committee.actor, session.id, { role: 'deputy', name: '刘代表' });
		const letter = await sessions.letter(s.committee.actor, session.id, invitation.id, token, 'https://yst.example');
		expect(letter.url).toBe(`https://yst.example/i/${token}`);
		expect(letter.qr).toContain('<svg');
		expect((await refusal(sessions.letter(s.committee.actor, session.id, invitation.id, sessions.generateToken(), 'https://yst.example'))).code).toBe('stale_link');
		expect((await refusal(sessions.letter(s.owners[0].actor, session.id, invitation.id, token, 'https://yst.example'))).status).toBe(403);
	});
});

describe('check-in and attendance', () => {
	it('a resident checks in once, an invitee by link once, the committee marks a walk-in; counted by role against the quorum', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s, { quorumMin: 4 });
		const gas = await sessions.invite(s.committee.actor, session.id, { role: 'utility', organisation: '天然气公司', name: '王工程师' });
		const merchant = await sessions.invite(s.committee.actor, session.id, { role: 'merchant', organisation: '双福巷餐馆', name: '陈老板' });

		await sessions.checkIn(s.owners[0].actor, session.id);
		const again = await refusal(sessions.checkIn(s.owners[0].actor, session.id));
		expect(again.status).toBe(409);
		expect(again.message).toBe('已经签到过了，无需重复签到');

		await sessions.rsvp(gas.token, { answer: 'delegate', delegateName: '李技术员' });
		const byLink = await sessions.checkInByToken(gas.token);
		expect(byLink).toMatchObject({ name: '李技术员', role: 'utility', organisation: '天然气公司', method: 'self' });
		expect((await refusal(sessions.checkInByToken(gas.token))).code).toBe('already_checked_in');
		// the committee cannot mark the same invitee a second time either
		expect((await refusal(sessions.mark(s.committee.actor, session.id, { invitationId: gas.invitation.id }))).code).toBe('already_checked_in');
		await sessions.mark(s.committee.actor, session.id, { invitationId: merchant.invitation.id });

		let att = await sessions.attendance(s.committee.actor, session.id);
		expect(att.summary).toMatchObject({ total: 3, quorumMin: 4, quorate: false });
		await sessions.mark(s.committee.actor, session.id, { name: '街道城管科 周科长', role: 'authority' });
		att = await sessions.attendance(s.committee.actor, session.id);
		expect(att.summary.quorate).toBe(true);
		expect(att.summary.byRole).toEqual([
			{ role: 'merchant', n: 1 },
			{ role: 'utility', n: 1 },
			{ role: 'authority', n: 1 },
			{ role: 'resident', n: 1 }
		]);
		// residents' names are for the committee; others see outside parties and the count
		const seenByResident = await sessions.attendance(s.owners[1].actor, session.id);
		expect(seenByResident.rows.map((r) => r.name)).not.toContain(s.owners[0].user.name);
		expect(seenByResident.summary.total).toBe(4);

		const page = await sessions.get(s.owners[0].actor, session.id);
		expect(page.me.checkedInAt).not.toBeNull();
		expect(page.invitations).toBeNull();
	});

	it('check-in opens two hours before the start or when the committee starts the session; invitation-only sessions refuse other residents', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s, { startsInHours: 5, openToResidents: false });
		const early = await refusal(sessions.checkIn(s.committee.actor, session.id));
		expect(early.code).toBe('checkin_not_open');
		expect(early.message).toMatch(/^签到将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 开始$/);
		await sessions.start(s.committee.actor, session.id, { confirm: true });
		await sessions.checkIn(s.committee.actor, session.id);
		const outsider = await refusal(sessions.checkIn(s.owners[2].actor, session.id));
		expect(outsider.message).toBe('本次会议只限受邀人员参加，您不在邀请名单中');
		// a pending registration is not a resident yet
		const pending = await makeUser({ communityId: s.community.id, role: 'resident', status: 'pending' });
		expect((await refusal(sessions.checkIn(pending.actor, session.id))).status).toBe(403);
		// a resident invited by name (phone matches their account) may come
		const [u] = await db.select().from(table.user).where(eq(table.user.id, s.owners[2].user.id));
		await sessions.invite(s.committee.actor, session.id, { kind: 'resident', role: 'resident', name: u.name, phone: u.phone });
		expect(await sessions.checkIn(s.owners[2].actor, session.id)).toMatchObject({ role: 'resident', invitationId: expect.any(Number) });
		const summary = await sessions.attendance(s.committee.actor, session.id);
		expect(summary.summary.byRole).toEqual([
			{ role: 'resident', n: 1 },
			{ role: 'staff', n: 1 }
		]);
		await sessions.end(s.committee.actor, session.id);
		expect((await refusal(sessions.checkIn(s.owners[1].actor, session.id))).status).toBe(403);
		expect((await refusal(sessions.mark(s.committee.actor, session.id, { name: '迟到者' }))).code).toBe('checkin_closed');
	});

	it('residents answer on the session page: invited by name, or joining an open session; not an invitation-only one', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		expect((await sessions.get(s.owners[0].actor, session.id)).me.mayRsvp).toBe(true);
		await sessions.rsvpAsUser(s.owners[0].actor, session.id, { answer: 'attend' });
		await sessions.rsvpAsUser(s.owners[0].actor, session.id, { answer: 'delegate', delegateName: '老伴' });
		const list = await sessions.invitations(s.committee.actor, session.id);
		expect(list.rows).toEqual([expect.objectContaining({ kind: 'resident', role: 'resident', userId: s.owners[0].user.id, rsvp: 'delegate', delegateName: '老伴' })]);
		expect(list.summary).toMatchObject({ invited: 1, delegate: 1 });

		const closed = await scheduled(s, { openToResidents: false });
		expect((await sessions.get(s.owners[1].actor, closed.session.id)).me.mayRsvp).toBe(false);
		expect((await refusal(sessions.rsvpAsUser(s.owners[1].actor, closed.session.id, { answer: 'attend' }))).code).toBe('not_invited');
		const [u] = await db.select().from(table.user).where(eq(table.user.id, s.owners[1].user.id));
		await sessions.invite(s.committee.actor, closed.session.id, { kind: 'resident', name: u.name, phone: u.phone });
		await sessions.rsvpAsUser(s.owners[1].actor, closed.session.id, { answer: 'decline' });
		expect((await sessions.invitations(s.committee.actor, closed.session.id)).summary).toMatchObject({ invited: 1, decline: 1 });
		// another community's resident cannot answer at all
		const other = await makeCommunityWithOwners();
		expect((await refusal(sessions.rsvpAsUser(other.owners[0].actor, session.id, { answer: 'attend' }))).status).toBe(403);
	});

	it('two check-ins by the same person at once make one attendance row', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		const results = await Promise.allSettled([0, 1, 2, 3].map(() => sessions.checkIn(s.owners[3].actor, session.id)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rows = await db.select().from(table.sessionAttendance).where(eq(table.sessionAttendance.sessionId, session.id));
		expect(rows).toHaveLength(1);
	});
});

describe('live board and calendar', () => {
	it('a change signal reaches subscribers after a check-in, and the board shows the current item and count', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		const signals: number[] = [];
		const stop = await live.subscribe(session.id, () => signals.push(Date.now()));
		try {
			const before = Date.now();
			await sessions.checkIn(s.owners[0].actor, session.id);
			for (let i = 0; i < 50 && signals.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
			expect(signals.length).toBeGreaterThan(0);
			expect(signals[0] - before).toBeLessThan(1000);
		} finally {
			stop();
		}
		const page = await sessions.get(s.committee.actor, session.id);
		await sessions.setCurrentItem(s.committee.actor, session.id, page.agenda[0].id);
		const board = await sessions.liveState(s.owners[1].actor, session.id);
		expect(board.current?.title).toBe('双福巷餐馆燃气管道沿居民楼外墙敷设');
		expect(board.attendance.total).toBe(1);
		expect(board.polls).toEqual([]);
	});

	it('a ballot in a poll taken in the session signals the board, which shows the live count', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		await sessions.start(s.committee.actor, session.id, { confirm: true });
		const page = await sessions.get(s.committee.actor, session.id);
		await sessions.checkIn(s.owners[0].actor, session.id);
		const { id: voteId } = await votes.create(s.committee.actor, s.community.id, {
			title: '燃气管道是否改走背街一侧',
			kind: 'poll',
			options: ['同意', '不同意'],
			eligibility: 'attendees',
			agendaItemId: page.agenda[0].id
		});
		await votes.open(s.committee.actor, voteId);
		const poll = await votes.get(s.committee.actor, voteId);
		let signals = 0;
		const stop = await live.subscribe(session.id, () => signals++);
		try {
			await votes.cast(s.owners[0].actor, voteId, { optionIds: [poll.options[0].id] });
			for (let i = 0; i < 50 && signals === 0; i++) await new Promise((r) => setTimeout(r, 20));
			expect(signals).toBeGreaterThan(0);
		} finally {
			stop();
		}
		const board = await sessions.liveState(s.owners[1].actor, session.id);
		expect(board.polls).toEqual([
			{
				id: voteId,
				title: '燃气管道是否改走背街一侧',
				kind: 'poll',
				status: 'open',
				participated: 1,
				eligible: 1,
				options: [
					{ label: '同意', count: 1 },
					{ label: '不同意', count: 0 }
				]
			}
		]);
	});

	it('the .ics file parses back as one event at the right UTC times with the place and link', async () => {
		const s = await makeCommunityWithOwners();
		const topic = await makeTopic(s);
		const session = await sessions.create(s.committee.actor, s.community.id, {
			kind: 'joint',
			title: '双福巷燃气管道三方联席会',
			venueText: '双福巷社区议事厅',
			startsAt: '2026-12-03T19:00',
			endsAt: '2026-12-03T21:00',
			topicIds: [topic.id]
		});
		await sessions.publish(s.committee.actor, session.id);
		const { body } = await sessions.calendar(s.owners[0].actor, session.id, 'https://yst.example');
		const comp = new ICAL.Component(ICAL.parse(body));
		const events = comp.getAllSubcomponents('vevent');
		expect(events).toHaveLength(1);
		const ev = new ICAL.Event(events[0]);
		expect(ev.summary).toBe('三方联席会：双福巷燃气管道三方联席会');
		expect(ev.location).toBe('双福巷社区议事厅');
		expect(ev.startDate.toJSDate().toISOString()).toBe('2026-12-03T11:00:00.000Z');
		expect(ev.endDate.toJSDate().toISOString()).toBe('2026-12-03T13:00:00.000Z');
		expect(ev.description).toContain('1. 双福巷餐馆燃气管道沿居民楼外墙敷设');
		expect(events[0].getFirstPropertyValue('url')).toBe(`https://yst.example/c/${s.community.id}/sessions/${session.id}`);
	});
});

describe('materials', () => {
	it('stores a PDF for every instance to serve, and refuses a renamed picture without leaving a half-written row', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await scheduled(s);
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
		const bad = await refusal(sessions.addMaterial(s.committee.actor, session.id, { title: '方案', name: '方案.pdf', bytes: png }));
		expect(bad.fields.file).toBe('文件内容与扩展名不符，请检查后重新上传');
		expect(await db.select().from(table.storedFile).where(eq(table.storedFile.communityId, s.community.id))).toEqual([]);
		const ok = await sessions.addMaterial(s.committee.actor, session.id, { title: '', name: '燃气管线方案.pdf', bytes: PDF });
		expect(ok.title).toBe('燃气管线方案.pdf');
		const file = await sessions.material(s.owners[0].actor, session.id, ok.id);
		expect(file.size).toBe(PDF.length);
		expect(file.mime).toBe('application/pdf');
		const other = await makeCommunityWithOwners();
		expect((await refusal(sessions.material(other.owners[0].actor, session.id, ok.id))).status).toBe(403);
	});
});
