/**
 * The foundation story on a 390 px phone against the demo server: a newcomer registers, the committee
 * verifies them, they raise a topic, a neighbour seconds it, the committee accepts it, and the topic's
 * public timeline tells it all with names. Demo accounts: 13800000001 张桂兰 (committee, 金阳社区),
 * 13800000002 李建国 (verified resident, 金阳社区), password demo1234.
 */
import { expect, type BrowserContext } from '@playwright/test';
import { codeSentTo, e2eOutbox } from '../support/sms-outbox';
import { test } from './api-check';
import { PASSWORD, scrollWidth, settled, signIn } from './helpers';

const COMMITTEE = { phone: '13800000001', name: '张桂兰' };
const NEIGHBOUR = { phone: '13800000002', name: '李建国' };

test.describe.configure({ mode: 'serial' });

test.describe('from registration to an accepted topic', () => {
	// a fresh person every run, so the story can be re-run against the same server
	const suffix = String(Date.now()).slice(-6);
	const newcomer = { name: `新居民${suffix.slice(-4)}`, phone: `139${suffix}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}` };
	const title = `3栋门口路灯不亮 ${suffix}`;
	let cid = '';
	let topicUrl = '';
	let contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
		contexts = [];
	});

	test('a newcomer registers for a unit in 金阳社区', async ({ browser }) => {
		const context = await browser.newContext();
		contexts.push(context);
		const page = await context.newPage();
		await page.goto('/register');
		const community = page.getByLabel('社区');
		const value = await community.locator('option', { hasText: '金阳社区' }).getAttribute('value');
		expect(value).toBeTruthy();
		cid = value!;
		await community.selectOption(cid);
		await page.getByRole('button', { name: '下一步' }).click();
		await settled(page);

		await page.getByLabel('姓名').fill(newcomer.name);
		await page.getByLabel('手机号').fill(newcomer.phone);
		await page.getByLabel('密码', { exact: true }).fill('newcomer-pass-1');
		await page.getByLabel('再次输入密码').fill('newcomer-pass-1');
		// the buildings come from the demo register: take one in 金阳花园A区 (every demo building has 1单元 with room 101)
		const building = page.getByLabel('楼栋');
		const options = await building.locator('option').evaluateAll((els) =>
			els.map((el) => ({ value: (el as HTMLOptionElement).value, label: el.textContent?.trim() ?? '' })).filter((o) => o.value)
		);
		expect(options.length).toBeGreaterThan(0);
		const choice = options.find((o) => o.label.includes('A区')) ?? options[0];
		await building.selectOption(choice.value);
		await page.getByLabel('单元').fill('1单元');
		await page.getByLabel('房号').fill('101');
		await page.getByLabel('居住在此').check();
		await page.getByRole('button', { name: '提交注册' }).click();
		// the phone is proved by the code texted to it
		await expect(page.getByText(`验证码已发送至 139****${newcomer.phone.slice(7)}`)).toBeVisible();
		await page.getByLabel('验证码').fill(codeSentTo(newcomer.phone, e2eOutbox()));
		await page.getByRole('button', { name: '完成注册' }).click();
		await expect(page.getByRole('heading', { name: '注册成功' })).toBeVisible();

		// not verified yet: the community's topics stay closed, and the page says what is pending
		const response = await page.goto(`/c/${cid}/topics`);
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('您的注册正在等待居委会核实');
	});

	test('the committee verifies the newcomer', async ({ browser }) => {
		const { context, page } = await signIn(browser, COMMITTEE.phone);
		contexts.push(context);
		await page.goto(`/c/${cid}/committee`);
		await expect(page.getByRole('heading', { name: '居委会工作台' })).toBeVisible();
		await page.getByRole('link', { name: /核实住户注册/ }).click();
		const card = page.locator('li.card', { hasText: newcomer.name });
		await expect(card).toBeVisible();
		await card.getByRole('button', { name: '核实为居民' }).click();
		await expect(page.getByRole('status')).toContainText(newcomer.name);
	});

	test('the verified newcomer raises a topic', async () => {
		const page = contexts[0].pages()[0];
		await page.goto(`/c/${cid}`);
		await expect(page.getByRole('heading', { name: /公示栏/ })).toBeVisible();
		await page.getByRole('link', { name: '＋ 提出议题' }).first().click();
		await expect(page).toHaveURL(`/c/${cid}/topics/new`);
		await settled(page);

		// nothing typed: the messages appear beside the fields
		await page.getByRole('button', { name: '提交议题' }).click();
		await expect(page.getByLabel('标题')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('#f-title-error')).toHaveText('请填写标题（最多60个字）');
		await settled(page);

		await page.getByLabel('标题').fill(title);
		await page.getByLabel('详细说明').fill('A区主路有两盏路灯坏了快一个月，晚上老人出门很不方便，希望尽快修好。');
		await page.getByLabel('类别').selectOption({ label: '设施维修' });
		await page.getByRole('button', { name: '提交议题' }).click();
		await expect(page).toHaveURL(new RegExp(`/c/${cid}/topics/\\d+$`));
		topicUrl = new URL(page.url()).pathname;
		await expect(page.getByRole('heading', { name: title })).toBeVisible();
		await expect(page.locator('.badge.collecting').first()).toHaveText('征集中');
		await expect(page.getByText('0 人附议 / 门槛')).toBeVisible();
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		// the proposer does not second their own topic
		await expect(page.getByRole('button', { name: '我要附议' })).toHaveCount(0);
		await expect(page.getByText('这是您提出的议题')).toBeVisible();
	});

	test('a neighbour seconds it, once', async ({ browser }) => {
		const { context, page } = await signIn(browser, NEIGHBOUR.phone);
		contexts.push(context);
		await page.goto(topicUrl);
		await settled(page);
		await page.getByRole('button', { name: '我要附议' }).click();
		await expect(page.getByRole('status')).toContainText('附议成功');
		await expect(page.getByText('1 人附议 / 门槛')).toBeVisible();
		await expect(page.getByRole('button', { name: '我要附议' })).toHaveCount(0);
		await expect(page.getByText('您已附议过该议题')).toBeVisible();
		await settled(page);

		// the neighbour's comment keeps its place on the page
		await page.getByLabel('发表评论').fill('我也经常晚上路过，支持');
		await page.getByRole('button', { name: '发表', exact: true }).click();
		await expect(page.locator('li.comment', { hasText: '我也经常晚上路过，支持' })).toContainText(NEIGHBOUR.name);
	});

	test('the committee accepts it, and the timeline tells who did what and when', async () => {
		const page = contexts[1].pages()[0];
		await page.goto(topicUrl);
		await settled(page);
		// declining without a reason is refused beside the field
		await page.getByLabel('不予受理（须填写理由）').check();
		await page.getByRole('button', { name: '提交审议结果' }).click();
		await expect(page.locator('#screen-reason-error')).toHaveText('不予受理必须填写理由，理由将向居民公开');
		await settled(page);

		await page.getByLabel('受理', { exact: true }).check();
		await page.getByLabel('理由或说明（公开）').fill('列入本月议事会');
		await page.getByRole('button', { name: '提交审议结果' }).click();
		await expect(page.getByRole('status')).toContainText('已受理');
		await expect(page.locator('.badge.accepted').first()).toHaveText('已受理');

		const timeline = page.locator('ol.timeline li');
		await expect(timeline).toHaveCount(3);
		await expect(timeline.nth(0)).toContainText(`${newcomer.name} 提出议题`);
		await expect(timeline.nth(1)).toContainText(`${NEIGHBOUR.name} 附议`);
		await expect(timeline.nth(2)).toContainText(`${COMMITTEE.name} 将状态由“征集中”改为“已受理”`);
		await expect(timeline.nth(2)).toContainText('列入本月议事会');
		for (let i = 0; i < 3; i++) await expect(timeline.nth(i).locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

		// the committee's action is in the audit log
		await page.goto(`/c/${cid}/committee/audit`);
		await expect(page.locator('tr', { hasText: '受理议题' }).first()).toContainText(COMMITTEE.name);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('the second threshold refuses values outside 1–1000 beside the field', async () => {
		const page = contexts[1].pages()[0];
		await page.goto(`/c/${cid}/committee/settings`);
		await settled(page);
		const field = page.getByLabel('附议门槛（人）');
		const before = await field.inputValue();
		await field.fill('0');
		await page.locator('form[action="?/threshold"]').getByRole('button', { name: '保存设置' }).click();
		await expect(page.locator('#f-secondThreshold-error')).toHaveText('附议门槛须为1至1000之间的整数');
		await expect(field).toHaveValue('0');
		await page.goto(`/c/${cid}/committee/settings`);
		await expect(page.getByLabel('附议门槛（人）')).toHaveValue(before);
	});

	test('the newcomer sees the accepted topic on the notice board and in a Chinese search', async () => {
		const page = contexts[0].pages()[0];
		await page.goto(`/c/${cid}`);
		await expect(page.getByRole('link', { name: title })).toBeVisible();
		await page.goto(`/c/${cid}/topics`);
		await settled(page);
		await page.getByLabel('搜索').fill(suffix);
		await page.getByLabel('状态').selectOption({ label: '已受理' });
		await page.getByRole('button', { name: '筛选' }).click();
		await expect(page).toHaveURL(/status=accepted/);
		await expect(page.getByRole('link', { name: title })).toBeVisible();
		await expect(page.getByText('共 1 个议题')).toBeVisible();
	});

	test('large text and English work on the topic page without JavaScript', async ({ browser }) => {
		const { context, page } = await signIn(browser, NEIGHBOUR.phone, { javaScriptEnabled: false });
		contexts.push(context);
		await page.goto(topicUrl);
		await page.getByRole('button', { name: '大字模式' }).click();
		await expect(page).toHaveURL(topicUrl);
		await expect(page.locator('html')).toHaveClass(/text-large/);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		await page.getByRole('button', { name: 'English' }).click();
		await expect(page).toHaveURL(topicUrl);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
		await expect(page.locator('.badge.accepted').first()).toHaveText('Accepted');
		await expect(page.getByText('You have seconded this topic.')).toBeVisible();
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

		// a form still works: a comment without JavaScript, error beside the field in English
		await page.getByRole('button', { name: 'Post' }).click();
		await expect(page.locator('#f-body-error')).toHaveText('Enter a comment (at most 1000 characters)');
	});
});

test('a resident of another community is refused the topics, on the pages and in the API', async ({ browser, request }) => {
	const bearer = async (phone: string) => {
		const r = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
		expect(r.status()).toBe(200);
		return { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
	};
	// 13800000008 吴强 is a verified resident of 安公社区
	const { context, page } = await signIn(browser, '13800000008');
	await page.goto('/register');
	const cid = await page.getByLabel('社区').locator('option', { hasText: '金阳社区' }).getAttribute('value');
	const listed = await request.get(`/api/v1/communities/${cid}/topics`, { headers: await bearer(NEIGHBOUR.phone) });
	expect(listed.status()).toBe(200);
	const topicId = ((await listed.json()) as { items: { id: number }[] }).items[0].id;

	for (const path of [`/c/${cid}`, `/c/${cid}/topics`, `/c/${cid}/topics/${topicId}`, `/c/${cid}/committee/audit`]) {
		const r = await page.goto(path);
		expect(r?.status(), path).toBe(403);
		await expect(page.getByText('您没有权限进行此操作')).toBeVisible();
	}
	const foreigner = await bearer('13800000008');
	expect((await request.get(`/api/v1/topics/${topicId}`, { headers: foreigner })).status()).toBe(403);
	expect((await request.get(`/api/v1/communities/${cid}/topics`, { headers: foreigner })).status()).toBe(403);
	const second = await request.post(`/api/v1/topics/${topicId}/second`, { headers: foreigner });
	expect(second.status()).toBe(403);
	expect(((await second.json()) as { error: { message: string } }).error.message).toBe('您没有权限进行此操作');
	await context.close();
});
