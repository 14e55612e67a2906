/**
 * Issue 14 items 6 and 7: sign-in throttling that a stranger cannot turn against the owner, and registration that
 * verifies the phone by SMS, says nothing about which phones have accounts, is throttled and refuses weak passwords.
 */
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import * as people from '$lib/server/people';
import { codeSentTo, lastSmsTo, messagesTo } from '../support/sms-outbox';
import { actorOf, makeCommunity, makeUser, refusal, register } from './fixtures';

let seq = 0;
const freshPhone = () => `1360000${String(++seq).padStart(4, '0')}`;
let addr = 0;
const freshAddress = () => `10.${30 + Math.floor(++addr / 250)}.${addr % 250}.1`;

const LOCKED = /^登录失败次数过多，请 \d+ 分钟后再试$/;

async function wrong(phone: string, address: string, device: string | null = null) {
	return refusal(people.login({ phone, password: 'wrong-password', device }, address));
}

describe('sign-in throttling cannot be used to keep the owner out', () => {
	it("a stranger's wrong passwords from another address do not stop the owner from their own address", async () => {
		const { user, password } = await makeUser();
		const [attacker, home] = [freshAddress(), freshAddress()];
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await wrong(user.phone, attacker)).status);
		expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
		await expect(people.login({ phone: user.phone, password }, home)).resolves.toHaveProperty('token');
	});

	it("the attacker's address is locked, with the same message as before, for longer after each further failure", async () => {
		const { user, password } = await makeUser();
		const attacker = freshAddress();
		for (let i = 0; i < 4; i++) await wrong(user.phone, attacker);
		const first = await wrong(user.phone, attacker);
		expect([first.status, first.code]).toEqual([429, 'login_locked']);
		expect(first.message).toMatch(LOCKED);
		expect(first.message).toContain('请 1 分钟后再试');
		// even the right password is refused there while locked, so the lock tells the guesser nothing
		expect((await refusal(people.login({ phone: user.phone, password }, attacker))).status).toBe(429);

		const waits: string[] = [];
		for (let i = 0; i < 4; i++) {
			// the lock runs out (as if the minutes had passed), and the next failure locks for longer
			await db.update(table.loginThrottle).set({ lockedUntil: null }).where(eq(table.loginThrottle.key, `pair:${user.phone}:${attacker}`));
			waits.push((await wrong(user.phone, attacker)).message);
		}
		expect(waits).toEqual([2, 4, 8, 15].map((n) => `登录失败次数过多，请 ${n} 分钟后再试`));
	});

	it('a known device signs in with the right password while the phone is locked by attacks from everywhere', async () => {
		const { user, password } = await makeUser();
		const home = freshAddress();
		const first = await people.login({ phone: user.phone, password }, home);
		expect(auth.isDeviceId(first.device)).toBe(true);

		// a wide attack: failures for this phone from many addresses, up to the phone-wide cap
		for (let i = 0; i < auth.THROTTLE.phone.free; i++) await auth.recordFailure(`phone:${user.phone}`, auth.THROTTLE.phone);
		const stranger = await refusal(people.login({ phone: user.phone, password }, freshAddress()));
		expect([stranger.status, stranger.message]).toEqual([429, '登录失败次数过多，请 15 分钟后再试']);
		// a device id that was never given out, or another person's, is no key
		const other = await makeUser();
		const otherDevice = (await people.login({ phone: other.user.phone, password: other.password }, freshAddress())).device;
		expect((await refusal(people.login({ phone: user.phone, password, device: otherDevice }, freshAddress()))).status).toBe(429);
		expect((await refusal(people.login({ phone: user.phone, password, device: auth.generateDeviceId() }, freshAddress()))).status).toBe(429);

		const again = await people.login({ phone: user.phone, password, device: first.device }, home);
		expect(again.device).toBe(first.device);
		expect((await auth.validateSessionToken(again.token)).user?.id).toBe(user.id);
	});

	it("a known device is not held by its address's lock (a shared address, e.g. a carrier's NAT) but by its own failures", async () => {
		const { user, password } = await makeUser();
		const shared = freshAddress();
		const { device } = await people.login({ phone: user.phone, password }, shared);
		for (let i = 0; i < 6; i++) await wrong(user.phone, shared);
		expect((await refusal(people.login({ phone: user.phone, password }, shared))).status).toBe(429);
		await expect(people.login({ phone: user.phone, password, device }, shared)).resolves.toHaveProperty('token');

		// whoever holds the device still gets only five guesses before waiting
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await wrong(user.phone, freshAddress(), device)).status);
		expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
	});

	it('the counts live in the database, so every instance sees the same locks', async () => {
		const { user, password } = await makeUser();
		const attacker = freshAddress();
		for (let i = 0; i < 5; i++) await wrong(user.phone, attacker);
		const rows = await db
			.select({ key: table.loginThrottle.key, failures: table.loginThrottle.failures })
			.from(table.loginThrottle)
			.where(sql`${table.loginThrottle.key} in (${`pair:${user.phone}:${attacker}`}, ${`ip:${attacker}`}, ${`phone:${user.phone}`})`);
		expect(Object.fromEntries(rows.map((r) => [r.key, r.failures]))).toEqual({
			[`pair:${user.phone}:${attacker}`]: 5,
			[`ip:${attacker}`]: 5,
			[`phone:${user.phone}`]: 5
		});
		// nothing is kept in this process: the rows gone, the address may try again
		await db.delete(table.loginThrottle).where(eq(table.loginThrottle.key, `pair:${user.phone}:${attacker}`));
		await expect(people.login({ phone: user.phone, password }, attacker)).resolves.toHaveProperty('token');
		// and a lock another instance wrote is honoured here
		const elsewhere = freshAddress();
		await db.insert(table.loginThrottle).values({ key: `ip:${elsewhere}`, failures: 30, lockedUntil: new Date(Date.now() + 5 * 60_000) });
		expect((await refusal(people.login({ phone: user.phone, password }, elsewhere))).message).toBe('登录失败次数过多，请 5 分钟后再试');
	});

	it('the JSON API returns the device id and accepts it back', async () => {
		const { POST } = await import('../../src/routes/api/v1/auth/login/+server');
		const { user, password } = await makeUser();
		const call = async (body: unknown, address: string) => {
			const request = new Request('http://localhost/api/v1/auth/login', {
				method: 'POST',
				body: JSON.stringify(body),
				headers: { 'content-type': 'application/json' }
			});
			return POST({ request, url: new URL(request.url), params: {}, locals: { user: null, session: null }, getClientAddress: () => address } as never);
		};
		const first = await call({ phone: user.phone, password }, freshAddress());
		const { device } = (await first.json()) as { device: string };
		expect(auth.isDeviceId(device)).toBe(true);
		for (let i = 0; i < auth.THROTTLE.phone.free; i++) await auth.recordFailure(`phone:${user.phone}`, auth.THROTTLE.phone);
		expect((await call({ phone: user.phone, password }, freshAddress())).status).toBe(429);
		expect((await call({ phone: user.phone, password, device }, freshAddress())).status).toBe(200);
	});
});

