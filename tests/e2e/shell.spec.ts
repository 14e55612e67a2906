import { expect, type Page } from '@playwright/test';
import { test } from './api-check';
import { signIn } from './helpers';

const px = (page: Page, selector: string) =>
	page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the home page is Chinese and fits a 390 px phone', async ({ page }) => {
		const response = await page.goto('/');
		expect(response?.status()).toBe(200);
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await expect(page.locator('header .brand')).toHaveText('议事亭');
		await expect(page.getByRole('button', { name: '大字模式' })).toBeVisible();
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('large text makes the page 1.5 times larger, stays on across pages and can be turned off', async ({ page }) => {
		await page.goto('/');
		const root = await px(page, 'html');
		const body = await px(page, 'body');
		expect(root).toBeGreaterThanOrEqual(16);

		await page.getByRole('button', { name: '大字模式' }).click();
		await expect(page).toHaveURL('/');
		await expect(page.locator('html')).toHaveClass(/text-large/);
		expect(await px(page, 'html')).toBeCloseTo(root * 1.5, 1);
		expect(await px(page, 'body')).toBeCloseTo(body * 1.5, 1);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		// a cookie, so it holds on the next page load too
		await page.goto('/login');
		expect(await px(page, 'html')).toBeCloseTo(root * 1.5, 1);
		await expect(page.getByRole('button', { name: '标准字号' })).toHaveAttribute('aria-pressed', 'true');
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		await page.getByRole('button', { name: '标准字号' }).click();
		await expect(page).toHaveURL('/login');
		await expect(page.locator('html')).not.toHaveClass(/text-large/);
		expect(await px(page, 'html')).toBeCloseTo(root, 1);
	});

	test('the English switch shows the interface in English and switches back to Chinese', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.locator('header .brand')).toHaveText('Yishiting');
		await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		// English and large text together still fit the phone
		await page.getByRole('button', { name: 'Large text' }).click();
		await expect(page.locator('html')).toHaveClass(/text-large/);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
		await page.getByRole('button', { name: 'Normal text' }).click();

		await page.getByRole('button', { name: '中文' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
		await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
	});

	test('an unknown page shows a Chinese 404 page with a way home and no internals', async ({ page }) => {
		const response = await page.goto('/no-such-page/here');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到该页面');
		await expect(page.getByRole('link', { name: '返回首页' })).toHaveAttribute('href', '/');
		const html = await page.content();
		expect(html).not.toMatch(/at .+\.(js|ts):\d+|node_modules|Error:/);
	});
});

test('in large text on a phone the community tabs fold into one menu naming the section, which opens without scripts', async ({ browser }) => {
	const { context, page } = await signIn(browser, '13800000007', { javaScriptEnabled: false, largeText: true });
	const me = await (await context.request.get('/api/v1/me')).json();
	const cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
	await page.goto(`/c/${cid}/topics`);
	const nav = page.getByRole('navigation', { name: '社区导航' });
	await expect(nav.getByText('栏目：全部议题')).toBeVisible();
	await expect(nav.getByRole('link', { name: '议事会' })).toBeHidden();
	// the menu takes one row above the page instead of four
	expect((await nav.boundingBox())!.height).toBeLessThan(160);
	await nav.getByText('栏目：全部议题').click();
	await nav.getByRole('link', { name: '议事会' }).click();
	await expect(page).toHaveURL(new RegExp(`/c/${cid}/sessions$`));
	await expect(nav.getByText('栏目：议事会')).toBeVisible();
	expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

	// in standard text the tabs stay in view, and there is no menu
	await page.getByRole('button', { name: '标准字号' }).click();
	await expect(nav.getByRole('link', { name: '议事会' })).toBeVisible();
	await expect(nav.getByText('栏目：议事会')).toBeHidden();
	await context.close();
});

// what a browser sends with a plain <form method="POST">
const formPost = { Accept: 'text/html' };

test('a form post from another site is refused (CSRF protection)', async ({ request, baseURL }) => {
	const form = { size: 'large', back: '/' };
	const foreign = await request.post('/settings?/textSize', {
		form,
		headers: { ...formPost, Origin: 'https://evil.example' },
		maxRedirects: 0
	});
	expect(foreign.status()).toBe(403);
	expect(foreign.headers()['set-cookie'] ?? '').not.toContain('yst_text');

	const own = await request.post('/settings?/textSize', { form, headers: { ...formPost, Origin: baseURL! }, maxRedirects: 0 });
	expect(own.status()).toBe(303);
	expect(own.headers()['set-cookie']).toContain('yst_text=large');
});

test('the preference switches only send you back to a page on this site', async ({ request, baseURL }) => {
	for (const back of ['//evil.example/', '/\\evil.example/', 'https://evil.example/']) {
		const res = await request.post('/settings?/locale', {
			form: { locale: 'en', back },
			headers: { ...formPost, Origin: baseURL! },
			maxRedirects: 0
		});
		expect(res.status()).toBe(303);
		expect(res.headers()['location']).toBe('/');
	}
});

test('an unknown API path answers 404 in the JSON error shape', async ({ request }) => {
	const res = await request.get('/api/v1/no-such-thing');
	expect(res.status()).toBe(404);
	expect(res.headers()['content-type']).toContain('application/json');
	const body = await res.json();
	expect(body).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/找不到/), fields: {} } });
});
