/**
 * Getting in and back in (issue 15 item 5): 忘记密码 by texted code that tells nobody which phones have accounts,
 * spends a code after five wrong tries, refuses weak passwords beside the field and signs the account out
 * everywhere; the one-time slip the committee prints at the counter, recorded in the audit log; and 更换手机号,
 * proved by a code to the new number.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import * as people from '$lib/server/people';
import * as reset from '$lib/server/password-reset';
import * as phoneChange from '$lib/server/phone-change';
import { lastSmsTo, messagesTo } from '../support/sms-outbox';
import { makeCommunityWithOwners, makeUser, refusal } from './fixtures';

const { POST: startRoute } = await import('../../src/routes/api/v1/auth/reset/start/+server');
const { POST: finishRoute } = await import('../../src/routes/api/v1/auth/reset/finish/+server');

let addr = 0;
const freshAddress = () => `10.77.${Math.floor(++addr / 250)}.${addr % 250}`;
const NEW_PASSWORD = 'lantern-by-the-canal-7';
const unknownPhone = () => `1370${String(Date.now()).slice(-6)}${addr % 10}`;

async function codeFor(phone: string) {
	await reset.startReset({ phone }, freshAddress());
	return lastSmsTo(phone).params.code;
}

describe('忘记密码 by text', () => {
	it('answers a registered and an unknown phone alike, and texts only the registered one', async () => {
		const { user } = await makeUser();
		const stranger = unknownPhone();
		const a = await reset.startReset({ phone: user.phone }, freshAddress());
		const b = await reset.startReset({ phone: stranger }, freshAddress());
		const shape = (r: typeof a) => ({ ...r, sentTo: r.sentTo.replace(/^1\d\d\*{4}\d{4}$/, '_'), message: r.message.replace(/1\d\d\*{4}\d{4}/, '_'), expiresAt: typeof r.expiresAt });
		expect(shape(a)).toEqual(shape(b));
		expect(a.message).toMatch(/^如果 1\d\d\*{4}\d{4} 已注册，验证码已发送/);
		expect(lastSmsTo(user.phone).template).toBe('reset_code');
		expect(lastSmsTo(user.phone).text).toContain('重设议事亭密码');
		expect(messagesTo(stranger)).toEqual([]);
		// step 2 answers a guess for either phone with the same words
		const guess = { code: '000000', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD };
		const ra = await refusal(reset.finishReset({ ...guess, phone: user.phone }));
		const rb = await refusal(reset.finishReset({ ...guess, phone: stranger }));
		expect([ra.status, ra.code, ra.fields]).toEqual([400, 'code_wrong', { code: '验证码错误' }]);
		expect([rb.status, rb.code, rb.fields]).toEqual([400, 'code_wrong', { code: '验证码错误' }]);
	});

	it('the right code sets the new password once, ends every session, lifts the sign-in locks and texts the owner', async () => {
		const { user, password } = await makeUser();
		const before = await people.login({ phone: user.phone, password }, freshAddress());
		// the owner forgot the password and locked their own address trying
		const home = freshAddress();
		for (let i = 0; i < 6; i++) await refusal(people.login({ phone: user.phone, password: `guess-${i}-x` }, home));
		expect((await refusal(people.login({ phone: user.phone, password }, home))).status).toBe(429);
		const code = await codeFor(user.phone);
		const out = await reset.finishReset({ phone: user.phone, code, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
		expect(out.message).toContain('密码已重设');
		expect((await auth.validateSessionToken(before.token)).user).toBeNull();
		expect((await refusal(people.login({ phone: user.phone, password }, freshAddress()))).status).toBe(401);
		await expect(people.login({ phone: user.phone, password: NEW_PASSWORD }, home)).resolves.toHaveProperty('token');
		expect(lastSmsTo(user.phone).template).toBe('password_changed');
		// the code is spent
		const again = await refusal(reset.finishReset({ phone: user.phone, code, password: 'another-quiet-river-9', passwordConfirm: 'another-quiet-river-9' }));
		expect(again.code).toBe('code_expired');
	});

	it('a weak password or a mismatch is refused beside its field and leaves the code usable; a malformed code beside the code', async () => {
		const { user } = await makeUser();
		const code = await codeFor(user.phone);
		const weak = await refusal(reset.finishReset({ phone: user.phone, code, password: '12345678', passwordConfirm: '12345678' }));
		expect([weak.status, Object.keys(weak.fields)]).toEqual([400, ['password']]);
		expect(weak.fields.password).toMatch(/[\u4e00-\u9fff]/);
		const mismatch = await refusal(reset.finishReset({ phone: user.phone, code, password: NEW_PASSWORD, passwordConfirm: 'x' }));
		expect(Object.keys(mismatch.fields)).toEqual(['passwordConfirm']);
		const malformed = await refusal(reset.finishReset({ phone: user.phone, code: '12ab', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD }));
		expect(malformed.fields.code).toBe('请输入短信中的6位验证码，或重置单上的8位重置码');
		await expect(reset.finishReset({ phone: user.phone, code, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD })).resolves.toHaveProperty('message');
	});

	it('five wrong tries spend the code: the right one is refused after them; only the newest code counts', async () => {
		const { user } = await makeUser();
		const first = await codeFor(user.phone);
		const code = await codeFor(user.phone);
		const wrong = code === '111111' ? '222222' : '111111';
		const tries = { phone: user.phone, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD };
		if (first !== code) expect((await refusal(reset.finishReset({ ...tries, code: first }))).code).toBe('code_wrong');
		while ((await refusal(reset.finishReset({ ...tries, code: wrong }))).code === 'code_wrong');
		const spent = await refusal(reset.finishReset({ ...tries, code }));
		expect([spent.code, spent.fields.code]).toEqual(['code_attempts', '验证码错误次数过多，请重新获取']);
	});

	it('asking for codes is throttled per phone with the registration codes, in Chinese', async () => {
		const { user } = await makeUser();
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push(await reset.startReset({ phone: user.phone }, freshAddress()).then(() => 202, (e) => e.status));
		expect(statuses).toEqual([202, 202, 202, 429, 429]);
		expect((await refusal(reset.startReset({ phone: user.phone }, freshAddress()))).message).toMatch(/^获取验证码过于频繁，请 \d+ 分钟后再试$/);
		expect((await refusal(reset.startReset({ phone: '123' }, freshAddress()))).fields.phone).toBeTruthy();
	});
});

describe('the reset slip printed at the counter', () => {
	it('the committee prints a one-time code for its member (audited); the resident resets with it as typed from paper', async () => {
		const s = await makeCommunityWithOwners();
		const owner = s.owners[0];
		const [ms] = await db.select().from(table.membership).where(and(eq(table.membership.userId, owner.user.id), eq(table.membership.communityId, s.community.id)));
		// only the committee of the member's own community
		expect((await refusal(reset.issueResetSlip(owner.actor, s.community.id, ms.id))).status).toBe(403);
		const other = await makeCommunityWithOwners();
		expect((await refusal(reset.issueResetSlip(other.committee.actor, other.community.id, ms.id))).status).toBe(404);

		const slip = await reset.issueResetSlip(s.committee.actor, s.community.id, ms.id);
		expect(slip.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(slip.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
		const log = await db.select().from(table.auditLog).where(eq(table.auditLog.communityId, s.community.id));
		expect(log.map((l) => l.action)).toContain('account.reset_slip_issued');
		expect(JSON.stringify(log)).not.toContain(slip.code.replace('-', ''));
		// no row keeps the code itself
		expect(JSON.stringify(await db.select().from(table.phoneCode))).not.toContain(slip.code.replace('-', ''));

		const typed = ` ${slip.code.toLowerCase()} `;
		await reset.finishReset({ phone: owner.user.phone, code: typed, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
		await expect(people.login({ phone: owner.user.phone, password: NEW_PASSWORD }, freshAddress())).resolves.toHaveProperty('token');
		// once only; and a slip nobody printed answers like a wrong one
		expect((await refusal(reset.finishReset({ phone: owner.user.phone, code: slip.code, password: 'moon-over-west-lake-4', passwordConfirm: 'moon-over-west-lake-4' }))).code).toBe('code_wrong');
	});
});

describe('the JSON API', () => {
	const post = async (route: (event: never) => Response | Promise<Response>, body: unknown) => {
		const request = new Request('http://localhost/api/v1/auth/reset', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
		return route({ request, url: new URL(request.url), params: {}, locals: { user: null, session: null }, getClientAddress: freshAddress } as never);
	};

	it('start is 202 for every phone; finish refuses in Chinese beside the field and then succeeds', async () => {
		const { user } = await makeUser();
		const a = await post(startRoute, { phone: user.phone });
		const b = await post(startRoute, { phone: unknownPhone() });
		expect([a.status, b.status]).toEqual([202, 202]);
		expect(Object.keys(await a.json()).sort()).toEqual(Object.keys(await b.json()).sort());
		const bad = await post(finishRoute, { phone: user.phone, code: '2026-02-30', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.fields.code).toMatch(/验证码/);
		const ok = await post(finishRoute, { phone: user.phone, code: lastSmsTo(user.phone).params.code, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
		expect(ok.status).toBe(200);
		expect((await ok.json()).message).toContain('密码已重设');
	});
});

describe('更换手机号', () => {
	it('the current password, then a code to the new number moves the account; the old number is told; a taken number never succeeds', async () => {
		const { user, password, actor } = await makeUser();
		const newPhone = unknownPhone();
		const wrongPassword = await refusal(phoneChange.startPhoneChange(actor, { phone: newPhone, currentPassword: 'not-it' }, freshAddress()));
		expect([wrongPassword.status, Object.keys(wrongPassword.fields)]).toEqual([400, ['currentPassword']]);
		expect(messagesTo(newPhone)).toEqual([]);
		const same = await refusal(phoneChange.startPhoneChange(actor, { phone: user.phone, currentPassword: password }, freshAddress()));
		expect(same.fields.phone).toBe('这就是您现在的手机号');

		const sent = await phoneChange.startPhoneChange(actor, { phone: newPhone, currentPassword: password }, freshAddress());
		const code = lastSmsTo(newPhone).params.code;
		// someone else's session cannot use the ticket
		const other = await makeUser();
		expect((await refusal(phoneChange.finishPhoneChange(other.actor, { ticket: sent.ticket, code }))).code).toBe('code_wrong');
		const done = await phoneChange.finishPhoneChange(actor, { ticket: sent.ticket, code });
		expect(done.phone).toBe(newPhone);
		await expect(people.login({ phone: newPhone, password }, freshAddress())).resolves.toHaveProperty('token');
		expect((await refusal(people.login({ phone: user.phone, password }, freshAddress()))).status).toBe(401);
		expect(lastSmsTo(user.phone).template).toBe('phone_changed');

		// a number that has an account: the same answer, no text to it, and no code succeeds
		const third = await makeUser();
		const before = messagesTo(other.user.phone).length;
		const taken = await phoneChange.startPhoneChange(third.actor, { phone: other.user.phone, currentPassword: third.password }, freshAddress());
		expect(taken.message).toMatch(/^验证码已发送至 1\d\d\*{4}\d{4}$/);
		expect(messagesTo(other.user.phone).length).toBe(before);
		for (const guess of ['000000', '123456']) expect((await refusal(phoneChange.finishPhoneChange(third.actor, { ticket: taken.ticket, code: guess }))).code).toBe('code_wrong');
	});
});
