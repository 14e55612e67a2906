/**
 * One case per role, played through the pages on a 390 px phone: each person signs in on /login, lands on their
 * own work and reaches a real piece of it only by clicking links they can see (no typed addresses after the start).
 * The invited outsider starts from the link in their invitation letter, as they would. A resident whose registration
 * is still pending is told what is pending, who verifies it and what to do meanwhile, never a bare 403.
 *
 * The demo data is shared with the other specs: every step here works on records of its own (a topic proposed
 * here, an invitation made here) or adds to a record without changing its state (a progress note, reading figures).
 * Demo accounts (password demo1234): 13800000002 李建国 resident, 13800000003 王秀英 owner, 13800000001 张桂兰
 * committee, 13800000005 刘芳 grid worker, 13800000004 陈志强 cadre, 13800000006 赵明 street admin (金阳街道),
 * 13800000009 孙娟 pending resident of 金阳社区.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, scrollWidth, settled, signIn } from './helpers';

const RESIDENT = '13800000002';
const OWNER = '13800000003';
const COMMITTEE = '13800000001';
const CADRE = '13800000004';
const GRID = '13800000005';
const STREET = '13800000006';
const PENDING = '13800000009';

const header = (page: Page) => page.getByRole('navigation', { name: '主导航' });
const community = (page: Page) => page.getByRole('navigation', { name: '社区导航' });

test.describe('each role lands on its own work and reaches it by the links it sees', () => {
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test.describe('a topic from the resident to the committee', () => {
		test.describe.configure({ mode: 'serial' });
		// a title of this run's own, so the cases can run again against the same server
		const title = `楼下快递柜前加装雨棚 ${String(Date.now()).slice(-6)}`;

		test('the resident lands on the notice board and proposes a topic from it', async ({ browser }) => {
			const { context, page } = await signIn(browser, RESIDENT);
			contexts.push(context);
			await expect(page).toHaveURL(/\/c\/\d+$/);
			await expect(page.getByRole('heading', { name: /公示栏/ })).toBeVisible();
			await page.getByRole('link', { name: '＋ 提出议题' }).first().click();
			await settled(page);
			await page.getByLabel('标题').fill(title);
			await page.getByLabel('详细说明').fill('下雨天取快递要排队，快递柜前没有遮挡，老人和孩子都淋雨，希望加装一个雨棚。');
			await page.getByLabel('类别').selectOption({ label: '设施维修' });
			await page.getByRole('button', { name: '提交议题' }).click();
			await expect(page.getByRole('heading', { name: title })).toBeVisible();
			await expect(page.locator('.badge.collecting').first()).toHaveText('征集中');
		});

		test('the owner finds it under 全部议题 and seconds it', async ({ browser }) => {
			const { context, page } = await signIn(browser, OWNER);
			contexts.push(context);
			await expect(page).toHaveURL(/\/c\/\d+$/);
			await community(page).getByRole('link', { name: '全部议题' }).click();
			await page.getByRole('link', { name: title }).click();
			await settled(page);
			await page.getByRole('button', { name: '我要附议' }).click();
			await expect(page.getByRole('status')).toContainText('附议成功');
			await expect(page.getByText('1 人附议 / 门槛')).toBeVisible();
		});

		test('the committee lands on its desk and accepts the topic from the collecting list', async ({ browser }) => {
			const { context, page } = await signIn(browser, COMMITTEE);
			contexts.push(context);
			await expect(page).toHaveURL(/\/c\/\d+\/committee$/);
			await expect(page.getByRole('heading', { name: '居委会工作台' })).toBeVisible();
			await page.getByRole('link', { name: /查看全部征集中的议题/ }).click();
			await page.getByRole('link', { name: title }).click();
			await settled(page);
			await page.getByLabel('受理', { exact: true }).check();
			await page.getByLabel('理由或说明（公开）').fill('列入下次议事会，先请物业报价');
			await page.getByRole('button', { name: '提交审议结果' }).click();
			await expect(page.getByRole('status')).toContainText('已受理');
			await expect(page.locator('.badge.accepted').first()).toHaveText('已受理');
		});
	});

	test('the grid worker lands on her request queue and reports progress on a request', async ({ browser }) => {
		const { context, page } = await signIn(browser, GRID);
		contexts.push(context);
		await expect(page).toHaveURL(/\/c\/\d+\/requests$/);
		await expect(page.getByRole('heading', { name: '码上报 · 诉求办理' })).toBeVisible();
		// the queue is also one tap away from every page
		await expect(header(page).getByRole('link', { name: '诉求工单' })).toBeVisible();
		await page.locator('li.card').filter({ hasText: '办理中' }).first().getByRole('link').click();
		await settled(page);
		const note = `已联系物业，本周内处理 ${String(Date.now()).slice(-6)}`;
		await page.getByLabel('进展情况').fill(note);
		await page.getByRole('button', { name: '发布进展' }).click();
		await expect(page.locator('.timeline')).toContainText(note);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('the cadre lands on the ratings and opens the latest published results about them', async ({ browser }) => {
		const { context, page } = await signIn(browser, CADRE);
		contexts.push(context);
		await expect(page).toHaveURL(/\/c\/\d+\/ratings$/);
		await expect(header(page).getByRole('link', { name: '测评结果' })).toBeVisible();
		await page.locator('li.card').filter({ hasText: '已公布' }).first().getByRole('heading').getByRole('link').click();
		await expect(page.getByRole('heading', { name: /民心测评$/, level: 1 })).toBeVisible();
		await expect(page.getByText('陈志强', { exact: false }).first()).toBeVisible();
		await expect(page.getByText('满意率').first()).toBeVisible();
	});

	test('the street admin lands on the street view and opens a community’s monthly board from it', async ({ browser }) => {
		const { context, page } = await signIn(browser, STREET);
		contexts.push(context);
		await expect(page).toHaveURL(/\/street\/requests$/);
		await expect(page.getByRole('heading', { name: /码上报/ })).toBeVisible();
		await expect(header(page).getByRole('link', { name: '街道看板' })).toBeVisible();
		await page.getByRole('table').getByRole('link', { name: '金阳社区' }).click();
		await expect(page).toHaveURL(/\/c\/\d+\/requests\/board\?month=/);
		await expect(community(page)).toContainText('金阳社区');
		await expect(page.getByText('收集诉求')).toBeVisible();

		// and back to the street view from the header, and from the account page
		await header(page).getByRole('link', { name: '我的' }).click();
		await page.getByRole('main').getByRole('link', { name: '街道看板' }).click();
		await expect(page).toHaveURL(/\/street\/requests$/);
	});

	test('an invited gas company opens the letter’s link and answers that it will attend', async ({ browser, request }) => {
		// the letter's link, as the committee would hand it over (made here, so no other spec's invitation is touched)
		const login = await request.post('/api/v1/auth/login', { data: { phone: COMMITTEE, password: PASSWORD } });
		const auth = { Authorization: `Bearer ${(await login.json()).token}` };
		const me = await (await request.get('/api/v1/me', { headers: auth })).json();
		const cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
		const list = await (await request.get(`/api/v1/communities/${cid}/sessions`, { headers: auth })).json();
		const session = list.upcoming.find((s: { status: string }) => s.status === 'published');
		const invited = await request.post(`/api/v1/sessions/${session.id}/invitations`, {
			headers: auth,
			data: { kind: 'party', role: 'utility', organisation: '金阳燃气公司', name: '周师傅' }
		});
		expect(invited.status()).toBe(201);
		const { url } = await invited.json();

		const context = await browser.newContext();
		contexts.push(context);
		const page = await context.newPage();
		await page.goto(url);
		await settled(page);
		await expect(page.getByRole('heading', { name: session.title })).toBeVisible();
		await page.getByLabel('参加', { exact: true }).check();
		await page.getByRole('button', { name: '提交回复' }).click();
		await expect(page.getByTestId('my-rsvp')).toContainText('参加');
	});
});

test.describe('a resident whose registration is still pending', () => {
	test('is told from her landing page what is pending, who verifies it and where, and what she can do meanwhile', async ({ browser }) => {
		const { context, page } = await signIn(browser, PENDING);
		await expect(page.getByText('您在金阳社区的注册正在等待居委会核实')).toBeVisible();
		await page.getByRole('link', { name: '核实进度与说明' }).click();
		await expect(page).toHaveURL(/\/c\/\d+$/);

		await expect(page.getByRole('heading', { level: 1 })).toHaveText('您的注册正在等待居委会核实');
		await expect(page.getByText('在金阳社区登记为居民')).toBeVisible();
		await expect(page.getByText('登记的房屋：金阳花园B区 1栋1单元101')).toBeVisible();
		await expect(page.getByText('金阳社区居委会（张桂兰）核对住户登记后核实')).toBeVisible();
		await expect(page.getByText('居委会所在地：社区党群服务中心，金阳路18号')).toBeVisible();
		await expect(page.getByText('出错了')).toHaveCount(0);
		await expect(page.getByText(/403/)).toHaveCount(0);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
		const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
		expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

		// meanwhile she can report a problem, without waiting
		await page.getByRole('link', { name: '反映身边的问题（码上报）' }).click();
		await expect(page).toHaveURL(/\/r\/c\d+$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('反映');
		await context.close();
	});

	test('gets the same explanation, not an error, from every community page a link may bring her to', async ({ browser }) => {
		const { context, page } = await signIn(browser, PENDING, { javaScriptEnabled: false });
		await page.getByRole('link', { name: '我的', exact: true }).click();
		await page.getByRole('link', { name: '核实进度与说明' }).click();
		const base = new URL(page.url()).pathname;
		// a topic a neighbour forwarded, 提出议题, and the other sections
		for (const path of ['/topics/1', '/topics/new', '/topics', '/sessions', '/votes', '/plans', '/ratings', '/requests']) {
			const response = await page.goto(base + path);
			expect(response?.status(), path).toBe(403);
			await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('您的注册正在等待居委会核实');
			await expect(page.getByText('出错了'), path).toHaveCount(0);
		}
		await context.close();
	});
});
