/**
 * Events that reach people, against the demo server: the committee (张桂兰) invites two outside parties at once on
 * the invitations page without JavaScript, sees each unused link and texts one its letter (the SMS outbox holds
 * the link, the same one each time); publishing the session tells a 金阳 resident in the inbox and the invitee on
 * their link's page, and nobody in 安公. A reporter without an account hears of each step of their request by SMS.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, scrollWidth, signIn } from './helpers';
import { e2eOutbox, messagesTo } from '../support/sms-outbox';

const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';
const OTHER_COMMUNITY = '13800000008';

async function bearer(request: APIRequestContext, phone: string) {
	const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
	expect(res.status()).toBe(200);
	return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

interface Inbox {
	unread: number;
	items: { id: number; kind: string; title: string; body: string; link: string; readAt: string | null }[];
}

async function jinyang(request: APIRequestContext, committee: Record<string, string>): Promise<number> {
	const me = await (await request.get('/api/v1/me', { headers: committee })).json();
	return me.memberships.find((ms: { role: string; communityName: string }) => ms.role === 'committee' && ms.communityName === '金阳社区').communityId;
}

test('invitations go out several at once and by SMS; a published session reaches the residents and the invitee, not another community', async ({ browser, request }) => {
	const stamp = String(Date.now()).slice(-6);
	const title = `楼道照明协商会 ${stamp}`;
	const phoneA = `139${stamp}01`;
	const phoneB = `139${stamp}02`;
	const committee = await bearer(request, COMMITTEE);
	const resident = await bearer(request, RESIDENT);
	const other = await bearer(request, OTHER_COMMUNITY);
	const cid = await jinyang(request, committee);
	const start = new Date(Date.now() + 3 * 86_400_000);
	const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
	const created = await request.post(`/api/v1/communities/${cid}/sessions`, {
		headers: committee,
		data: { kind: 'consultation', title, venueText: '金阳社区议事亭', startsAt: local(start), endsAt: local(new Date(start.getTime() + 7_200_000)), openToResidents: true }
	});
	expect(created.status()).toBe(201);
	const sid = (await created.json()).id as number;
	expect((await request.post(`/api/v1/sessions/${sid}/agenda`, { headers: committee, data: { title: '楼道灯更换方案' } })).status()).toBe(201);

	// the committee, without JavaScript: two rows of the several-people form; a wrong phone keeps both rows as typed
	const c = await signIn(browser, COMMITTEE, { javaScriptEnabled: false });
	await c.page.goto(`/c/${cid}/sessions/${sid}/invitations`);
	const many = c.page.locator('form[action="?/inviteMany"]');
	await many.locator('[name="name_0"]').fill('赵经理');
	await many.locator('[name="organisation_0"]').fill('金阳物业');
	await many.locator('[name="role_0"]').selectOption('property');
	await many.locator('[name="phone_0"]').fill(phoneA);
	await many.locator('[name="name_1"]').fill('钱代表');
	await many.locator('[name="role_1"]').selectOption('deputy');
	await many.locator('[name="phone_1"]').fill('123');
	await many.getByRole('button', { name: '全部邀请' }).click();
	await expect(c.page.getByText('请输入11位手机号码，例如 13800138000')).toBeVisible();
	await expect(c.page.locator('[name="name_0"]')).toHaveValue('赵经理');
	await c.page.locator('[name="phone_1"]').fill(phoneB);
	await c.page.getByRole('button', { name: '全部邀请' }).click();
	await expect(c.page.getByRole('status')).toHaveText('已邀请 2 人，链接见下方名单');
	const links = c.page.getByTestId('invitation-url');
	await expect(links).toHaveCount(2);
	const linkA = await links.first().inputValue();
	expect(linkA).toMatch(/\/i\/[a-z2-7]{32}$/);
	expect(await scrollWidth(c.page)).toBeLessThanOrEqual(390);

	// publish, then text 赵经理 the letter twice: the same link both times, and it still opens
	expect((await request.post(`/api/v1/sessions/${sid}/publish`, { headers: committee })).status()).toBe(200);
	await c.page.reload();
	const row = c.page.locator('li', { hasText: '赵经理' });
	await row.getByRole('button', { name: '短信发送邀请函' }).click();
	await expect(c.page.getByRole('status')).toContainText('邀请函短信已发送至');
	await c.page.locator('li', { hasText: '赵经理' }).getByRole('button', { name: '短信发送邀请函' }).click();
	const letters = messagesTo(phoneA, e2eOutbox());
	expect(letters.map((l) => l.template)).toEqual(['invitation_letter', 'invitation_letter']);
	expect(letters[0].params.url).toBe(linkA);
	expect(letters[1].params.url).toBe(linkA);
	expect(letters[0].text).toContain(title);
	expect(messagesTo(phoneB, e2eOutbox())).toEqual([]);
	await c.context.close();

	// the invitee opens the texted link: the announcement is in their messages
	const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
	await page.goto(new URL(linkA).pathname);
	const inbox = page.getByRole('region', { name: '给您的消息' });
	await expect(inbox).toContainText('会议通知');
	await expect(inbox).toContainText(`“${title}”将于`);
	await page.close();

	// a 金阳 resident hears of it; 安公's resident does not
	const mine = (await (await request.get('/api/v1/me/inbox', { headers: resident })).json()) as Inbox;
	expect(mine.items.find((i) => i.link === `/c/${cid}/sessions/${sid}`)).toMatchObject({ kind: 'session_published', title: '会议通知' });
	const theirs = (await (await request.get('/api/v1/me/inbox', { headers: other })).json()) as Inbox;
	expect(theirs.items.filter((i) => i.link.endsWith(`/sessions/${sid}`) || i.body.includes(title))).toEqual([]);
});

test('a reporter without an account hears of each step by the phone they left; a neighbour hears nothing', async ({ request }) => {
	const phone = `137${String(Date.now()).slice(-8)}`;
	const committee = await bearer(request, COMMITTEE);
	const resident = await bearer(request, RESIDENT);
	const cid = await jinyang(request, committee);
	const reported = await request.post(`/api/v1/communities/${cid}/requests`, {
		data: { category: 'facility', description: '3栋门口路灯不亮，晚上看不清台阶。', location: '3栋门口', contactPreference: 'phone', reporterPhone: phone, reporterName: '孙阿姨' }
	});
	expect(reported.status()).toBe(201);
	const { id } = await reported.json();
	expect(messagesTo(phone, e2eOutbox())).toEqual([]);
	expect((await request.post(`/api/v1/requests/${id}/classify`, { headers: committee, data: { colour: 'green' } })).status()).toBe(200);
	expect((await request.post(`/api/v1/requests/${id}/dispatch`, { headers: committee, data: { party: '金阳物业公司' } })).status()).toBe(200);
	const texts = messagesTo(phone, e2eOutbox());
	expect(texts.map((t) => t.template)).toEqual(['request_update', 'request_update']);
	expect(texts[0].text).toContain(`第 ${id} 号`);
	expect(texts[1].text).toContain('转派');
	const neighbour = (await (await request.get('/api/v1/me/inbox', { headers: resident })).json()) as Inbox;
	expect(neighbour.items.filter((i) => i.link.endsWith(`/requests/${id}`))).toEqual([]);
});
