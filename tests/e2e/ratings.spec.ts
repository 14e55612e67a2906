/**
 * A quarter's satisfaction ratings (民心测评) on a 390 px phone against the demo server: the committee of
 * 金阳社区 lowers the minimum count for this small test and opens the scheduled 2026 Q4 round early, two
 * residents rate all five cadres in one form (one without JavaScript, in large text), one of them changes a
 * rating, the committee closes and publishes, the results carry their formulas and the trend chart, the
 * low-rated cadre is flagged and the reminder talk is recorded; the follow-up shows the comment without a name.
 * Demo accounts (password demo1234): 13800000001 张桂兰 committee, 13800000002 李建国 resident,
 * 13800000003 王秀英 owner.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { scrollWidth, settled, signIn } from './helpers';

const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';
const OWNER = '13800000003';
const CADRES = ['张桂兰', '陈志强', '刘芳', '黄海燕', '马俊杰'];

test.describe.configure({ mode: 'serial' });

/** the cadre's fieldset in the rating form */
const cadre = (page: Page, name: string) => page.getByRole('group', { name: new RegExp(`^${name}`) });

async function rateAll(page: Page, levels: Record<string, string>, comments: Record<string, string> = {}) {
	for (const name of CADRES) {
		await cadre(page, name).getByLabel(levels[name], { exact: true }).check();
		if (comments[name]) await cadre(page, name).getByLabel(/意见建议/).fill(comments[name]);
	}
}

