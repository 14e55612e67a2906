/**
 * 接收方式 against the demo server, without JavaScript on a 390 px phone: a resident of 金阳 (李建国) ticks 短信 for
 * 表决开始 on the settings page; the committee opens a poll for the whole community; the SMS outbox gets exactly one
 * message for him and none for an owner on the same roll who chose nothing (王秀英, who still has it in her
 * inbox); the committee's 消息发送 page counts the SMS against the month's budget.
 */
import { expect } from '@playwright/test';
import { test } from './api-check';
import { outbox, e2eOutbox } from '../support/sms-outbox';
import { PASSWORD, scrollWidth, signIn } from './helpers';

const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';
const OWNER = '13800000003';

test('a resident who chose SMS for vote openings gets one text when a vote opens; an owner who did not gets none; the committee sees the count', async ({ browser, request }) => {
	const file = e2eOutbox();
	const title = `楼道灯换成声控灯 ${String(Date.now()).slice(-6)}`;

	// the resident chooses SMS for 表决开始 on the settings page, without scripts
	const r = await signIn(browser, RESIDENT, { javaScriptEnabled: false });
	await r.page.goto('/me');
	await r.page.getByRole('link', { name: '接收方式（短信、邮件、微信）' }).click();
	await expect(r.page.getByRole('heading', { level: 1 })).toHaveText('接收方式');
	const votes = r.page.getByRole('group', { name: '表决开始' });
	await expect(votes).toContainText('站内消息：总是');
	await votes.getByRole('checkbox', { name: '短信' }).check();
	await r.page.getByRole('button', { name: '保存' }).click();
	await expect(r.page.getByRole('status')).toHaveText('接收方式已保存');
	await expect(r.page.getByRole('group', { name: '表决开始' }).getByRole('checkbox', { name: '短信' })).toBeChecked();
	await expect(r.page.getByRole('group', { name: '表决结果' }).getByRole('checkbox', { name: '短信' })).not.toBeChecked();
	expect(await scrollWidth(r.page)).toBeLessThanOrEqual(390);
	await r.context.close();

	// the same choice through the API, as the page saved it
	const login = await request.post('/api/v1/auth/login', { data: { phone: RESIDENT, password: PASSWORD } });
	const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
	const mine = await (await request.get('/api/v1/me/channels', { headers })).json();
	expect(mine.choices.vote_opened).toEqual(['sms']);
	const wrong = await request.put('/api/v1/me/channels', { headers, data: { choices: { vote_opened: ['email'] }, email: 'not-an-address' } });
	expect(wrong.status()).toBe(400);
	expect((await wrong.json()).error.fields.email).toBe('请填写正确的邮箱，如 name@example.com');

	// the committee's count before
	const c = await signIn(browser, COMMITTEE, { javaScriptEnabled: false });
	const me = await (await c.context.request.get('/api/v1/me')).json();
	const cid = me.memberships.find((ms: { role: string; communityName: string }) => ms.role === 'committee' && ms.communityName === '金阳社区').communityId;
	await c.page.goto(`/c/${cid}/committee/delivery`);
	const sentBefore = Number(/已发送 (\d+) 条/.exec((await c.page.getByTestId('sms-sent').textContent()) ?? '')?.[1]);
	expect(sentBefore).toBeGreaterThanOrEqual(0);

	// a poll for the whole community opens
	const created = await c.context.request.post(`/api/v1/communities/${cid}/votes`, { data: { title, kind: 'poll', options: ['同意', '不同意'] } });
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	await c.page.goto(`/c/${cid}/votes/${id}`);
	await c.page.getByRole('button', { name: '开始投票' }).click();
	await expect(c.page.getByText('表决已开始')).toBeVisible();

	// exactly one text for the resident, about this vote; none for the owner on the same roll
	const about = (to: string) => outbox(file).filter((s) => s.to === to && s.template === 'notice' && s.text.includes(title.slice(0, 8)));
	await expect.poll(() => about(RESIDENT).length, { timeout: 20_000 }).toBe(1);
	expect(about(RESIDENT)[0].text).toMatch(/^【议事亭】/);
	// a moment more: a second copy would have come by now
	await new Promise((r) => setTimeout(r, 1500));
	expect(about(RESIDENT)).toHaveLength(1);
	expect(about(OWNER)).toHaveLength(0);
	const o = await signIn(browser, OWNER, { javaScriptEnabled: false });
	await o.page.goto('/me/inbox');
	await expect(o.page.locator('li.item').first()).toContainText(title);
	await o.context.close();

	// the committee sees the month's count go up by one, with its estimated cost
	await c.page.goto(`/c/${cid}/committee/delivery`);
	await expect(c.page.getByTestId('sms-sent')).toContainText(`已发送 ${sentBefore + 1} 条`);
	expect(await scrollWidth(c.page)).toBeLessThanOrEqual(390);
	await c.context.close();
});
