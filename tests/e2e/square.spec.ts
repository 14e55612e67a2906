/**
 * The public square against the demo server: a resident posts a comment naming a neighbour's phone number (asked to
 * take it out first, the text kept, then confirmed), another resident reports it, the committee hides it with a
 * public reason from its queue, the author sees why on the topic and in the inbox, edits the number out and asks
 * again, and once the committee agrees the comment is shown again, marked as edited — without JavaScript, at 390 px.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, scrollWidth, signIn } from './helpers';

const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';
const OWNER = '13800000003';
const OTHER_COMMUNITY = '13800000008';
const REASON = '该内容因含他人隐私已被隐藏';

async function bearer(request: APIRequestContext, phone: string) {
	const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
	expect(res.status()).toBe(200);
	return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

test('a reported comment with a neighbour’s phone number is hidden with a reason, corrected by its author and shown again', async ({ browser, request }) => {
	const resident = await bearer(request, RESIDENT);
	const me = await (await request.get('/api/v1/me', { headers: resident })).json();
	const cid = me.memberships.find((ms: { communityName: string }) => ms.communityName === '金阳社区').communityId;
	const title = `楼道堆放杂物 ${String(Date.now()).slice(-6)}`;
	const created = await request.post(`/api/v1/communities/${cid}/topics`, {
		headers: resident,
		data: { title, description: '5栋楼道里堆满了纸箱，消防通道不通。', category: 'safety' }
	});
	expect(created.status()).toBe(201);
	const { id: tid } = await created.json();
	const words = '纸箱是王秀英家的，电话 138 0000 0003，直接打给她';

	// the author, without JavaScript: asked to take the number out, the text kept beside the field
	const a = await signIn(browser, RESIDENT, { javaScriptEnabled: false });
	await a.page.setViewportSize({ width: 390, height: 844 });
	await a.page.goto(`/c/${cid}/topics/${tid}`);
	const box = a.page.getByRole('textbox', { name: '发表评论' });
	await box.fill(words);
	await a.page.getByRole('button', { name: '发表', exact: true }).click();
	await expect(a.page.getByText('内容里似乎有电话号码（138******03）')).toBeVisible();
	await expect(a.page.getByRole('textbox', { name: '发表评论' })).toHaveValue(words);
	// …and posts it anyway, as a public line
	await a.page.getByLabel('我确认这是公开的单位电话').check();
	await a.page.getByRole('button', { name: '发表', exact: true }).click();
	await expect(a.page.getByText('评论已发表。')).toBeVisible();
	await expect(a.page.locator('li.comment p.body', { hasText: words })).toBeVisible();

	// another resident reports it
	const o = await signIn(browser, OWNER, { javaScriptEnabled: false });
	await o.page.goto(`/c/${cid}/topics/${tid}`);
	const comment = o.page.locator('li.comment', { hasText: words });
	await comment.getByText('举报', { exact: true }).click();
	await comment.getByLabel('举报理由').selectOption({ label: '含他人个人信息（电话、身份证号、住址等）' });
	await comment.getByLabel('补充说明（选填）').fill('这是我的手机号');
	await comment.getByRole('button', { name: '提交举报' }).click();
	await expect(o.page.getByText('已举报，居委会处理后会通过站内消息告诉您')).toBeVisible();

	// the committee hides it from its queue with a public reason
	const c = await signIn(browser, COMMITTEE, { javaScriptEnabled: false });
	await c.page.goto(`/c/${cid}/committee`);
	await c.page.getByRole('link', { name: /举报与审核/ }).click();
	const item = c.page.locator('section', { hasText: words });
	await expect(item).toContainText('含他人个人信息');
	await expect(item).toContainText('这是我的手机号');
	await item.getByLabel('隐藏，并公开理由').check();
	await item.getByLabel('理由或答复').fill(REASON);
	await item.getByRole('button', { name: '确定' }).click();
	await expect(c.page.getByText('已隐藏，作者和举报人会收到站内消息')).toBeVisible();
	await expect(c.page.getByText(words)).toHaveCount(0);

	// everyone else sees the reason, not the words
	await o.page.goto(`/c/${cid}/topics/${tid}`);
	await expect(o.page.getByText(`该内容已被居委会隐藏：${REASON}`)).toBeVisible();
	await expect(o.page.getByText(words)).toHaveCount(0);

	// the author is told and sees why, edits the number out and asks again
	await a.page.goto('/me/inbox');
	await expect(a.page.locator('li.item').first()).toContainText('评论已被居委会隐藏');
	await expect(a.page.locator('li.item').first()).toContainText(REASON);
	await a.page.goto(`/c/${cid}/topics/${tid}`);
	const mine = a.page.locator('li.comment', { hasText: words });
	await expect(mine).toContainText(`该内容已被居委会隐藏：${REASON}`);
	await mine.getByText('修改', { exact: true }).click();
	await mine.getByLabel('修改评论').fill('纸箱是5栋住户的，请物业通知清理');
	await mine.getByRole('button', { name: '修改并重新提交审核' }).click();
	await expect(a.page.getByText('已修改，并已重新提交居委会审核')).toBeVisible();
	expect(await scrollWidth(a.page)).toBeLessThanOrEqual(390);

	// the committee agrees, and it is shown again, marked as edited
	await c.page.goto(`/c/${cid}/committee/moderation`);
	const again = c.page.locator('section', { hasText: '纸箱是5栋住户的' });
	await expect(again).toContainText('作者修改后重新提交');
	await again.getByLabel('公开显示').check();
	await again.getByRole('button', { name: '确定' }).click();
	await expect(c.page.getByText('已公开显示，作者会收到站内消息')).toBeVisible();

	await o.page.goto(`/c/${cid}/topics/${tid}`);
	const shown = o.page.locator('li.comment', { hasText: '纸箱是5栋住户的，请物业通知清理' });
	await expect(shown).toBeVisible();
	await expect(shown).toContainText('已编辑');
	await expect(o.page.getByText(REASON)).toHaveCount(0);

	// a resident of another community can neither read the topic nor report through the API
	const other = await bearer(request, OTHER_COMMUNITY);
	const topic = await (await request.get(`/api/v1/topics/${tid}`, { headers: resident })).json();
	const cmId = topic.comments.find((x: { body: string }) => x.body.startsWith('纸箱是5栋')).id;
	expect((await request.post(`/api/v1/comments/${cmId}/reports`, { headers: other, data: { reason: 'abuse' } })).status()).toBe(403);
	for (const ctx of [a, o, c]) await ctx.context.close();
});