test.describe('a quarter of cadre ratings from opening to the reminder talk', () => {
	let cid = '';
	let roundUrl = '';
	let committee: Page;
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('the committee sets the minimum count and opens the round', async ({ browser }) => {
		const signedIn = await signIn(browser, COMMITTEE);
		contexts.push(signedIn.context);
		committee = signedIn.page;
		cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
		await committee.getByRole('navigation', { name: '社区导航' }).getByRole('link', { name: '民心测评', exact: true }).click();
		await expect(committee).toHaveURL(`/c/${cid}/ratings`);
		// the published quarters' trend is on the list page already
		await expect(committee.locator('figure svg')).toBeVisible();

		await committee.getByRole('link', { name: '测评设置' }).click();
		await settled(committee);
		await committee.getByLabel('显示数字所需的最少评价数').fill('0');
		await committee.getByRole('button', { name: '保存设置' }).click();
		await expect(committee.getByText('请填写1至1000之间的整数')).toBeVisible();
		await committee.getByLabel('显示数字所需的最少评价数').fill('2');
		await committee.getByLabel(/提醒谈话线/).fill('90');
		await committee.getByRole('button', { name: '保存设置' }).click();
		await expect(committee.getByRole('status')).toHaveText('设置已保存');

		await committee.getByRole('link', { name: /返回民心测评/ }).click();
		await committee.getByRole('link', { name: '2026年第4季度' }).click();
		await expect(committee).toHaveURL(new RegExp(`/c/${cid}/ratings/\\d+$`));
		roundUrl = new URL(committee.url()).pathname;
		await expect(committee.locator('.badge', { hasText: '未开始' })).toBeVisible();
		await committee.getByRole('button', { name: '现在开始测评' }).click();
		await expect(committee.getByRole('status')).toHaveText('测评已开始');
		await expect(committee.locator('.badge', { hasText: '测评中' })).toBeVisible();
		await expect(committee.getByText('已有 0 位居民参评')).toBeVisible();
	});

	test('a resident rates all five cadres on the phone and then changes one rating', async ({ browser }) => {
		const { context, page } = await signIn(browser, RESIDENT);
		contexts.push(context);
		await page.goto(roundUrl);
		await settled(page);
		// nothing chosen: the message says so and nothing is stored
		await page.getByRole('button', { name: '提交评价' }).click();
		await expect(page.getByRole('alert')).toHaveText('请至少为一位干部选择满意程度');
		await settled(page);

		await rateAll(page, { 张桂兰: '非常满意', 陈志强: '满意', 刘芳: '非常满意', 黄海燕: '基本满意', 马俊杰: '满意' });
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
		await page.getByRole('button', { name: '提交评价' }).click();
		await expect(page.getByRole('status')).toContainText('已提交 5 位干部的评价');
		await expect(page.getByText('您已评价 5/5 位干部，可以修改')).toBeVisible();
		await expect(cadre(page, '马俊杰').getByLabel('满意', { exact: true })).toBeChecked();

		// changes their mind about 马俊杰
		await settled(page);
		await cadre(page, '马俊杰').getByLabel('不满意', { exact: true }).check();
		await cadre(page, '马俊杰').getByLabel(/意见建议/).fill('低保复核材料让我跑了三次');
		await page.getByRole('button', { name: '修改我的评价' }).click();
		await expect(page.getByRole('status')).toContainText('已提交 5 位干部的评价');
		await expect(cadre(page, '马俊杰').getByLabel('不满意', { exact: true })).toBeChecked();
		await expect(cadre(page, '马俊杰').getByLabel(/意见建议/)).toHaveValue('低保复核材料让我跑了三次');
	});

	test('an owner rates without JavaScript in large text', async ({ browser }) => {
		const { context, page } = await signIn(browser, OWNER, { javaScriptEnabled: false, largeText: true });
		contexts.push(context);
		await page.goto(roundUrl);
		await expect(page.locator('html')).toHaveClass(/text-large/);
		await rateAll(page, { 张桂兰: '非常满意', 陈志强: '非常满意', 刘芳: '满意', 黄海燕: '满意', 马俊杰: '非常不满意' }, { 马俊杰: '电话总是打不通' });
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
		const box = await cadre(page, '张桂兰').locator('label.level').first().boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(44);
		await page.getByRole('button', { name: '提交评价' }).click();
		await expect(page.getByRole('status')).toContainText('已提交 5 位干部的评价');
		// results are not visible to residents before publication
		await expect(page.getByRole('heading', { name: '测评结果' })).toHaveCount(0);
	});

	test('the committee sees only the count while open, closes, publishes; the low-rated cadre is flagged and the talk recorded', async () => {
		await committee.goto(roundUrl);
		await expect(committee.getByText('已有 2 位居民参评')).toBeVisible();
		await expect(committee.getByRole('heading', { name: '测评结果' })).toHaveCount(0);
		await committee.getByRole('button', { name: '结束测评并统计' }).click();
		await expect(committee.getByRole('status')).toHaveText('测评已结束，结果已统计');

		const ma = committee.locator('li.cadre', { hasText: '马俊杰' });
		await expect(ma.getByText('需提醒谈话')).toBeVisible();
		await expect(ma.locator('dd.big')).toHaveText('0.0%');
		await expect(committee.locator('.total dd.big')).toHaveText('80.0%');
		await expect(committee.getByText('参评 2 人')).toBeVisible();
		// each report says which formula it shows
		await expect(committee.getByText('满意率 = (非常满意 + 满意 + 基本满意) ÷ 有效评价数').first()).toBeVisible();

		// both low ratings with comments are to be followed up, without names
		const followUps = committee.locator('li.follow-up');
		await expect(followUps).toHaveCount(2);
		await expect(followUps.filter({ hasText: '低保复核材料让我跑了三次' })).toBeVisible();
		await expect(committee.locator('section', { has: committee.getByRole('heading', { name: '不满意意见跟进' }) })).not.toContainText('李建国');
		await expect(followUps.first()).toContainText('限期');

		await committee.getByRole('button', { name: '公布结果' }).click();
		await expect(committee.getByRole('status')).toHaveText('结果已公布');
		await expect(committee.locator('.badge', { hasText: '已公布' })).toBeVisible();
		// the trend across quarters for the community and for each cadre
		await expect(committee.getByRole('img', { name: '金阳社区 各季度总体满意率' })).toBeVisible();
		await expect(committee.getByRole('img', { name: '马俊杰 各季度满意率' })).toBeVisible();
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);

		await settled(committee);
		await committee.getByLabel('谈话对象').selectOption({ label: '马俊杰（民政专干）' });
		await committee.getByRole('button', { name: '记录提醒谈话' }).click();
		await expect(committee.locator('#talk-note-error')).toHaveText('请填写此项');
		await committee.getByLabel('谈话内容和改进措施').fill('指出低保复核办理慢、电话难打通；约定每周二四固定窗口，公布值班电话。');
		await committee.getByRole('button', { name: '记录提醒谈话' }).click();
		await expect(committee.getByRole('status')).toHaveText('已记录提醒谈话');
		await expect(committee.locator('ul.talks')).toContainText('固定窗口');

		await committee.getByRole('button', { name: '记录整改并办结' }).first().click();
		await expect(committee.locator('[id^="fu-"][id$="-error"]').first()).toHaveText('请填写此项');
	});

	test('the published results, the A4 notice and the XLSX are there for residents; no name anywhere', async ({ browser }) => {
		const { context, page } = await signIn(browser, RESIDENT);
		contexts.push(context);
		await page.goto(roundUrl);
		await expect(page.getByRole('heading', { name: '测评结果' })).toBeVisible();
		await expect(page.locator('li.cadre', { hasText: '马俊杰' }).locator('dd.big')).toHaveText('0.0%');
		await expect(page.getByRole('img', { name: '金阳社区 各季度总体满意率' })).toBeVisible();
		await expect(page.locator('main')).not.toContainText('王秀英');
		await page.getByRole('link', { name: 'A4 公示' }).click();
		await expect(page.getByRole('heading', { name: '金阳社区 2026年第4季度民心测评结果' })).toBeVisible();
		await expect(page.getByText('共收到有效评价 10 条，总体满意率 80.0%')).toBeVisible();
		await expect(page.getByRole('button', { name: '打印' })).toBeVisible();
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		const res = await page.request.get(`${roundUrl}/results.xlsx`);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('spreadsheetml');
		const api = await page.request.get(`/api/v1/rating-rounds/${roundUrl.split('/').pop()}/results`);
		const body = await api.json();
		expect(body.total).toMatchObject({ shown: true, valid: 10, satisfaction: '80.0%' });
		expect(JSON.stringify(body)).not.toMatch(/李建国|王秀英|13800000002|13800000003/);
	});
});
