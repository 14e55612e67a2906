/** The sessions JSON API over the same services as the pages, and its place in the OpenAPI document. */
import { describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth';
import { makeCommunityWithOwners } from './fixtures';

const { GET: listRoute, POST: createRoute } = await import('../../src/routes/api/v1/communities/[communityId]/sessions/+server');
const { GET: getRoute } = await import('../../src/routes/api/v1/sessions/[sessionId]/+server');
const { POST: publishRoute } = await import('../../src/routes/api/v1/sessions/[sessionId]/publish/+server');
const { GET: invitationsRoute, POST: inviteRoute } = await import('../../src/routes/api/v1/sessions/[sessionId]/invitations/+server');
const { GET: byTokenRoute } = await import('../../src/routes/api/v1/invitations/[token]/+server');
const { POST: rsvpRoute } = await import('../../src/routes/api/v1/invitations/[token]/rsvp/+server');
const { POST: tokenCheckinRoute } = await import('../../src/routes/api/v1/invitations/[token]/checkin/+server');
const { POST: checkinRoute } = await import('../../src/routes/api/v1/sessions/[sessionId]/checkin/+server');
const { GET: attendanceRoute, POST: markRoute } = await import('../../src/routes/api/v1/sessions/[sessionId]/attendance/+server');
const { GET: liveRoute } = await import('../../src/routes/api/v1/sessions/[sessionId]/live/+server');
const { document } = await import('$lib/server/openapi');

type Handler = (event: never) => Promise<Response>;
function call(h: unknown, user: SessionUser | null, path: string, params: Record<string, string>, body?: unknown) {
	const request = new Request(
		`http://localhost${path}`,
		body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }
	);
	return (h as Handler)({ request, url: new URL(request.url), params, locals: { user, session: null } } as never);
}

