/**
 * The inbox on a 390 px phone against the demo server: the committee (张桂兰) opens an owners' decision in 金阳; an
 * owner on its roll (王秀英) sees the unread count in the header and the item at the top of 消息 without JavaScript,
 * follows its link and marks it read; a resident of 安公 (another community) hears nothing of it.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, scrollWidth, signIn } from './helpers';

const COMMITTEE = '13800000001';
const OWNER = '13800000003';
const OTHER_COMMUNITY = '13800000008';

async function bearer(request: APIRequestContext, phone: string) {
	const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
	expect(res.status()).toBe(200);
	return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

interface Inbox {
	unread: number;
	items: { id: number; title: string; body: string; link: string; readAt: string | null }[];
}

test('a vote opened by the committee reaches an owner on its roll, read without JavaScript, and nobody in another community', async ({ browser, request }) => {
	const title = `更换2号楼电梯 ${String(Date.now()).slice(-6)}`;
	const committee = await bearer(request, COMMITTEE);
	const owner = await bearer(request, OWNER);
	const other = await bearer(request, OTHER_COMMUNITY);
	const inboxOf = async (headers: Record<string, string>) => (await (await request.get('/api/v1/me/inbox', { headers })).json()) as Inbox;
	const me = await (await request.get('/api/v1/me', { headers: committee })).json();
	const cid = me.memberships.find((ms: { role: string; communityName: string }) => ms.role === 'committee' && ms.communityName === '金阳社区').communityId;
	const created = await request.post(`/api/v1/communities/${cid}/votes`, { headers: committee, data: { title, kind: 'binding', matter: 'ordinary' } });
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	const before = await inboxOf(owner);

	// the committee member opens it on the vote page
	const c = await signIn(browser, COMMITTEE);
	await c.page.goto(`/c/${cid}/votes/${id}`);
	await c.page.getByRole('button', { name: '开始投票' }).click();
	await expect(c.page.getByText('表决已开始')).toBeVisible();
	await c.context.close();

	// the owner, without JavaScript: the header counts it, 消息 shows it first, in words
	const o = await signIn(browser, OWNER, { javaScriptEnabled: false });
	const unread = before.unread + 1;
	await o.page.goto('/');
	const link = o.page.getByRole('navigation').getByRole('link', { name: /^消息/ });
	await expect(link).toContainText(unread > 99 ? '99+' : String(unread));
	await expect(link).toContainText(`${unread > 99 ? '99+' : unread} 条未读`);
	await link.click();
	await expect(o.page).toHaveURL(/\/me\/inbox$/);
	const first = o.page.locator('li.item').first();
	await expect(first.getByRole('heading')).toHaveText('业主共同决定开始表决');
	await expect(first).toContainText(`“${title}”已开始投票`);
	await expect(first).toContainText('未读');
	expect(await scrollWidth(o.page)).toBeLessThanOrEqual(390);
	await expect(first.getByRole('link', { name: /查看详情/ })).toHaveAttribute('href', `/c/${cid}/votes/${id}`);

	await first.getByRole('button', { name: /标为已读/ }).click();
	await expect(o.page.getByRole('status')).toHaveText('已标为已读。');
	await expect(o.page.locator('li.item').first()).toContainText('已读');
	await expect(o.page.locator('li.item').first().getByRole('button', { name: /标为已读/ })).toHaveCount(0);
	const after = await inboxOf(owner);
	expect(after.unread).toBe(unread - 1);
	expect(after.items[0]).toMatchObject({ link: `/c/${cid}/votes/${id}`, readAt: expect.any(String) });
	await o.page.getByRole('link', { name: /查看详情/ }).first().click();
	await expect(o.page.getByRole('heading', { level: 1 })).toHaveText(title);
	await o.context.close();

	// 安公's resident: nothing about it, in the page or the API; and the owner's item is not theirs to mark
	const x = await signIn(browser, OTHER_COMMUNITY, { javaScriptEnabled: false });
	await x.page.goto('/me/inbox');
	await expect(x.page.getByRole('heading', { level: 1 })).toHaveText('站内消息');
	await expect(x.page.getByText(title)).toHaveCount(0);
	await x.context.close();
	expect((await inboxOf(other)).items.filter((i) => i.link.endsWith(`/votes/${id}`) || i.body.includes(title))).toEqual([]);
	expect((await request.post(`/api/v1/me/inbox/${after.items[0].id}/read`, { headers: other })).status()).toBe(404);
	expect((await request.put(`/api/v1/me/follows/vote/${id}`, { headers: other })).status()).toBe(404);
});

test('a binding vote’s preliminary result and objection window reach an owner on its roll who follows nothing, and not 安公', async ({ browser, request }) => {
	const title = `加装电梯初步结果 ${String(Date.now()).slice(-6)}`;
	const committee = await bearer(request, COMMITTEE);
	const other = await bearer(request, OTHER_COMMUNITY);
	const me = await (await request.get('/api/v1/me', { headers: committee })).json();
	const cid = me.memberships.find((ms: { role: string; communityName: string }) => ms.role === 'committee' && ms.communityName === '金阳社区').communityId;
	const created = await request.post(`/api/v1/communities/${cid}/votes`, { headers: committee, data: { title, kind: 'binding', matter: 'ordinary' } });
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	expect((await request.post(`/api/v1/votes/${id}/open`, { headers: committee })).status()).toBe(200);
	expect((await request.post(`/api/v1/votes/${id}/close`, { headers: committee, data: { objectionDays: 7 } })).status()).toBe(200);

	const o = await signIn(browser, OWNER, { javaScriptEnabled: false });
	await o.page.goto('/me/inbox');
	const first = o.page.locator('li.item').first();
	await expect(first.getByRole('heading')).toHaveText('表决初步结果公示');
	await expect(first).toContainText(`“${title}”初步结果：未通过。`);
	await expect(first).toContainText('如有异议，请在');
	await expect(first.getByRole('link', { name: /查看详情/ })).toHaveAttribute('href', `/c/${cid}/votes/${id}`);
	await o.context.close();
	const theirs = (await (await request.get('/api/v1/me/inbox', { headers: other })).json()) as Inbox;
	expect(theirs.items.filter((i) => i.link.endsWith(`/votes/${id}`))).toEqual([]);
});
