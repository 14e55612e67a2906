/**
 * Accounts under attack (issue 14 items 5–7), through the pages with and without JavaScript: redirect targets
 * stay on this site, a stranger's wrong passwords do not keep the owner out, and registration neither tells
 * which phones have accounts nor takes a weak password.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { codeSentTo, e2eOutbox, lastSmsTo } from '../support/sms-outbox';
import { PASSWORD, settled, signIn } from './helpers';

test.describe.configure({ mode: 'serial' });

const HOSTILE = [
	'/\t/evil.example/phish',
	'/%09/evil.example/phish',
	'/\n/evil.example',
	'//evil.example',
	'/\\evil.example',
	'\\/evil.example',
	'https://evil.example',
	'javascript:alert(1)'
];

// accept: text/html, or SvelteKit answers a form post with its JSON action result instead of the redirect
const formPost = (baseURL: string, form: Record<string, string>) => ({ form, headers: { origin: baseURL, accept: 'text/html' }, maxRedirects: 0 });

test('sign-in sends a hostile next= back to the home page, from the link and from the form', async ({ request, baseURL }) => {
	for (const next of HOSTILE) {
		const r = await request.post(`/login?next=${encodeURIComponent(next)}`, formPost(baseURL!, { phone: '13800000002', password: PASSWORD, next }));
		expect(r.status(), JSON.stringify(next)).toBe(303);
		expect(r.headers().location, JSON.stringify(next)).toBe('/');
		// signed in now: the page itself redirects at once, to this site only
		const again = await request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
		expect([again.status(), again.headers().location], JSON.stringify(next)).toEqual([303, '/']);
		await request.post('/logout', formPost(baseURL!, {}));
	}
	const fine = await request.post('/login', formPost(baseURL!, { phone: '13800000002', password: PASSWORD, next: '/me?tab=1' }));
	expect(fine.headers().location).toBe('/me?tab=1');
});

for (const javaScriptEnabled of [true, false]) {
	test(`a tab after the slash in next= stays on this site in the browser (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({ browser, baseURL }) => {
		const context = await browser.newContext({ javaScriptEnabled });
		const page = await context.newPage();
		await page.goto('/login?next=%2F%09%2Fevil.example%2Fphish');
		if (javaScriptEnabled) await settled(page);
		await page.getByLabel('手机号').fill('13800000002');
		await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
		await page.getByRole('button', { name: '登录' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/login'));
		expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
		// '/' then sends a signed-in resident on to their community
		expect(page.url()).not.toContain('evil');
		await context.close();
	});
}

test('the text-size and language switches refuse a hostile back field', async ({ request, baseURL }) => {
	for (const action of ['textSize', 'locale']) {
		for (const back of HOSTILE) {
			const r = await request.post(`/settings?/${action}`, formPost(baseURL!, { size: 'large', locale: 'zh-CN', back }));
			expect([r.status(), r.headers().location], `${action} ${JSON.stringify(back)}`).toEqual([303, '/']);
		}
		const kept = await request.post(`/settings?/${action}`, formPost(baseURL!, { size: 'normal', locale: 'zh-CN', back: '/register?community=1' }));
		expect(kept.headers().location).toBe('/register?community=1');
	}
});

/** fills the registration form of 金阳社区 (building A区, 1单元 101) and submits it */
async function fillRegistration(page: Page, person: { name: string; phone: string; password: string }) {
	await page.goto('/register');
	const community = page.getByLabel('社区');
	const cid = await community.locator('option', { hasText: '金阳社区' }).getAttribute('value');
	await page.goto(`/register?community=${cid}`);
	await page.getByLabel('姓名').fill(person.name);
	await page.getByLabel('手机号').fill(person.phone);
	await page.getByLabel('密码', { exact: true }).fill(person.password);
	await page.getByLabel('再次输入密码').fill(person.password);
	const building = page.getByLabel('楼栋');
	const options = await building.locator('option').evaluateAll((els) =>
		els.map((el) => ({ value: (el as HTMLOptionElement).value, label: el.textContent ?? '' })).filter((o) => o.value)
	);
	await building.selectOption((options.find((o) => o.label.includes('A区')) ?? options[0]).value);
	await page.getByLabel('单元').fill('1单元');
	await page.getByLabel('房号').fill('101');
	await page.getByLabel('居住在此').check();
	await page.getByRole('button', { name: '提交注册' }).click();
}

const newContext = (browser: Browser) => browser.newContext({ javaScriptEnabled: false });
const suffix = String(Date.now()).slice(-6);
const owner = { name: `周新${suffix.slice(-2)}`, phone: `1370${suffix}1`, password: 'lotus-pond-evening-3' };

