/**
 * 码上报 on phones against the demo server: the committee prints the entrance posters (A4, one a page) and the
 * test decodes the QR code from the poster's image and follows it; a resident without an account reports from a
 * 390 px phone without JavaScript and gets a tracking link; the grid worker of 第一网格 (刘芳) classifies it
 * yellow, records the 515303 steps, reports progress and closes it; the resident evaluates it on the tracking
 * page; and it shows on the month's board.
 * Demo accounts (password demo1234): 13800000001 张桂兰 committee, 13800000005 刘芳 grid worker 金阳 第一网格.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { scrollWidth, settled, signIn } from './helpers';

const COMMITTEE = '13800000001';
const GRID = '13800000005';
const ENTRANCE = '金阳花园A区 1栋 1单元';

/** the number shown for one figure of the month's board */
const figure = async (page: Page, key: string) => Number(await page.locator(`[data-figure="${key}"] dd`).innerText());
const evaluations = async (page: Page, rating: string) => Number(await page.locator(`table.evals tr[data-rating="${rating}"] td`).innerText());

test.describe.configure({ mode: 'serial' });

test.describe('a request from the poster on the stairs to the monthly board', () => {
	const description = `1单元3楼楼道灯不亮，晚上看不清台阶 ${String(Date.now()).slice(-6)}`;
	let cid = '';
	let reportUrl = '';
	let trackUrl = '';
	let before = { collected: 0, satisfied: 0 };
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('the committee prints the entrance posters, one A4 page each, and the QR code decodes to the report page', async ({ browser }) => {
		const { context, page } = await signIn(browser, COMMITTEE);
		contexts.push(context);
		cid = new URL(page.url()).pathname.match(/^\/c\/(\d+)/)![1];

		await page.goto(`/c/${cid}/requests/board`);
		before = { collected: await figure(page, 'collected'), satisfied: await evaluations(page, 'satisfied') };

		await page.goto(`/c/${cid}/requests`);
		await page.getByRole('link', { name: '打印楼栋二维码' }).click();
		await settled(page);
		await page.getByLabel('每张海报对应').selectOption({ label: '每个单元一张' });
		await page.getByLabel('小区').selectOption({ label: '金阳花园A区' });
		await page.getByRole('button', { name: '显示' }).click();
		await expect(page).toHaveURL(/per=entrance/);
		const sheets = page.locator('section.sheet');
		const count = await sheets.count();
		expect(count).toBe(10); // 金阳花园A区: 5 buildings × 2 entrances
		await expect(page.getByText(`共 ${count} 张，每张一页 A4。`)).toBeVisible();
		await expect(page.getByRole('button', { name: '打印' })).toBeVisible();

		// printed: one A4 page per poster
		await page.emulateMedia({ media: 'print' });
		const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
		const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
		expect(pages.length).toBe(count);
		await page.emulateMedia({ media: 'screen' });

		// the code read back from the poster's image
		const sheet = sheets.filter({ hasText: ENTRANCE });
		await expect(sheet.getByRole('heading', { name: '码上报' })).toBeVisible();
		const png = PNG.sync.read(await sheet.locator('.qr').screenshot());
		const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
		expect(code, 'a QR code on the poster').not.toBeNull();
		reportUrl = code!.data;
		expect(reportUrl).toMatch(/\/r\/e\d+$/);
		await expect(sheet.locator('.url')).toHaveText(reportUrl);
	});

	test('a resident without an account reports from a 390 px phone without JavaScript and gets a tracking link', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
		contexts.push(context);
		const page = await context.newPage();
		await page.goto(reportUrl);
		await expect(page.getByRole('heading', { name: '码上报 · 反映问题' })).toBeVisible();
		await expect(page.getByText(`金阳社区 · ${ENTRANCE}`)).toBeVisible();
		// the building is filled in from the code
		await expect(page.getByLabel('楼栋')).toHaveValue(/\d+/);
		await expect(page.getByLabel('楼栋').locator('option:checked')).toHaveText('金阳花园A区 1栋');
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		// nothing filled in: the messages beside the fields, in Chinese, and what was typed stays
		await page.getByLabel('问题描述').fill(description);
		await page.getByRole('button', { name: '提交' }).click();
		await expect(page.getByText('请选择问题类别')).toBeVisible();
		await expect(page.getByText('请输入11位手机号码，例如 13800138000')).toBeVisible();
		await expect(page.getByLabel('问题描述')).toHaveValue(description);

		await page.getByLabel('设施维修').check();
		await page.getByLabel('手机号').fill('13912349876');
		await page.getByLabel('称呼（选填）').fill('楼道张阿姨');
		const photo = new PNG({ width: 64, height: 48 });
		photo.data.fill(180);
		await page.getByLabel('照片（选填，最多3张）').setInputFiles({ name: '楼道.png', mimeType: 'image/png', buffer: PNG.sync.write(photo) });
		await page.getByRole('button', { name: '提交' }).click();
		await expect(page).toHaveURL(/\/r\/track\/[a-z2-7]{24}\?new=1$/);
		await expect(page.getByText('已提交，谢谢您！')).toBeVisible();
		trackUrl = page.url().replace('?new=1', '');
		await expect(page.locator('.link')).toHaveText(trackUrl);
		await expect(page.getByText('待受理')).toBeVisible();
		// the reporter sees their own contact details
		await expect(page.locator('.contact')).toContainText('13912349876');
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('the grid worker of 第一网格 classifies it yellow, records the 515303 steps, reports progress and closes it', async ({ browser }) => {
		const { context, page } = await signIn(browser, GRID);
		contexts.push(context);
		await page.goto(`/c/${cid}/requests?status=new`);
		await page.getByRole('listitem').filter({ hasText: description }).getByRole('link').click();
		await settled(page);
		await expect(page.locator('.contact')).toContainText('13912349876');

		await page.getByLabel('黄色（1个月内）').check();
		await page.getByRole('button', { name: '受理并分类' }).click();
		await expect(page.getByText('已保存')).toBeVisible();
		await expect(page.locator('.badges')).toContainText('黄色（1个月内）');
		await expect(page.locator('.badges')).toContainText('办理中');
		await expect(page.locator('[data-step="respond"]')).toContainText('完成');
		await expect(page.locator('[data-step="resolve"]')).toContainText('应于');
		await settled(page);

		// a time in the future is refused beside the field, the form keeps the note
		await page.getByLabel('环节').selectOption({ label: '到场（15分钟内）' });
		await page.getByLabel('时间（北京时间）').fill('2099-01-01T08:00');
		await page.locator('#step-note').fill('现场查看');
		await page.getByRole('button', { name: '记录', exact: true }).click();
		await expect(page.locator('#step-at-error')).toContainText('不能晚于现在');
		await expect(page.locator('#step-note')).toHaveValue('现场查看');
		// the time field starts at now when the page is loaded afresh
		await page.reload();
		await settled(page);
		await page.getByLabel('环节').selectOption({ label: '到场（15分钟内）' });
		await page.getByRole('button', { name: '记录', exact: true }).click();
		await expect(page.locator('[data-step="arrive"]')).toContainText('完成');
		await settled(page);
		await page.getByLabel('环节').selectOption({ label: '初步方案（30分钟内）' });
		await page.locator('#step-note').fill('更换楼道灯泡，检查声控开关');
		await page.getByRole('button', { name: '记录', exact: true }).click();
		await expect(page.locator('[data-step="plan"]')).toContainText('完成');
		await settled(page);

		await page.getByLabel('进展情况').fill('灯泡已更换，声控开关明天到货');
		await page.getByRole('button', { name: '发布进展' }).click();
		await expect(page.locator('.timeline')).toContainText('灯泡已更换，声控开关明天到货');
		await settled(page);

		await page.locator('#close-result').fill('已更换灯泡和声控开关，楼道灯恢复正常');
		await page.getByRole('button', { name: '办结' }).click();
		await expect(page.locator('.badges')).toContainText('已办结');
		await expect(page.getByRole('heading', { name: '回访（办结后3天内）' })).toBeVisible();
	});

	test('the resident evaluates it on the tracking page, once', async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		contexts.push(context);
		const page = await context.newPage();
		await page.goto(trackUrl);
		await settled(page);
		await expect(page.locator('.head')).toContainText('已更换灯泡和声控开关，楼道灯恢复正常');
		await expect(page.locator('.badges')).toContainText('已办结');
		await expect(page.locator('.timeline')).toContainText('灯泡已更换，声控开关明天到货');
		// the photo taken when reporting is there for the link's holder
		await expect.poll(() => page.locator('.photos img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
		await page.getByRole('button', { name: '提交评价' }).click();
		await expect(page.getByText('请选择评价')).toBeVisible();
		await page.getByLabel('满意', { exact: true }).check();
		await page.getByLabel('意见（选填）').fill('修得很快');
		await page.getByRole('button', { name: '提交评价' }).click();
		await expect(page.getByText('评价已提交，谢谢！')).toBeVisible();
		await expect(page.locator('.evaluation')).toContainText('满意');
		await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('it shows on the month’s board, with a chart and an A4 print, and no phone number', async ({ browser }) => {
		const { context, page } = await signIn(browser, GRID, { largeText: true });
		contexts.push(context);
		await page.goto(`/c/${cid}/requests/board`);
		expect(await figure(page, 'collected')).toBe(before.collected + 1);
		expect(await evaluations(page, 'satisfied')).toBe(before.satisfied + 1);
		await expect(page.getByRole('img', { name: '按颜色分类（件）' })).toBeVisible();
		await expect(page.getByRole('img', { name: '按问题类别（件）' })).toBeVisible();
		expect(await page.content()).not.toContain('13912349876');
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
		await page.getByRole('link', { name: '打印A4公示' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('码上报诉求公示');
		expect(await figure(page, 'collected')).toBe(before.collected + 1);

		// the committee's print, in normal text, fits one A4 sheet
		const committee = await contexts[0].newPage();
		await committee.goto(`/c/${cid}/requests/board/print`);
		await committee.emulateMedia({ media: 'print' });
		const pdf = await committee.pdf({ format: 'A4', preferCSSPageSize: true });
		expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
	});
});
