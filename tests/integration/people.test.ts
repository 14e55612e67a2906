import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import * as people from '$lib/server/people';
import { requireVerifiedResident } from '$lib/server/access';
import { ServiceError } from '$lib/server/errors';
import { actorOf, makeCommunity, makeUser, refusal, register } from './fixtures';

let phoneSeq = 0;
const freshPhone = () => `1370000${String(++phoneSeq).padStart(4, '0')}`;


const count = async (t: typeof table.user | typeof table.membership) =>
	(await db.select({ n: sql<number>`count(*)::int` }).from(t))[0].n;

function form(communityId: number, buildingId: number, over: Record<string, unknown> = {}) {
	return {
		name: '王秀英',
		phone: freshPhone(),
		password: 'longenough1',
		passwordConfirm: 'longenough1',
		communityId: String(communityId),
		buildingId: String(buildingId),
		entrance: '1单元',
		room: '102',
		relation: 'owner',
		...over
	};
}

describe('registration', () => {
	it('creates the account and a pending membership for the claimed unit, and the person can sign in', async () => {
		const { community, building, units } = await makeCommunity();
		const input = form(community.id, building.id);
		const out = await register(input);
		expect(out.unitLabel).toMatch(/^测试社区\d+小区 1栋 1单元 102$/);
		const [ms] = await db.select().from(table.membership).where(eq(table.membership.userId, out.user.id));
		expect(ms).toMatchObject({ communityId: community.id, role: 'owner', status: 'pending', unitId: units[1].id });

		const session = await people.login({ phone: input.phone, password: 'longenough1' }, '10.0.0.1');
		const { user } = await auth.validateSessionToken(session.token);
		expect(user?.name).toBe('王秀英');
		expect(() => requireVerifiedResident(user, community.id)).toThrow(/尚未经居委会核实/);
	});

	it('accepts an empty entrance when the building has only one, and "302室"-style rooms', async () => {
		const { community, building, units } = await makeCommunity();
		const out = await register(form(community.id, building.id, { entrance: '', room: '201室', relation: 'resident' }));
		const [ms] = await db.select().from(table.membership).where(eq(table.membership.userId, out.user.id));
		expect(ms).toMatchObject({ unitId: units[2].id, role: 'resident' });
	});

	it('finds the building by name as well as by id', async () => {
		const { community, units } = await makeCommunity();
		const out = await register(form(community.id, 0, { buildingId: '', building: '1栋', entrance: '1', room: '202' }));
		const [ms] = await db.select().from(table.membership).where(eq(table.membership.userId, out.user.id));
		expect(ms.unitId).toBe(units[3].id);
	});

	const bad: [string, Record<string, unknown>, string, RegExp][] = [
		['a missing name', { name: '  ' }, 'name', /姓名/],
		['a landline number', { phone: '02887654321' }, 'phone', /11位手机号/],
		['a short password', { password: 'short', passwordConfirm: 'short' }, 'password', /至少8位/],
		['a common password', { password: '12345678', passwordConfirm: '12345678' }, 'password', /密码太容易被猜到/],
		['a password made of the phone', { phone: '13912345670', password: '13912345670', passwordConfirm: '13912345670' }, 'password', /密码太容易被猜到/],
		['a confirmation that differs', { passwordConfirm: 'longenough2' }, 'passwordConfirm', /不一致/],
		['no relation', { relation: 'landlord' }, 'relation', /关系/],
		['no building', { buildingId: '' }, 'buildingId', /楼栋/],
		['an unknown building name', { buildingId: '', building: '9栋' }, 'building', /没有“9栋”/],
		['an unknown entrance', { entrance: '3单元' }, 'entrance', /1栋没有“3单元”/],
		['an unknown room', { room: '999' }, 'room', /1栋1单元没有 999/],
		['no room', { room: '' }, 'room', /请填写/]
	];
	for (const [what, over, field, message] of bad) {
		it(`refuses ${what} with a Chinese message beside "${field}" and writes nothing`, async () => {
			const { community, building } = await makeCommunity();
			const [users, memberships] = [await count(table.user), await count(table.membership)];
			const e = await refusal(people.startRegistration(form(community.id, building.id, over), '10.7.0.1'));
			expect(e.status).toBe(400);
			expect(e.fields[field]).toMatch(message);
			expect([await count(table.user), await count(table.membership)]).toEqual([users, memberships]);
		});
	}

	it('names a missing field in Chinese, and reports the room together with the other mistakes', async () => {
		const { community, building } = await makeCommunity();
		const { relation: _r, name: _n, ...rest } = form(community.id, building.id, { phone: '123', room: '909' });
		const e = await refusal(people.startRegistration(rest, '10.7.0.2'));
		expect(e.fields).toMatchObject({ name: '请填写此项', relation: expect.stringMatching(/关系/), phone: expect.stringMatching(/11位/) });
		expect(e.fields.room).toMatch(/没有 909/);
	});

	it('refuses a building of another community', async () => {
		const { community } = await makeCommunity();
		const other = await makeCommunity();
		const e = await refusal(people.startRegistration(form(community.id, other.building.id), '10.7.0.3'));
		expect(e.fields.buildingId).toMatch(/楼栋/);
	});

	it('asks for the entrance when the building has several', async () => {
		const { community, building } = await makeCommunity();
		await db.insert(table.entrance).values({ communityId: community.id, buildingId: building.id, name: '2单元' });
		const e = await refusal(people.startRegistration(form(community.id, building.id, { entrance: '' }), '10.7.0.4'));
		expect(e.fields.entrance).toMatch(/1栋有多个单元/);
	});
});

