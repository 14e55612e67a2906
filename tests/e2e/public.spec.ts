/**
 * 公示 without an account (issue 15 item 6), in a browser without JavaScript and without signing in: the monthly board
 * is there by default; the committee switches kinds of notice on and off in its settings; published minutes and the
 * plan notice show the decisions and the money, never a name or a phone; a switched-off notice is a Chinese 404.
 */
import { expect, type Browser } from '@playwright/test';
import { test } from './api-check';
import { scrollWidth, signIn } from './helpers';

test.describe.configure({ mode: 'serial' });

const PHONE = /1[3-9]\d{9}/;
const stranger = (browser: Browser) => browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

/** the committee of a community ticks exactly these public notices in its settings */
async function setPublic(browser: Browser, phone: string, cid: number, on: string[]) {
	const { context, page } = await signIn(browser, phone, { javaScriptEnabled: false });
	await page.goto(`/c/${cid}/committee/settings`);
	for (const [name, label] of [
		['board', '每月诉求办理榜'],
		['results', '表决的最终结果'],
		['minutes', '已发布的会议纪要（决议部分）'],
		['plans', '费用分摊方案的公示']
	]) {
		const box = page.getByLabel(label);
		if (on.includes(name)) await box.check();
		else await box.uncheck();
	}
	await page.locator('form[action="?/publicity"]').getByRole('button', { name: '保存公示设置' }).click();
	await expect(page.getByRole('status')).toBeVisible();
	await context.close();
}

test('the monthly board opens for a stranger without signing in, on a 390 px phone, with no phone number', async ({ browser }) => {
	const context = await stranger(browser);
	const page = await context.newPage();
	const res = await page.goto('/p/1/board');
	expect(res?.status()).toBe(200);
	await expect(page).toHaveURL(/\/p\/1\/board$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('月');
	await expect(page.getByText('无需登录')).toBeVisible();
	expect(await page.locator('main').innerText()).not.toMatch(PHONE);
	expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	await context.close();
});

test('the committee turns the board off: the link is a Chinese 404 with nothing of the community; on again, it is back', async ({ browser }) => {
	await setPublic(browser, '13800000001', 1, ['results']);
	const context = await stranger(browser);
	const page = await context.newPage();
	const res = await page.goto('/p/1/board');
	expect(res?.status()).toBe(404);
	await expect(page.locator('main')).not.toContainText('金阳');
	await setPublic(browser, '13800000001', 1, ['board', 'results']);
	expect((await page.goto('/p/1/board'))?.status()).toBe(200);
	await context.close();
});

test('published minutes: a 404 until the committee turns them on, then the decisions and the hash without anyone’s name', async ({ browser, request }) => {
	const committee = await signIn(browser, '13800000001');
	const board = await (await committee.page.request.get('/api/v1/communities/1/resolutions')).json();
	const lights = board.resolutions.find((r: { text: string }) => r.text.includes('感应灯'));
	expect(lights).toBeTruthy();
	// names the residents' minutes carry (the person responsible, the attendees who confirmed)
	const minutesPage = await committee.page.request.get(`/c/1/sessions/${lights.sessionId}/minutes`);
	const residentsText = await minutesPage.text();
	expect(residentsText).toContain(lights.responsibleName);
	await committee.context.close();

	const context = await stranger(browser);
	const page = await context.newPage();
	expect((await page.goto(`/p/1/minutes/${lights.sessionId}`))?.status()).toBe(404);
	await setPublic(browser, '13800000001', 1, ['board', 'results', 'minutes']);
	expect((await page.goto(`/p/1/minutes/${lights.sessionId}`))?.status()).toBe(200);
	const main = page.locator('main');
	await expect(main).toContainText(lights.text);
	await expect(main).toContainText('SHA-256');
	const text = await main.innerText();
	expect(text).not.toContain(lights.responsibleName);
	expect(text).not.toContain('李建国');
	expect(text).not.toMatch(PHONE);
	expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	// the committee's notice page names the public address to print or share
	const again = await signIn(browser, '13800000001');
	await again.page.goto(`/c/1/sessions/${lights.sessionId}/minutes/notice`);
	await expect(again.page.getByRole('link', { name: `/p/1/minutes/${lights.sessionId}` })).toBeVisible();
	await again.context.close();
	await context.close();
	void request;
});

test('a plan notice of 安公: the quotes, sources and ledger amounts, numbered within the plan, and no payer’s name', async ({ browser }) => {
	const committee = await signIn(browser, '13800000007');
	const plans = await (await committee.page.request.get('/api/v1/communities/2/plans')).json();
	const plan = (plans.plans ?? plans).find((p: { status: string }) => p.status !== 'draft');
	const ledger = await (await committee.page.request.get(`/api/v1/plans/${plan.id}/ledger`)).json();
	const payers = (ledger.lines as { kind: string; party: string | null }[]).filter((l) => l.kind === 'payment' && l.party).map((l) => l.party!);
	await committee.context.close();

	const context = await stranger(browser);
	const page = await context.newPage();
	expect((await page.goto(`/p/2/plans/${plan.id}`))?.status()).toBe(404);
	await setPublic(browser, '13800000007', 2, ['board', 'results', 'plans']);
	expect((await page.goto(`/p/2/plans/${plan.id}`))?.status()).toBe(200);
	const main = page.locator('main');
	await expect(main).toContainText(plan.title);
	const numbers = await main.locator('tbody tr td:first-child').allInnerTexts();
	expect(numbers.filter((n) => /^\d+$/.test(n))).toEqual(ledger.lines.map((_: unknown, i: number) => String(i + 1)));
	const text = await main.innerText();
	for (const name of payers) expect(text).not.toContain(name);
	expect(text).not.toMatch(PHONE);
	await context.close();
});
