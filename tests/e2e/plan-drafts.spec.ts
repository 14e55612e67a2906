/**
 * A cost plan's draft is corrected before it is published: a quote typed with a zero too many is fixed, a funding
 * source entered by mistake is removed, on the plan page without JavaScript. Once published nothing of it can be
 * corrected there, and its public ledger numbers the plan's own entries 1, 2, … (not the site-wide ids).
 * Demo account (password demo1234): 13800000007 周丽 committee 安公.
 */
import { expect } from '@playwright/test';
import { test } from './api-check';
import { signIn } from './helpers';

const COMMITTEE = '13800000007';

test('the committee corrects a typed quote and removes a source of a draft without JavaScript; the ledger counts from 1', async ({ browser }) => {
	const { context, page } = await signIn(browser, COMMITTEE, { javaScriptEnabled: false });
	const cid = new URL(page.url()).pathname.match(/^\/c\/(\d+)/)![1];
	await page.goto(`/c/${cid}/plans/new`);
	const topicId = Number(await page.getByLabel('所属议题').locator('option', { hasText: '路灯' }).first().getAttribute('value'));

	// the draft as typed, through the API: the solar lights' quote with a zero too many, and a sponsor who never offered
	const post = async (url: string, data: Record<string, unknown>) => {
		const res = await page.request.post(url, { data });
		expect(res.status(), await res.text()).toBeLessThan(300);
		return ((await res.json()) as { id: number }).id;
	};
	const title = `安公小区路灯（草稿更正）${String(Date.now()).slice(-6)}`;
	const pid = await post(`/api/v1/communities/${cid}/plans`, { topicId, title, splitRule: 'voluntary' });
	const itemId = await post(`/api/v1/plans/${pid}/items`, { name: '太阳能路灯12盏' });
	const quoteId = await post(`/api/v1/plans/${pid}/quotes`, { itemId, supplier: '太阳能路灯厂家', amount: '80000' });
	await post(`/api/v1/plans/${pid}/choice`, { quoteId, reason: '免布线、免电费' });
	await post(`/api/v1/plans/${pid}/sources`, { kind: 'hoa_income', name: '安公小区业委会', amount: '5000' });
	await post(`/api/v1/plans/${pid}/sources`, { kind: 'community_fund', name: '安公社区', amount: '3000' });
	await post(`/api/v1/plans/${pid}/sources`, { kind: 'merchant', name: '误录的商户', amount: '1000' });

	await page.goto(`/c/${cid}/plans/${pid}`);
	await expect(page.getByText('合计 80,000.00 元')).toBeVisible();

	// the quote: a bad amount is refused beside the field, with the form left open; then the right one
	await page.getByText('修改或删除报价：太阳能路灯厂家 80,000.00 元').click();
	await page.locator(`#quote-amount-${quoteId}`).fill('8000.005');
	await page.getByRole('button', { name: '保存修改' }).first().click();
	await expect(page.locator(`#quote-amount-${quoteId}`)).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator(`#quote-amount-${quoteId}-error`)).toContainText('金额');
	await page.locator(`#quote-amount-${quoteId}`).fill('8000');
	await page.locator(`#quote-amount-${quoteId}`).locator('xpath=ancestor::form').getByRole('button', { name: '保存修改' }).click();
	await expect(page.getByRole('status')).toHaveText('已修改报价。');
	await expect(page.getByText('合计 8,000.00 元')).toBeVisible();
	await expect(page.locator('.quotes li.chosen')).toContainText('8,000.00 元');

	// the sponsor who never offered is removed
	await page.getByText('修改或删除资金来源：商户赞助（误录的商户） 1,000.00 元').click();
	await page.getByRole('button', { name: '删除这项资金来源' }).click();
	await expect(page.getByRole('status')).toHaveText('已删除资金来源。');
	await expect(page.locator('.sources')).not.toContainText('误录的商户');

	// published: the sources cover it, and nothing of it is corrected in place any more
	await page.getByRole('button', { name: '公示方案' }).click();
	await expect(page.getByRole('status')).toHaveText('方案已公示。');
	await expect(page.getByText(/^修改或删除/)).toHaveCount(0);
	await page.getByRole('button', { name: /登记到账：业委会\/小区公共收益 安公小区业委会 5,000\.00 元/ }).click();
	await expect(page.getByRole('status')).toHaveText('已登记到账。');
	await page.getByRole('button', { name: /登记到账：社区经费 安公社区 3,000\.00 元/ }).click();
	await expect(page.getByRole('status')).toHaveText('已登记到账。');

	// the plan's ledger counts its own entries: 第1条, 第2条
	await page.goto(`/c/${cid}/plans/${pid}/ledger`);
	await expect(page.locator('.entries .head span')).toHaveText(['第1条 资金到账', '第2条 资金到账']);
	await context.close();
});
