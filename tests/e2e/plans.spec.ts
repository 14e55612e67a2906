/**
 * The 安公社区 street-light case (DOMAIN.md §3) as a cost-sharing plan on a 390 px phone: the committee
 * (周丽) opens a plan on the street-light topic, enters the 物业's 12,000 元 quote and the solar lights' 8,000 元
 * one, chooses the solar lights with the reason, funds it from the 业委会's estate income, a community subsidy
 * and residents' pledges; the resident 吴强 pledges without his name; the committee records the payments and
 * the spending; the public ledger balances to the 分, the A4 notice prints, and the plan closes at 0.00 元.
 * Demo accounts (password demo1234): 13800000007 周丽 committee 安公, 13800000008 吴强 resident 安公.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import ExcelJS from 'exceljs';
import { scrollWidth, settled, signIn } from './helpers';

const COMMITTEE = '13800000007';
const RESIDENT = '13800000008';

test.describe.configure({ mode: 'serial' });

test.describe('安公社区: 12 street lights paid by the 业委会, a subsidy and residents’ pledges', () => {
	const title = `安公小区12盏路灯（太阳能）${String(Date.now()).slice(-6)}`;
	let planUrl = '';
	let committee: Page;
	let resident: Page;
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('the committee starts a plan from the topic and enters both quotes, choosing the 8,000 元 solar lights', async ({ browser }) => {
		const signedIn = await signIn(browser, COMMITTEE);
		contexts.push(signedIn.context);
		committee = signedIn.page;
		const cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
		await committee.goto(`/c/${cid}/topics`);
		await committee.getByRole('link', { name: /小区路灯维修改造/ }).first().click();
		await committee.getByRole('link', { name: '新建分摊方案' }).click();
		await expect(committee.getByRole('heading', { name: '新建费用分摊方案' })).toBeVisible();
		await settled(committee);

		// without a title the message appears beside the field and the topic stays chosen
		await committee.getByRole('button', { name: '创建方案（草稿）' }).click();
		await expect(committee.getByLabel('方案名称')).toHaveAttribute('aria-invalid', 'true');
		await expect(committee.getByLabel('所属议题')).not.toHaveValue('');
		await settled(committee);
		await committee.getByLabel('方案名称').fill(title);
		await committee.getByLabel('自愿认捐').check();
		await committee.getByRole('button', { name: '创建方案（草稿）' }).click();
		await expect(committee.getByRole('heading', { name: title })).toBeVisible();
		planUrl = new URL(committee.url()).pathname;
		await settled(committee);

		await committee.locator('#item-name').fill('小区路灯12盏');
		await committee.getByRole('button', { name: '添加项目' }).click();
		await expect(committee.getByText('已添加项目。')).toBeVisible();

		// a bad amount is refused beside the field and what was typed stays
		await committee.locator('#quote-supplier').fill('物业公司');
		await committee.locator('#quote-amount').fill('12000.005');
		await committee.getByRole('button', { name: '添加报价' }).click();
		await expect(committee.locator('#quote-amount')).toHaveAttribute('aria-invalid', 'true');
		await expect(committee.locator('#quote-supplier')).toHaveValue('物业公司');
		await committee.locator('#quote-amount').fill('12000');
		await committee.getByRole('button', { name: '添加报价' }).click();
		await expect(committee.getByText('已添加报价。')).toBeVisible();
		await committee.locator('#quote-supplier').fill('太阳能路灯厂家（居民推荐）');
		await committee.locator('#quote-amount').fill('8000');
		await committee.locator('#quote-note').fill('免布线、免电费');
		await committee.getByRole('button', { name: '添加报价' }).click();
		await expect(committee.locator('.quotes li')).toHaveCount(2);

		const solar = await committee.locator('#choose-quote option', { hasText: '8,000.00' }).getAttribute('value');
		await committee.locator('#choose-quote').selectOption(solar!);
		await committee.locator('#choose-reason').fill('太阳能路灯不用布线、不交电费，居民打了七十多个电话谈到8000元');
		await committee.getByRole('button', { name: '选定报价' }).click();
		await expect(committee.locator('.quotes li.chosen')).toContainText('8,000.00 元');
		await expect(committee.getByText(/选定理由：太阳能路灯/)).toBeVisible();
		await expect(committee.getByText('合计 8,000.00 元')).toBeVisible();
	});

	test('the 业委会’s estate income, a community subsidy and the residents’ share cover it, and it is published', async () => {
		const addSource = async (kind: string, name: string, amount: string) => {
			await committee.locator('#source-kind').selectOption({ label: kind });
			await committee.locator('#source-name').fill(name);
			await committee.locator('#source-amount').fill(amount);
			await committee.getByRole('button', { name: '添加资金来源' }).click();
			await expect(committee.getByText('已添加资金来源。')).toBeVisible();
		};
		await addSource('业委会/小区公共收益', '安公小区业委会', '5000');
		await addSource('社区经费', '安公社区', '2000');
		// not yet covered: publishing is refused with the gap in words
		await committee.getByRole('button', { name: '公示方案' }).click();
		await expect(committee.getByRole('alert')).toContainText('资金来源合计 7,000.00 元，与总价 8,000.00 元不一致');
		await addSource('居民分摊', '', '1000');
		await committee.getByRole('button', { name: '公示方案' }).click();
		await expect(committee.getByText('方案已公示。')).toBeVisible();
		await committee.getByRole('button', { name: /登记到账：业委会\/小区公共收益 安公小区业委会 5,000\.00 元/ }).click();
		await expect(committee.getByText('已登记到账。')).toBeVisible();
		await committee.getByRole('button', { name: /登记到账：社区经费 安公社区 2,000\.00 元/ }).click();
		await expect(committee.getByText('已登记到账。')).toBeVisible();
		await expect(committee.getByText('已筹 7,000.00 元 / 需 8,000.00 元')).toBeVisible();
	});

	test('the resident pledges 400 元 without his name, without JavaScript, in large text and without horizontal scrolling', async ({ browser }) => {
		const signedIn = await signIn(browser, RESIDENT, { largeText: true, javaScriptEnabled: false });
		contexts.push(signedIn.context);
		resident = signedIn.page;
		await resident.goto(planUrl);
		await settled(resident);
		await expect(resident.getByText('选定理由：太阳能路灯', { exact: false })).toBeVisible();
		await resident.getByLabel('金额（元）').fill('abc');
		await resident.getByRole('button', { name: '认捐', exact: true }).click();
		await expect(resident.getByLabel('金额（元）')).toHaveAttribute('aria-invalid', 'true');
		await resident.getByLabel('金额（元）').fill('400');
		await resident.getByRole('button', { name: '认捐', exact: true }).click();
		await expect(resident.getByText('您已认捐 400.00 元。')).toBeVisible();
		await expect(resident.getByText('匿名居民：400.00 元')).toBeVisible();
		expect(await scrollWidth(resident)).toBeLessThanOrEqual(390);
	});

	test('a resident of another community sees neither the plan page nor its API', async ({ browser }) => {
		const outsider = await signIn(browser, '13800000002');
		contexts.push(outsider.context);
		const page = await outsider.page.goto(planUrl);
		expect(page!.status()).toBe(403);
		const api = await outsider.page.request.get(`/api/v1${planUrl.replace(/^\/c\/\d+/, '')}`);
		expect(api.status()).toBe(403);
		expect((await api.json()).error.code).toBe('forbidden');
	});

	test('the committee records the payments and the spending; the public ledger balances to the 分 and names only who agreed', async () => {
		await committee.reload();
		await settled(committee);
		const pledge = await committee.locator('#pay-pledge option', { hasText: '吴强' }).getAttribute('value');
		await committee.locator('#pay-pledge').selectOption(pledge!);
		await committee.locator('#pay-amount').fill('400');
		await committee.locator('#pay-method').selectOption({ label: '转账' });
		await committee.locator('#pay-receipt').fill('AG-E2E-001');
		await committee.getByRole('button', { name: '登记缴费' }).click();
		await expect(committee.getByText('已登记缴费。')).toBeVisible();

		await committee.locator('#pay-payer').fill('王阿姨');
		await committee.getByLabel('缴费人同意公示姓名').check();
		await committee.locator('#pay-amount').fill('600');
		await committee.locator('#pay-receipt').fill('AG-E2E-001');
		await committee.getByRole('button', { name: '登记缴费' }).click();
		// the same receipt twice is refused beside the field
		await expect(committee.locator('#pay-receipt')).toHaveAttribute('aria-invalid', 'true');
		await committee.locator('#pay-receipt').fill('AG-E2E-002');
		await committee.getByRole('button', { name: '登记缴费' }).click();
		await expect(committee.getByText('已登记缴费。')).toBeVisible();
		await expect(committee.getByText('已筹 8,000.00 元 / 需 8,000.00 元')).toBeVisible();
		await expect(committee.locator('progress').first()).toHaveAttribute('value', '100');

		await committee.locator('#exp-amount').fill('8000');
		await committee.locator('#exp-note').fill('太阳能路灯12盏（含安装）');
		await committee.locator('#exp-ref').fill('FP-2026-118');
		await committee.getByRole('button', { name: '登记支出' }).click();
		await expect(committee.getByText('已记支出。')).toBeVisible();

		await resident.goto(`${planUrl}/ledger`);
		await expect(resident.getByTestId('balance')).toHaveText('0.00 元');
		await expect(resident.getByText('王阿姨')).toBeVisible();
		await expect(resident.getByText('吴强')).toHaveCount(0);
		const amounts = await resident.locator('.entries li .head strong').allTextContents();
		const fen = amounts.map((a) => Math.round(Number(a.replace(/[^\d.-]/g, '')) * 100));
		expect(fen).toEqual([500_000, 200_000, 40_000, 60_000, -800_000]);
		expect(fen.reduce((a, b) => a + b, 0)).toBe(0);
		// the JSON API keeps the same anonymity
		const api = await resident.request.get(`/api/v1${planUrl.replace(/^\/c\/\d+/, '')}/ledger`);
		expect(api.ok()).toBe(true);
		const body = await api.text();
		expect(body).toContain('王阿姨');
		expect(body).not.toContain('吴强');

		// the resident's own account and payment notice
		await resident.goto(planUrl);
		await expect(resident.getByRole('heading', { name: '我家的费用' })).toBeVisible();
		await resident.getByRole('link', { name: '缴费通知单' }).click();
		await expect(resident.getByRole('heading', { name: '缴费通知单' })).toBeVisible();
		await expect(resident.locator('.sheet dl')).toContainText('400.00 元');
	});

	test('the A4 ledger notice prints, the workbook opens with its rows, and the plan closes at 0.00 元', async () => {
		await committee.goto(`${planUrl}/notice`);
		await expect(committee.getByRole('heading', { name: '费用收支公示' })).toBeVisible();
		await expect(committee.getByTestId('notice-balance')).toHaveText('0.00 元');
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);
		await committee.emulateMedia({ media: 'print' });
		await expect(committee.getByRole('button', { name: '打印' })).toBeHidden();
		const pdf = await committee.pdf({ format: 'A4', preferCSSPageSize: true });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(1);
		await committee.emulateMedia({ media: 'screen' });

		const response = await committee.request.get(`${planUrl}/plan.xlsx`);
		expect(response.headers()['content-type']).toContain('spreadsheetml');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await response.body()) as unknown as ArrayBuffer);
		const ledger = book.getWorksheet('公示台账')!;
		expect(ledger.rowCount).toBe(6);
		const receipts = book.getWorksheet('缴费登记')!.getColumn(1).values.slice(2);
		expect(receipts).toEqual(['AG-E2E-001', 'AG-E2E-002']);

		await committee.goto(planUrl);
		await settled(committee);
		await committee.locator('#close-cost').fill('8000');
		await committee.getByRole('button', { name: '结算并关闭' }).click();
		await expect(committee.getByText('方案已结算。')).toBeVisible();
		await expect(committee.getByText('已结算：实际费用 8,000.00 元')).toBeVisible();
		await committee.goto(`${planUrl}/ledger`);
		await expect(committee.getByTestId('balance')).toHaveText('0.00 元');
	});
});