describe('sign-in', () => {
	it('refuses a wrong password and an unknown phone alike', async () => {
		const { user } = await makeUser();
		const wrong = await refusal(people.login({ phone: user.phone, password: 'wrongwrong' }, '10.1.0.1'));
		const unknown = await refusal(people.login({ phone: freshPhone(), password: 'wrongwrong' }, '10.1.0.1'));
		expect([wrong.status, wrong.message]).toEqual([401, '手机号或密码不正确']);
		expect([unknown.status, unknown.message]).toEqual([401, '手机号或密码不正确']);
	});

	it('a success clears the earlier failures of the phone from that address', async () => {
		const { user, password } = await makeUser();
		for (let i = 0; i < 4; i++) await refusal(people.login({ phone: user.phone, password: 'wrongwrong' }, '10.3.0.1'));
		await people.login({ phone: user.phone, password }, '10.3.0.1');
		const again = await refusal(people.login({ phone: user.phone, password: 'wrongwrong' }, '10.3.0.1'));
		expect(again.status).toBe(401);
	});

	it('locks a client address after thirty failures across phones', async () => {
		const { user, password } = await makeUser();
		for (let i = 0; i < auth.THROTTLE.address.free - 1; i++) {
			await refusal(people.login({ phone: freshPhone(), password: 'wrongwrong' }, '10.4.0.1'));
		}
		expect((await refusal(people.login({ phone: freshPhone(), password: 'wrongwrong' }, '10.4.0.1'))).status).toBe(429);
		expect((await refusal(people.login({ phone: user.phone, password }, '10.4.0.1'))).status).toBe(429);
		await expect(people.login({ phone: user.phone, password }, '10.4.0.2')).resolves.toHaveProperty('token');
	});
});

describe('password and sessions', () => {
	it('changing the password keeps this session and signs out the others; the new password works', async () => {
		const { user, password } = await makeUser();
		const here = await people.login({ phone: user.phone, password }, '10.5.0.1');
		const there = await people.login({ phone: user.phone, password }, '10.5.0.1');
		const actor = (await auth.validateSessionToken(here.token)).user;
		const hereId = auth.sessionIdOf(here.token);

		const wrong = await refusal(
			people.changePassword(actor, { currentPassword: 'nottheone', newPassword: 'tall-maple-42', newPasswordConfirm: 'tall-maple-42' }, hereId)
		);
		expect(wrong.fields.currentPassword).toBe('当前密码不正确');
		const mismatch = await refusal(
			people.changePassword(actor, { currentPassword: password, newPassword: 'tall-maple-42', newPasswordConfirm: 'tall-maple-43' }, hereId)
		);
		expect(mismatch.fields.newPasswordConfirm).toMatch(/不一致/);
		expect((await auth.validateSessionToken(there.token)).user).not.toBeNull();

		await people.changePassword(actor, { currentPassword: password, newPassword: 'tall-maple-42', newPasswordConfirm: 'tall-maple-42' }, hereId);
		expect((await auth.validateSessionToken(here.token)).user?.id).toBe(user.id);
		expect((await auth.validateSessionToken(there.token)).user).toBeNull();
		expect((await refusal(people.login({ phone: user.phone, password }, '10.5.0.2'))).status).toBe(401);
		await expect(people.login({ phone: user.phone, password: 'tall-maple-42' }, '10.5.0.2')).resolves.toHaveProperty('token');
	});

	it('signing out everywhere ends every session of that person only', async () => {
		const { user, password } = await makeUser();
		const other = await makeUser();
		const a = await people.login({ phone: user.phone, password }, '10.6.0.1');
		const b = await people.login({ phone: user.phone, password }, '10.6.0.1');
		const c = await people.login({ phone: other.user.phone, password: other.password }, '10.6.0.1');
		await people.logoutEverywhere((await auth.validateSessionToken(a.token)).user);
		expect((await auth.validateSessionToken(a.token)).user).toBeNull();
		expect((await auth.validateSessionToken(b.token)).user).toBeNull();
		expect((await auth.validateSessionToken(c.token)).user?.id).toBe(other.user.id);
		expect((await refusal(people.logoutEverywhere(null))).status).toBe(401);
	});

	it('me() lists memberships with community names and unit labels', async () => {
		const { community, building } = await makeCommunity('金阳社区');
		const input = form(community.id, building.id, { room: '201' });
		const out = await register(input);
		const mine = await people.me(await actorOf(out.user.id));
		expect(mine.user).toEqual({ id: out.user.id, name: '王秀英', phone: input.phone });
		expect(mine.memberships).toMatchObject([
			{ communityId: community.id, communityName: '金阳社区', unitLabel: expect.stringMatching(/小区 1栋 1单元 201$/), role: 'owner', status: 'pending' }
		]);
		expect((await refusal(people.me(null))).status).toBe(401);
	});
});

