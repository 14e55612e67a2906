/**
 * A cadre's own results (issue 17 item 9) on a 390 px phone against the demo: 陈志强 (13800000004, cadre of 金阳社区)
 * goes from 民心测评 to 我的测评结果 and reads his figures over the four published quarters and the comments residents
 * left on him, with no rater and no time; the committee reads the same comments per cadre on the round page; a
 * resident has no such page. The page is saved as tests/.artifacts/cadre-results.png to be looked at.
 */
import { expect } from '@playwright/test';
import { test } from './api-check';
import { scrollWidth, signIn } from './helpers';

const CADRE = '13800000004';
const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';

test('the cadre reads his own figures and the residents’ comments; the committee follows them up; a resident has no such page', async ({ browser }) => {
	const { context, page } = await signIn(browser, CADRE);
	const cid = new URL(page.url()).pathname.match(/^\/c\/(\d+)/)![1];
	await page.getByRole('navigation', { name: '社区导航' }).getByRole('link', { name: '民心测评', exact: true }).click();
	await page.getByRole('link', { name: '我的测评结果' }).click();
	await expect(page).toHaveURL(`/c/${cid}/ratings/me`);
	await expect(page.getByRole('heading', { name: '我的测评结果', level: 1 })).toBeVisible();
	await expect(page.getByText('居委会副主任')).toBeVisible();
	await expect(page.getByRole('img', { name: '陈志强 各季度满意率' })).toBeVisible();

	const rounds = page.locator('li.round');
	await expect(rounds).toHaveCount(4);
	const last = rounds.first();
	await expect(last.getByRole('heading', { name: '2026年第3季度' })).toBeVisible();
	await expect(last.locator('dd.big')).toHaveText(/^\d+\.\d%$/);
	await expect(last.getByRole('heading', { name: '居民意见（5 条）' })).toBeVisible();
	// by level then wording: the suggestion (基本满意) before the praise, whatever order they were written in
	await expect(last.locator('.comments li').first()).toContainText('希望改造施工期间提前通知停水停电');
	await expect(last.locator('.comments li').first()).toContainText('基本满意');
	// the low comment from two quarters back is there too, beside its own quarter
	await expect(rounds.nth(2).getByText('反映B区地下室积水，一个多月没人处理')).toBeVisible();
	// no names and no times anywhere on the page (the only dates are the days of publication)
	await expect(page.locator('main')).not.toContainText(/\d{1,2}:\d{2}|李建国|王秀英/);
	expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	await page.screenshot({ path: 'tests/.artifacts/cadre-results.png', fullPage: true });
	await context.close();

	// the committee sees the comments per cadre on the round page, for follow-up
	const committee = await signIn(browser, COMMITTEE);
	await committee.page.goto(`/c/${cid}/ratings`);
	await committee.page.getByRole('link', { name: '2026年第3季度' }).click();
	const comments = committee.page.locator('section', { has: committee.page.getByRole('heading', { name: '居民意见（不署名）' }) });
	await expect(comments.locator('.cadre-comments', { hasText: '陈志强' })).toContainText('车棚漏雨找了他，一周就协调物业修好了');
	await expect(comments.locator('.cadre-comments', { hasText: '马俊杰' })).toContainText('打电话经常没人接');
	await committee.context.close();

	// a resident has no results of their own: no link, and the address is refused
	const resident = await signIn(browser, RESIDENT);
	await resident.page.goto(`/c/${cid}/ratings`);
	await expect(resident.page.getByRole('heading', { name: '民心测评', level: 1 })).toBeVisible();
	await expect(resident.page.getByRole('link', { name: '我的测评结果' })).toHaveCount(0);
	const refused = await resident.page.goto(`/c/${cid}/ratings/me`);
	expect(refused?.status()).toBe(403);
	const api = await resident.page.request.get(`/api/v1/communities/${cid}/ratings/mine`);
	expect(api.status()).toBe(403);
	await resident.context.close();
});