describe('sessions API', () => {
	it('schedules, publishes, invites, takes an RSVP and a check-in by token, and counts attendance', async () => {
		const s = await makeCommunityWithOwners();
		const [topic] = await db
			.insert(table.topic)
			.values({ communityId: s.community.id, title: '双福巷燃气管道', description: '11家餐馆', category: 'business', status: 'accepted', proposerId: s.owners[0].user.id })
			.returning();
		const cid = String(s.community.id);
		const bad = await call(createRoute, s.committee.actor, `/api/v1/communities/${cid}/sessions`, { communityId: cid }, { kind: 'joint', title: '三方联席会', venueText: '议事厅', startsAt: '2026-12-03T19:00', endsAt: '2026-12-03T18:00' });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ error: { code: 'invalid_input', message: '填写的内容有误，请按提示修改', fields: { endsAt: '结束时间须晚于开始时间' } } });

		const start = new Date(Date.now() + 30 * 60_000).toISOString();
		const end = new Date(Date.now() + 150 * 60_000).toISOString();
		const created = await call(createRoute, s.committee.actor, `/api/v1/communities/${cid}/sessions`, { communityId: cid }, { kind: 'joint', title: '三方联席会', venueText: '议事厅', startsAt: start, endsAt: end, quorumMin: 2, openToResidents: true, topicIds: [topic.id] });
		expect(created.status).toBe(201);
		const session = await created.json();
		const sid = String(session.id);
		expect((await call(publishRoute, s.owners[0].actor, `/api/v1/sessions/${sid}/publish`, { sessionId: sid }, {})).status).toBe(403);
		expect((await call(publishRoute, s.committee.actor, `/api/v1/sessions/${sid}/publish`, { sessionId: sid }, {})).status).toBe(200);

		const invited = await call(inviteRoute, s.committee.actor, `/api/v1/sessions/${sid}/invitations`, { sessionId: sid }, { role: 'utility', organisation: '天然气公司', name: '王工程师' });
		expect(invited.status).toBe(201);
		const { token, url, invitation } = await invited.json();
		expect(url).toBe(`http://localhost/i/${token}`);
		expect(invitation).not.toHaveProperty('tokenHash');
		const noRole = await call(inviteRoute, s.committee.actor, `/api/v1/sessions/${sid}/invitations`, { sessionId: sid }, { name: '某人', phone: '123' });
		expect((await noRole.json()).error.fields).toEqual({ role: '请选择受邀方身份', phone: '请输入11位手机号码，例如 13800138000' });

		const view = await (await call(byTokenRoute, null, `/api/v1/invitations/${token}`, { token })).json();
		expect(view.session.title).toBe('三方联席会');
		const wrong = await call(byTokenRoute, null, '/api/v1/invitations/x', { token: 'abcdefghijklmnopqrstuvwxyz' });
		expect(wrong.status).toBe(404);
		const wrongBody = await wrong.json();
		expect(wrongBody.error.message).toBe('邀请链接无效。请核对链接是否完整，或联系发出邀请的社区居委会。');
		expect(JSON.stringify(wrongBody)).not.toContain('三方联席会');

		const answered = await call(rsvpRoute, null, `/api/v1/invitations/${token}/rsvp`, { token }, { answer: 'attend' });
		expect(answered.status).toBe(200);
		expect((await answered.json()).rsvp).toBe('attend');
		const list = await (await call(invitationsRoute, s.committee.actor, `/api/v1/sessions/${sid}/invitations`, { sessionId: sid })).json();
		expect(list.summary).toEqual({ invited: 1, attend: 1, delegate: 0, decline: 0, pending: 0 });
		// a resident of the community cannot read the invitation list (phones)
		expect((await call(invitationsRoute, s.owners[0].actor, `/api/v1/sessions/${sid}/invitations`, { sessionId: sid })).status).toBe(403);

		expect((await call(tokenCheckinRoute, null, `/api/v1/invitations/${token}/checkin`, { token }, {})).status).toBe(201);
		const twice = await call(tokenCheckinRoute, null, `/api/v1/invitations/${token}/checkin`, { token }, {});
		expect(twice.status).toBe(409);
		expect((await twice.json()).error.message).toBe('已经签到过了，无需重复签到');
		expect((await call(checkinRoute, s.owners[1].actor, `/api/v1/sessions/${sid}/checkin`, { sessionId: sid }, {})).status).toBe(201);
		expect((await call(markRoute, s.committee.actor, `/api/v1/sessions/${sid}/attendance`, { sessionId: sid }, { name: '周科长', role: 'authority' })).status).toBe(201);

		const att = await (await call(attendanceRoute, s.owners[2].actor, `/api/v1/sessions/${sid}/attendance`, { sessionId: sid })).json();
		expect(att.summary).toMatchObject({ total: 3, quorumMin: 2, quorate: true });
		const board = await (await call(liveRoute, s.owners[2].actor, `/api/v1/sessions/${sid}/live`, { sessionId: sid })).json();
		expect(board.attendance.total).toBe(3);

		// another community sees nothing
		const other = await makeCommunityWithOwners();
		expect((await call(getRoute, other.owners[0].actor, `/api/v1/sessions/${sid}`, { sessionId: sid })).status).toBe(403);
		expect((await call(listRoute, other.owners[0].actor, `/api/v1/communities/${cid}/sessions`, { communityId: cid })).status).toBe(403);
		expect((await call(getRoute, null, `/api/v1/sessions/${sid}`, { sessionId: sid })).status).toBe(401);
	});

	it('every sessions endpoint is in the OpenAPI document', () => {
		const doc = document();
		for (const p of [
			'/communities/{communityId}/sessions',
			'/communities/{communityId}/venues',
			'/sessions/{sessionId}',
			'/sessions/{sessionId}/publish',
			'/sessions/{sessionId}/agenda',
			'/sessions/{sessionId}/agenda/{itemId}',
			'/sessions/{sessionId}/current-item',
			'/sessions/{sessionId}/invitations',
			'/sessions/{sessionId}/invitations/{invitationId}/reissue',
			'/sessions/{sessionId}/checkin',
			'/sessions/{sessionId}/rsvp',
			'/sessions/{sessionId}/attendance',
			'/sessions/{sessionId}/live',
			'/invitations/{token}',
			'/invitations/{token}/rsvp',
			'/invitations/{token}/checkin'
		]) {
			expect(doc.paths, p).toHaveProperty([p]);
		}
		expect((doc.paths['/invitations/{token}/rsvp'] as { post: { security: unknown[] } }).post.security).toEqual([]);
		expect(doc.components.schemas).toHaveProperty('InvitationIssued');
	});
});