describe('committee verification', () => {
	async function setting() {
		const place = await makeCommunity();
		const committee = await makeUser({ communityId: place.community.id, role: 'committee' });
		// the unit's registered owner phone is the phone used to register: an owner-claim hint
		const input = form(place.community.id, place.building.id, { room: '101', phone: place.units[0].ownerPhone });
		const reg = await register(input);
		const applicant = { ...reg, input };
		return { place, committee, applicant };
	}

	it('lists pending registrations first with the unit and the owner-phone hint', async () => {
		const { place, committee, applicant } = await setting();
		const resident = await makeUser({ communityId: place.community.id, role: 'resident', unitId: place.units[3].id });
		const list = await people.listMembers(committee.actor, place.community.id);
		expect(list.map((r) => [r.id, r.status])).toEqual([
			[applicant.membershipId, 'pending'],
			[expect.any(Number), 'verified']
		]);
		expect(list[0]).toMatchObject({ name: '王秀英', unitLabel: expect.stringMatching(/小区 1栋 1单元 101$/), ownerPhoneMatches: true, role: 'owner' });
		expect(list[1]).toMatchObject({ userId: resident.user.id, ownerPhoneMatches: false, ownerPhoneOnFile: true });
		const pending = await people.listMembers(committee.actor, place.community.id, { status: 'pending' });
		expect(pending).toHaveLength(1);
		expect(await people.pendingCount(committee.actor, place.community.id)).toBe(1);
	});

	it("another community's committee, a resident and a stranger are refused, and nothing changes", async () => {
		const { place, applicant } = await setting();
		const elsewhere = await makeCommunity();
		const otherCommittee = await makeUser({ communityId: elsewhere.community.id, role: 'committee' });
		const resident = await makeUser({ communityId: place.community.id, role: 'resident' });
		for (const actor of [otherCommittee.actor, resident.actor]) {
			expect((await refusal(people.listMembers(actor, place.community.id))).status).toBe(403);
			expect((await refusal(people.verify(actor, applicant.membershipId, { role: 'owner' }))).status).toBe(403);
			expect((await refusal(people.reject(actor, applicant.membershipId, { reason: '查无此人' }))).status).toBe(403);
		}
		expect((await refusal(people.listMembers(null, place.community.id))).status).toBe(401);
		const [ms] = await db.select().from(table.membership).where(eq(table.membership.id, applicant.membershipId));
		expect(ms.status).toBe('pending');
		expect(await db.select().from(table.auditLog).where(eq(table.auditLog.communityId, place.community.id))).toEqual([]);
	});

	it('verification lets the person second and vote, and is written to the audit log', async () => {
		const { place, committee, applicant } = await setting();
		const done = await people.verify(committee.actor, applicant.membershipId, { role: 'resident' });
		expect(done).toMatchObject({ status: 'verified', role: 'resident' });
		const actor = await actorOf(applicant.user.id);
		expect(requireVerifiedResident(actor, place.community.id).id).toBe(applicant.user.id);
		const log = await db.select().from(table.auditLog).where(eq(table.auditLog.communityId, place.community.id));
		expect(log).toMatchObject([
			{ action: 'membership.verify', targetType: 'membership', targetId: applicant.membershipId, actorId: committee.user.id }
		]);
	});

	it('rejection needs a reason, which the person then sees', async () => {
		const { place, committee, applicant } = await setting();
		const e = await refusal(people.reject(committee.actor, applicant.membershipId, { reason: '  ' }));
		expect(e.fields.reason).toMatch(/不通过的原因/);
		await people.reject(committee.actor, applicant.membershipId, { reason: '房号与登记不符，请到居委会核对' });
		const mine = await people.me(await actorOf(applicant.user.id));
		expect(mine.memberships[0]).toMatchObject({ status: 'rejected', note: '房号与登记不符，请到居委会核对' });
		const actor = await actorOf(applicant.user.id);
		expect(() => requireVerifiedResident(actor, place.community.id)).toThrow(ServiceError);
		const log = await db
			.select()
			.from(table.auditLog)
			.where(and(eq(table.auditLog.communityId, place.community.id), eq(table.auditLog.action, 'membership.reject')));
		expect(log).toHaveLength(1);
	});

	it('refuses a committee role being handled as a registration, and an unknown id', async () => {
		const { place, committee } = await setting();
		const [own] = await db.select().from(table.membership).where(eq(table.membership.userId, committee.user.id));
		expect((await refusal(people.verify(committee.actor, own.id, { role: 'owner' }))).status).toBe(404);
		expect((await refusal(people.verify(committee.actor, 999999, { role: 'owner' }))).status).toBe(404);
		expect((await refusal(people.verify(committee.actor, 'abc', { role: 'owner' }))).status).toBe(400);
		const bad = await refusal(people.listMembers(committee.actor, place.community.id, { status: 'x' as never }));
		expect(bad.status).toBe(400);
	});

	it('a role outside resident/owner is refused', async () => {
		const { committee, applicant } = await setting();
		const e = await refusal(people.verify(committee.actor, applicant.membershipId, { role: 'committee' }));
		expect(e.fields.role).toMatch(/身份/);
	});
});