test('a registered phone and a new phone see the same page; only the text message differs', async ({ browser }) => {
	const context = await newContext(browser);
	const page = await context.newPage();
	const texts: string[] = [];
	for (const phone of ['13800000002', owner.phone]) {
		await fillRegistration(page, { ...owner, phone });
		await expect(page.getByRole('heading', { name: '第三步：输入短信验证码' })).toBeVisible();
		texts.push((await page.locator('main').innerText()).replace(/1\d\d\*{4}\d{4}/, '___'));
	}
	expect(texts[0]).toBe(texts[1]);
	expect(lastSmsTo('13800000002', e2eOutbox()).text).toContain('该手机号已注册议事亭');
	expect(lastSmsTo('13800000002', e2eOutbox()).params).toEqual({});

	// the new phone's code finishes the registration and signs in
	await page.getByLabel('验证码').fill(codeSentTo(owner.phone, e2eOutbox()));
	await page.getByRole('button', { name: '完成注册' }).click();
	await expect(page.getByRole('heading', { name: '注册成功' })).toBeVisible();
	await context.close();
});

test('a wrong code is refused beside the field, and a registered phone can never finish', async ({ browser }) => {
	const context = await newContext(browser);
	const page = await context.newPage();
	await fillRegistration(page, { ...owner, name: '冒名者' });
	await page.getByLabel('验证码').fill('000000');
	await page.getByRole('button', { name: '完成注册' }).click();
	await expect(page.locator('#code-error')).toHaveText('验证码错误');
	await expect(page.getByLabel('验证码')).toHaveAttribute('aria-invalid', 'true');
	await context.close();
});

test('a weak password is refused beside the field; the form keeps what was typed except the passwords', async ({ browser }) => {
	const context = await newContext(browser);
	const page = await context.newPage();
	await fillRegistration(page, { name: '钱多多', phone: `1371${suffix}2`, password: '12345678' });
	await expect(page.locator('#password-error')).toHaveText('密码太容易被猜到，请换一个更长、不常见的密码');
	await expect(page.getByLabel('姓名')).toHaveValue('钱多多');
	await expect(page.getByLabel('房号')).toHaveValue('101');
	await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
	await context.close();
});

