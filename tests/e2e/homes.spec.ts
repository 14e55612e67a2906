/**
 * Which home is it? 金阳花园A区 and B区 both have a 1栋, so every unit is named with its estate: on /me, in a
 * vote's ballot register; an owner whose home is outside a vote's scope is told so, with the scope. And a
 * request's place is said once, even when the location typed with it repeats it.
 * Demo accounts (password demo1234): 13800000001 张桂兰 committee 金阳, 13800000003 王秀英 owner of
 * 金阳花园A区 1栋 1单元 301, 13800000002 李建国 resident 金阳.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { settled, signIn } from './helpers';

const COMMITTEE = '13800000001';
const OWNER = '13800000003';
const RESIDENT = '13800000002';
const SHOTS = 'tests/.artifacts';

test('a unit is named with its estate on /me and in the ballot register; an owner outside the scope is told which scope', async ({ browser }) => {
	mkdirSync(SHOTS, { recursive: true });
	const { context, page: committee } = await signIn(browser, COMMITTEE);
	const cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];

	// a binding vote for one entrance of B区 1栋, opened, with a paper ballot from its 101
	await committee.goto(`/c/${cid}/votes/new`);
	const entranceId = await committee.locator('option', { hasText: /^金阳花园B区 1栋 1单元$/ }).getAttribute('value');
	const title = `B区1栋1单元门禁维修 ${String(Date.now()).slice(-6)}`;
	const created = await committee.request.post(`/api/v1/communities/${cid}/votes`, {
		data: { title, kind: 'binding', matter: 'use_fund', scope: 'entrance', scopeIds: [Number(entranceId)] }
	});
	expect(created.status(), await created.text()).toBe(201);
	const { id } = (await created.json()) as { id: number };
	expect((await committee.request.post(`/api/v1/votes/${id}/open`, { data: {} })).status()).toBe(200);
	await committee.goto(`/c/${cid}/votes/${id}`);
	await settled(committee);
	await committee.getByLabel('房屋（按楼栋、房号选择）').selectOption({ label: '101' });
	await committee.locator('#record-h').locator('..').getByLabel('同意', { exact: true }).check();
	await committee.getByRole('button', { name: '代录选票' }).click();
	const register = committee.locator('section', { has: committee.locator('#register-h') });
	await expect(register.locator('tbody tr').first().locator('td').first()).toHaveText('金阳花园B区 1栋 1单元 101');
	await register.screenshot({ path: `${SHOTS}/homes-ballot-register.png` });
	await context.close();

	const owner = await signIn(browser, OWNER);
	await owner.page.goto('/me');
	await expect(owner.page.getByText('房屋：金阳花园A区 1栋 1单元 301')).toBeVisible();
	await owner.page.screenshot({ path: `${SHOTS}/homes-me.png`, fullPage: true });
	// her home is in A区: the vote page says so, and names the vote's scope
	await owner.page.goto(`/c/${cid}/votes/${id}`);
	await expect(owner.page.locator('#cast-h').locator('..')).toContainText(
		'您的房屋（金阳花园A区 1栋 1单元 301）不在本次表决的范围内：本次表决只面向一个单元：金阳花园B区 1栋 1单元。'
	);
	await expect(owner.page.getByRole('button', { name: '投票', exact: true })).toHaveCount(0);
	await owner.context.close();
});

test('a request’s place is said once in the list and on its page, though the location typed repeats it', async ({ browser }) => {
	const { context, page } = await signIn(browser, RESIDENT);
	const cid = new URL(page.url()).pathname.match(/^\/c\/(\d+)/)![1];
	const description = `B区1栋门口地砖松动，容易绊倒 ${String(Date.now()).slice(-6)}`;
	await page.goto(`/r/c${cid}`);
	await settled(page);
	await page.getByLabel('设施维修').check();
	await page.getByLabel('问题描述').fill(description);
	await page.getByLabel('楼栋', { exact: true }).selectOption({ label: '金阳花园B区 1栋' });
	// typed as people type it: the building again, without the space
	await page.getByLabel('具体位置（选填）').fill('金阳花园B区1栋');
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page).toHaveURL(/\/r\/track\//);

	await page.goto(`/c/${cid}/requests`);
	const item = page.getByRole('listitem').filter({ hasText: description });
	await expect(item.locator('p.meta')).toHaveText(/^金阳花园B区 1栋 · \d{4}-\d\d-\d\d \d\d:\d\d$/);
	await item.getByRole('link').click();
	const head = page.locator('section.head');
	await expect(head.locator('dd', { hasText: '金阳花园B区' })).toHaveText(['金阳花园B区 1栋']);
	await expect(head.locator('dt', { hasText: '具体位置' })).toHaveCount(0);
	await context.close();
});
