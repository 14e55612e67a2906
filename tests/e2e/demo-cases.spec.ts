/**
 * The demo tells its cases whole (issue 17 item 13), read by a newcomer on a 390 px phone through the links they can
 * see: in 金阳 the owner 王秀英 (13800000003) finds the street lights' cost plan (12 solar lights, 8,000 元 chosen over
 * the 物业's 11,600 元, estate income paid in, a subsidy and pledges), the A区3栋 owners' maintenance-fund decision
 * passed, and the lights poll open to her; in 康乐 the committee member 孟静 (13800000571) finds the 坝坝会's minutes
 * and a published rating round.
 */
import { expect } from '@playwright/test';
import { test } from './api-check';
import { scrollWidth, signIn } from './helpers';

const OWNER_JY = '13800000003';
const COMMITTEE_KL = '13800000571';

test('a newcomer finds 金阳’s street-light plan and the owners’ decision, and 康乐’s minutes and ratings', async ({ browser }) => {
	const { context, page } = await signIn(browser, OWNER_JY);
	const nav = page.getByRole('navigation', { name: '社区导航' });
	await nav.getByRole('link', { name: '费用分摊', exact: true }).click();
	await page.getByRole('link', { name: '金阳花园A/B区主路12盏路灯改造（太阳能）' }).click();
	await expect(page.locator('.quotes li.chosen')).toContainText('8,000.00 元');
	await expect(page.locator('.quotes li').filter({ hasText: '11,600.00 元' })).toBeVisible();
	await expect(page.locator('main')).toContainText('金阳花园业委会（小区公共收益）');
	await expect(page.locator('main')).toContainText('金阳社区为民服务资金');
	expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

	await nav.getByRole('link', { name: '表决', exact: true }).click();
	await page.getByRole('link', { name: '使用公共维修资金更换A区3栋主下水管' }).click();
	await expect(page.locator('.badge').first()).toHaveText('最终结果');
	await expect(page.locator('main')).toContainText('通过');
	await nav.getByRole('link', { name: '表决', exact: true }).click();
	await page.getByRole('link', { name: '主路路灯换哪种灯？' }).click();
	await expect(page.getByRole('button', { name: '投票', exact: true })).toBeVisible();
	await context.close();

	const kangle = await signIn(browser, COMMITTEE_KL);
	const kl = kangle.page;
	const klNav = kl.getByRole('navigation', { name: '社区导航' });
	await klNav.getByRole('link', { name: '议事会', exact: true }).click();
	await kl.getByRole('link', { name: '康乐小区楼道灯坝坝会' }).click();
	await kl.getByRole('link', { name: '会议纪要' }).first().click();
	await expect(kl.locator('main')).toContainText('三栋楼更换30盏楼道感应灯');
	await klNav.getByRole('link', { name: '民心测评', exact: true }).click();
	await kl.getByRole('link', { name: '2026年第3季度' }).click();
	await expect(kl.getByRole('heading', { name: '测评结果' })).toBeVisible();
	await expect(kl.locator('li.cadre', { hasText: '孟静' }).locator('dd.big')).toHaveText(/^\d+\.\d%$/);
	await kangle.context.close();
});