describe('JSON API', async () => {
	const { POST: loginRoute } = await import('../../src/routes/api/v1/auth/login/+server');
	const { POST: logoutRoute } = await import('../../src/routes/api/v1/auth/logout/+server');
	const { GET: meRoute } = await import('../../src/routes/api/v1/me/+server');
	const { document } = await import('$lib/server/openapi');

	/** what hooks.server.ts would hand a handler for a request carrying this token */
	async function event(path: string, init: RequestInit = {}, token?: string) {
		const { user, session } = token ? await auth.validateSessionToken(token) : { user: null, session: null };
		const request = new Request(`http://localhost${path}`, init);
		return { request, url: new URL(request.url), params: {}, locals: { user, session }, getClientAddress: () => '10.9.0.1' } as never;
	}
	const post = (body: string) => ({ method: 'POST', body, headers: { 'content-type': 'application/json' } });

	it('signs in, reads /me with the token, signs out, and the token stops working', async () => {
		const { community, building } = await makeCommunity('康乐社区');
		const input = form(community.id, building.id);
		await register(input);

		const res = await loginRoute(await event('/api/v1/auth/login', post(JSON.stringify({ phone: input.phone, password: input.password }))));
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.user).toMatchObject({ name: '王秀英', phone: input.phone });
		expect(body).not.toHaveProperty('user.passwordHash');

		const me = await meRoute(await event('/api/v1/me', {}, body.token));
		expect(me.status).toBe(200);
		expect((await me.json()).memberships).toMatchObject([{ communityName: '康乐社区', status: 'pending', unitLabel: expect.stringMatching(/小区 1栋 1单元 102$/) }]);

		expect((await logoutRoute(await event('/api/v1/auth/logout', { method: 'POST' }, body.token))).status).toBe(200);
		const after = await meRoute(await event('/api/v1/me', {}, body.token));
		expect(after.status).toBe(401);
		expect(await after.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录', fields: {} } });
	});

	it('answers bad requests with a JSON error and a 4xx', async () => {
		const { user } = await makeUser();
		const wrong = await loginRoute(await event('/x', post(JSON.stringify({ phone: user.phone, password: 'nope-nope' }))));
		expect(wrong.status).toBe(401);
		expect((await wrong.json()).error).toMatchObject({ code: 'login_failed', message: '手机号或密码不正确' });

		const notJson = await loginRoute(await event('/x', post('{phone:')));
		expect([notJson.status, (await notJson.json()).error.code]).toEqual([400, 'bad_json']);

		const missing = await loginRoute(await event('/x', post('{}')));
		expect(missing.status).toBe(400);
		expect((await missing.json()).error.fields).toMatchObject({ phone: '请填写此项', password: '请填写此项' });

		expect((await logoutRoute(await event('/x', { method: 'POST' }))).status).toBe(401);
		expect((await meRoute(await event('/x', {}, 'not-a-token'))).status).toBe(401);
	});

	it('is described in the OpenAPI document', () => {
		const { paths } = document() as { paths: Record<string, Record<string, unknown>> };
		expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/logout', '/me']));
		expect(paths['/auth/login']).toHaveProperty('post.responses.429');
	});
});