function form(communityId: number, buildingId: number, over: Record<string, unknown> = {}) {
	return {
		name: '赵晓梅',
		phone: freshPhone(),
		password: 'quiet-harbour-71',
		passwordConfirm: 'quiet-harbour-71',
		communityId: String(communityId),
		buildingId: String(buildingId),
		entrance: '1单元',
		room: '201',
		relation: 'resident',
		...over
	};
}

const users = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(table.user))[0].n;

describe('registration verifies the phone by SMS and tells nobody which phones have accounts', () => {
	it('a registered phone and a new phone get the same answer; only the text message differs', async () => {
		const { community, building } = await makeCommunity();
		const existing = form(community.id, building.id);
		await register(existing);
		const fresh = form(community.id, building.id);

		const a = await people.startRegistration(form(community.id, building.id, { phone: existing.phone }), freshAddress());
		const b = await people.startRegistration(fresh, freshAddress());
		const shape = (r: typeof a, phone: string) => ({
			...r,
			ticket: r.ticket.replace(/[a-z2-7]/g, 'x'),
			sentTo: r.sentTo.replace(phone.slice(7), '____'),
			message: r.message.replace(phone.slice(7), '____'),
			expiresAt: Math.round((r.expiresAt.getTime() - Date.now()) / 60_000)
		});
		expect(shape(a, existing.phone)).toEqual(shape(b, fresh.phone));
		expect(b.message).toBe(`验证码已发送至 136****${fresh.phone.slice(7)}`);

		expect(lastSmsTo(existing.phone)).toMatchObject({ template: 'register_existing', params: {} });
		expect(lastSmsTo(existing.phone).text).toContain('该手机号已注册议事亭；如忘记密码，请在登录页选择“忘记密码”或到居委会办理');
		expect(lastSmsTo(fresh.phone)).toMatchObject({ template: 'register_code', params: { code: expect.stringMatching(/^\d{6}$/) } });
		expect(lastSmsTo(fresh.phone).text).toContain(codeSentTo(fresh.phone));
	});

	it("a registered phone's ticket never succeeds, answering exactly like a wrong code", async () => {
		const { community, building } = await makeCommunity();
		const existing = form(community.id, building.id);
		await register(existing);
		const before = await users();
		const taken = await people.startRegistration(form(community.id, building.id, { phone: existing.phone }), freshAddress());
		const freshInput = form(community.id, building.id);
		const fresh = await people.startRegistration(freshInput, freshAddress());
		for (const code of ['000000', '123456', '999999']) {
			const t = await refusal(people.finishRegistration({ ticket: taken.ticket, code }));
			const f = await refusal(people.finishRegistration({ ticket: fresh.ticket, code: code === codeSentTo(freshInput.phone) ? '111111' : code }));
			expect([t.status, t.code, t.message, t.fields]).toEqual([400, 'code_wrong', '验证码错误', { code: '验证码错误' }]);
			expect([f.status, f.code, f.message, f.fields]).toEqual([t.status, t.code, t.message, t.fields]);
		}
		expect(await users()).toBe(before);
	});

	it('creates the account only with the code, signs it in and keeps the claimed unit pending', async () => {
		const { community, building, units } = await makeCommunity();
		const input = form(community.id, building.id);
		const before = await users();
		const sent = await people.startRegistration(input, freshAddress());
		expect(await users()).toBe(before);
		const missing = await refusal(people.finishRegistration({ ticket: sent.ticket }));
		expect(missing.fields.code).toBe('请输入短信中的6位验证码');
		const out = await people.finishRegistration({ ticket: sent.ticket, code: codeSentTo(input.phone) });
		expect(out.unitLabel).toMatch(/^测试社区\d+小区 1栋 1单元 201$/);
		const mine = await people.me(await actorOf(out.user.id));
		expect(mine.memberships).toMatchObject([{ communityId: community.id, unitId: units[2].id, role: 'resident', status: 'pending' }]);
		await expect(people.login({ phone: input.phone, password: input.password }, freshAddress())).resolves.toHaveProperty('token');
		// a code works once
		const again = await refusal(people.finishRegistration({ ticket: sent.ticket, code: codeSentTo(input.phone) }));
		expect(again.fields.code).toBe('验证码已失效，请重新获取');
	});

	it('a code expires after 10 minutes', async () => {
		const { community, building } = await makeCommunity();
		const input = form(community.id, building.id);
		const sent = await people.startRegistration(input, freshAddress());
		expect(sent.expiresAt.getTime() - Date.now()).toBeGreaterThan(9.9 * 60_000);
		expect(sent.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
		await db
			.update(table.phoneCode)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(table.phoneCode.id, auth.sessionIdOf(sent.ticket)));
		const e = await refusal(people.finishRegistration({ ticket: sent.ticket, code: codeSentTo(input.phone) }));
		expect([e.status, e.fields.code]).toEqual([400, '验证码已失效，请重新获取']);
	});

	it('after five wrong codes even the right one is refused', async () => {
		const { community, building } = await makeCommunity();
		const input = form(community.id, building.id);
		const sent = await people.startRegistration(input, freshAddress());
		const right = codeSentTo(input.phone);
		const wrongCode = right === '000000' ? '000001' : '000000';
		for (let i = 0; i < 5; i++) {
			expect((await refusal(people.finishRegistration({ ticket: sent.ticket, code: wrongCode }))).message).toBe('验证码错误');
		}
		const e = await refusal(people.finishRegistration({ ticket: sent.ticket, code: right }));
		expect(e.message).toBe('验证码错误次数过多，请重新获取');
	});

	it('keeps neither the code nor the ticket in the database, only hashes', async () => {
		const { community, building } = await makeCommunity();
		const input = form(community.id, building.id);
		const sent = await people.startRegistration(input, freshAddress());
		const code = codeSentTo(input.phone);
		const [row] = await db.select().from(table.phoneCode).where(eq(table.phoneCode.phone, input.phone));
		const stored = JSON.stringify(row);
		expect(stored).not.toContain(sent.ticket);
		expect(stored).not.toContain(code);
		expect(stored).not.toContain(input.password);
		expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('sending codes is throttled per phone and per address, the same for registered and new phones', async () => {
		const { community, building } = await makeCommunity();
		// an account made without a text, so that no code has been sent to its phone yet
		const existing = (await makeUser()).user;
		for (const phone of [existing.phone, freshPhone()]) {
			const answers: (number | string)[] = [];
			for (let i = 0; i < 4; i++) {
				answers.push(
					await people.startRegistration(form(community.id, building.id, { phone }), freshAddress()).then(
						() => 200,
						(e) => `${e.status} ${e.message}`
					)
				);
			}
			expect(answers).toEqual([200, 200, 200, '429 获取验证码过于频繁，请 1 分钟后再试']);
		}
		const address = freshAddress();
		const fromOne: number[] = [];
		const free = people.CODE_THROTTLE.address.free;
		for (let i = 0; i <= free; i++) {
			fromOne.push(await people.startRegistration(form(community.id, building.id), address).then(() => 200, (e) => e.status));
		}
		expect(fromOne).toEqual([...Array(free).fill(200), 429]);
		expect(messagesTo(existing.phone).length).toBeGreaterThan(0);
	});

	it('refuses weak passwords on registration and on password change, with the Chinese message beside the field', async () => {
		const { community, building } = await makeCommunity();
		for (const weak of ['12345678', 'password', 'qwertyuiop', '88888888', 'iloveyou']) {
			const e = await refusal(people.startRegistration(form(community.id, building.id, { password: weak, passwordConfirm: weak }), freshAddress()));
			expect([e.status, e.fields.password]).toEqual([400, '密码太容易被猜到，请换一个更长、不常见的密码']);
		}
		const { user, password } = await makeUser();
		const actor = await actorOf(user.id);
		const e = await refusal(people.changePassword(actor, { currentPassword: password, newPassword: 'abcdefgh', newPasswordConfirm: 'abcdefgh' }));
		expect(e.fields.newPassword).toBe('密码太容易被猜到，请换一个更长、不常见的密码');
		await people.changePassword(actor, { currentPassword: password, newPassword: 'river-lantern-58', newPasswordConfirm: 'river-lantern-58' });
	});
});
