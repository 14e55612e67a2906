import { expect, test, type Browser, type Page } from '@playwright/test';

/** every demo account's password */
export const PASSWORD = 'demo1234';

/** the page has loaded and its scripts have taken over, so what is typed next stays typed */
export const settled = (page: Page) => page.waitForLoadState('networkidle');

export const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** a new browser context signed in as the demo account with this phone */
export async function signIn(browser: Browser, phone: string, options: { javaScriptEnabled?: boolean; largeText?: boolean } = {}) {
	const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
	if (options.largeText) await context.addCookies([{ name: 'yst_text', value: 'large', url: test.info().project.use.baseURL! }]);
	const page = await context.newPage();
	await page.goto('/login');
	await settled(page);
	await page.getByLabel('手机号').fill(phone);
	await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
	return { context, page };
}