test("a stranger's wrong passwords lock the stranger, not the owner's browser", async ({ browser }) => {
	// the owner registered above in a browser of their own, which is now a known device
	const ownerContext = await newContext(browser);
	const ownerPage = await ownerContext.newPage();
	await ownerPage.goto('/login');
	await ownerPage.getByLabel('手机号').fill(owner.phone);
	await ownerPage.getByLabel('密码', { exact: true }).fill(owner.password);
	await ownerPage.getByRole('button', { name: '登录' }).click();
	await expect(ownerPage).not.toHaveURL(/\/login/);
	await ownerContext.clearCookies({ name: 'yst_session' });

	const stranger = await newContext(browser);
	const page = await stranger.newPage();
	for (let i = 0; i < 5; i++) {
		await page.goto('/login');
		await page.getByLabel('手机号').fill(owner.phone);
		await page.getByLabel('密码', { exact: true }).fill(`guess-${i}-password`);
		await page.getByRole('button', { name: '登录' }).click();
	}
	await expect(page.getByRole('alert')).toHaveText('登录失败次数过多，请 1 分钟后再试');
	// from the stranger's browser (the same address here) even the right password waits
	await page.getByLabel('手机号').fill(owner.phone);
	await page.getByLabel('密码', { exact: true }).fill(owner.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert')).toHaveText(/登录失败次数过多，请 \d+ 分钟后再试/);

	await ownerPage.goto('/login');
	await ownerPage.getByLabel('手机号').fill(owner.phone);
	await ownerPage.getByLabel('密码', { exact: true }).fill(owner.password);
	await ownerPage.getByRole('button', { name: '登录' }).click();
	await expect(ownerPage).not.toHaveURL(/\/login/);
	await ownerPage.goto('/me');
	await expect(ownerPage.getByText(owner.phone)).toBeVisible();
	await stranger.close();
	await ownerContext.close();
	// the demo accounts other specs use were not touched
	const other = await signIn(browser, '13800000003');
	await other.context.close();
});

test('忘记密码 without JavaScript: the code by text, a weak password refused beside the field, then the new password signs in', async ({ browser }) => {
	const context = await newContext(browser);
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByRole('link', { name: '忘记密码？' }).click();
	await expect(page.getByRole('heading', { name: '忘记密码' })).toBeVisible();
	await page.locator('form[action="?/start"]').getByLabel('手机号').fill(owner.phone);
	await page.getByRole('button', { name: '发送验证码' }).click();
	await expect(page.getByRole('status')).toContainText('验证码已发送到这个号码');
	const sms = lastSmsTo(owner.phone, e2eOutbox());
	expect(sms.template).toBe('reset_code');
	await page.getByLabel('短信验证码').fill(sms.params.code);
	await page.getByLabel('新密码', { exact: true }).fill('12345678');
	await page.getByLabel('再次输入新密码').fill('12345678');
	await page.getByRole('button', { name: '设置新密码' }).click();
	await expect(page.locator('#f-password-error')).toHaveText('密码太容易被猜到，请换一个更长、不常见的密码');
	// the phone and the code stay typed; the passwords do not
	await expect(page.getByLabel('短信验证码')).toHaveValue(sms.params.code);
	await expect(page.getByLabel('新密码', { exact: true })).toHaveValue('');
	owner.password = 'kites-over-the-old-gate-5';
	await page.getByLabel('新密码', { exact: true }).fill(owner.password);
	await page.getByLabel('再次输入新密码').fill(owner.password);
	await page.getByRole('button', { name: '设置新密码' }).click();
	await expect(page).toHaveURL(/\/login\?reset=1$/);
	await expect(page.getByRole('status')).toHaveText('密码已重设，所有设备已退出登录。请用新密码登录。');
	expect(lastSmsTo(owner.phone, e2eOutbox()).template).toBe('password_changed');
	await page.getByLabel('手机号').fill(owner.phone);
	await page.getByLabel('密码', { exact: true }).fill(owner.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
	await context.close();
});

test('no phone that takes texts: the committee checks the person and prints a one-time slip; its code resets the password once', async ({ browser }) => {
	// 张桂兰 at the counter of 金阳社区 with the owner registered above (still waiting to be verified)
	const clerk = await signIn(browser, '13800000001', { javaScriptEnabled: false });
	await clerk.page.goto('/c/1/committee/members');
	await clerk.page.locator('li.card').filter({ hasText: owner.phone }).getByRole('link', { name: '密码重置单' }).click();
	await expect(clerk.page.getByRole('heading', { name: '打印密码重置单' })).toBeVisible();
	await expect(clerk.page.getByText(`${owner.phone.slice(0, 3)}****${owner.phone.slice(7)}`)).toBeVisible();
	await clerk.page.getByRole('button', { name: '已核对身份，生成并打印重置单' }).click();
	const code = (await clerk.page.locator('.slip .code').innerText()).trim();
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	await expect(clerk.page.getByRole('status')).toContainText('关闭后不能再次显示');
	// printed, the page is the slip alone
	await clerk.page.emulateMedia({ media: 'print' });
	await expect(clerk.page.locator('header.site')).toBeHidden();
	await expect(clerk.page.getByRole('status')).toBeHidden();
	await expect(clerk.page.locator('.slip')).toContainText(code);
	await clerk.page.emulateMedia({ media: 'screen' });
	await clerk.page.goto('/c/1/committee/audit');
	await expect(clerk.page.locator('main')).toContainText(/重置单|reset_slip/);
	await clerk.context.close();

	// at home, the code typed as read from paper: lower case, without the dash
	const context = await newContext(browser);
	const page = await context.newPage();
	await page.goto('/reset');
	const form = page.locator('form[action="?/finish"]');
	await form.getByLabel('手机号').fill(owner.phone);
	await form.getByLabel('重置单上的重置码').fill(code.replace('-', '').toLowerCase());
	owner.password = 'paper-slip-at-the-counter-8';
	await form.getByLabel('新密码', { exact: true }).fill(owner.password);
	await form.getByLabel('再次输入新密码').fill(owner.password);
	await form.getByRole('button', { name: '设置新密码' }).click();
	await expect(page).toHaveURL(/\/login\?reset=1$/);
	await page.getByLabel('手机号').fill(owner.phone);
	await page.getByLabel('密码', { exact: true }).fill(owner.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
	// the slip works once
	await page.goto('/reset');
	await form.getByLabel('手机号').fill(owner.phone);
	await form.getByLabel('重置单上的重置码').fill(code);
	await form.getByLabel('新密码', { exact: true }).fill('another-slip-try-9x');
	await form.getByLabel('再次输入新密码').fill('another-slip-try-9x');
	await form.getByRole('button', { name: '设置新密码' }).click();
	await expect(page.locator('#f-code-error')).toHaveText('验证码错误');
	await context.close();
});

test('更换手机号 without JavaScript: the current password, the code texted to the new number, then sign-in with the new number', async ({ browser }) => {
	const context = await newContext(browser);
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('手机号').fill(owner.phone);
	await page.getByLabel('密码', { exact: true }).fill(owner.password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.goto('/me');
	await page.getByRole('link', { name: '更换手机号' }).click();
	const newPhone = `1372${suffix}3`;
	await page.getByLabel('新手机号').fill(newPhone);
	await page.getByLabel('当前密码').fill('not-my-password');
	await page.getByRole('button', { name: '发送验证码' }).click();
	await expect(page.locator('#f-currentPassword-error')).toHaveText('当前密码不正确');
	await expect(page.getByLabel('新手机号')).toHaveValue(newPhone);
	await page.getByLabel('当前密码').fill(owner.password);
	await page.getByRole('button', { name: '发送验证码' }).click();
	await page.getByLabel('新手机收到的验证码').fill(codeSentTo(newPhone, e2eOutbox()));
	await page.getByRole('button', { name: '确认更换' }).click();
	await expect(page.getByRole('status')).toContainText('手机号已换成');
	expect(lastSmsTo(owner.phone, e2eOutbox()).template).toBe('phone_changed');
	owner.phone = newPhone;
	await page.goto('/me');
	await expect(page.getByText(newPhone)).toBeVisible();
	await context.close();
});
