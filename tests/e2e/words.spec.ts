/**
 * What a newcomer reads and where they get stuck (issue 17, items 1, 10, 11), at 390 px against the demo server:
 * a closed section says it opens (the building picker of a new vote); a poll speaks in its own options, never
 * 同意 / 反对, and a ballot sent without JavaScript leaves no `?/cast` in the address bar; money carries thousands
 * separators; the request clock is explained in plain words; the monthly board fits a phone in English with
 * large text. Screenshots of the picker and the board go to tests/.artifacts/ to be looked at.
 * Demo accounts (password demo1234): 13800000001 张桂兰 committee 金阳, 13800000002 李建国 resident 金阳,
 * 13800000003 王秀英 owner 金阳, 13800000008 吴强 resident 安公.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { BASE, bearer, useSession } from './gate-helpers';
import { PASSWORD, settled, signIn } from './helpers';

const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';
const OWNER = '13800000003';
const ANGONG_RESIDENT = '13800000008';

async function tokenOf(request: APIRequestContext, phone: string) {
	const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
	expect(res.status()).toBe(200);
	return (await res.json()).token as string;
}

async function homeOf(request: APIRequestContext, token: string) {
	const me = await (await request.get('/api/v1/me', { headers: bearer(token) })).json();
	return me.memberships.find((ms: { status: string; communityId: number | null }) => ms.status === 'verified' && ms.communityId).communityId as number;
}

test('the building picker of a new vote shows a control that opens it, and choosing 楼栋 opens it', async ({ browser, request }) => {
	const token = await tokenOf(request, COMMITTEE);
	const cid = await homeOf(request, token);
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	await useSession(context, token);
	const page = await context.newPage();
	await page.goto(`/c/${cid}/votes/new`);
	await settled(page);

	const picker = page.locator('details', { hasText: '选“楼栋”时：勾选楼栋' });
	const firstBuilding = picker.getByRole('checkbox').first();
	// closed: nothing of the list shows, but the control beside the heading says it opens
	await expect(firstBuilding).toBeHidden();
	await expect(picker.locator('summary')).toContainText('展开 ▾');
	await picker.locator('summary').scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'tests/.artifacts/words-vote-buildings-closed.png' });

	await page.getByLabel('楼栋', { exact: true }).check();
	await expect(firstBuilding).toBeVisible();
	await expect(picker.locator('summary')).toContainText('收起 ▴');
	await page.screenshot({ path: 'tests/.artifacts/words-vote-buildings-open.png' });
	await context.close();
});

test('a poll speaks in its own options, and a ballot sent without JavaScript leaves no ?/cast in the address bar', async ({ browser, request }) => {
	const committee = bearer(await tokenOf(request, COMMITTEE));
	const cid = await homeOf(request, await tokenOf(request, RESIDENT));
	const created = await request.post(`/api/v1/communities/${cid}/votes`, {
		headers: committee,
		data: { kind: 'poll', title: `议事会时间意向 ${String(Date.now()).slice(-6)}`, options: ['周六上午', '周日下午'], description: '选一个大家方便的时间' }
	});
	expect(created.status(), await created.text()).toBe(201);
	const vid = (await created.json()).id as number;
	expect((await request.post(`/api/v1/votes/${vid}/open`, { headers: committee })).status()).toBe(200);

	const { context, page } = await signIn(browser, RESIDENT, { javaScriptEnabled: false });
	const url = `/c/${cid}/votes/${vid}`;
	await page.goto(url);
	await expect(page.getByLabel('周六上午')).toBeVisible();
	await expect(page.locator('main')).not.toContainText(/同意|反对/);

	await page.getByLabel('周日下午').check();
	await page.getByRole('button', { name: '投票', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText('投票成功，谢谢您的参与。');
	// the page's own address: reloading shows the page again instead of sending the ballot twice
	expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(url);
	await expect(page.locator('main')).toContainText('周日下午');
	await expect(page.locator('main')).not.toContainText(/同意|反对/);
	await page.reload();
	await expect(page.getByRole('status')).toHaveCount(0);
	await context.close();
});

test('money carries thousands separators and the request clock is explained in plain words', async ({ browser, request }) => {
	// 安公's street lights: 物业 quoted 12,000 元, the solar lights cost 8,000 元
	const angong = await tokenOf(request, ANGONG_RESIDENT);
	const angongCid = await homeOf(request, angong);
	const plans = await (await request.get(`/api/v1/communities/${angongCid}/plans`, { headers: bearer(angong) })).json();
	const lights = plans.plans.find((p: { title: string }) => p.title.includes('路灯'));
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	await useSession(context, angong);
	const page = await context.newPage();
	await page.goto(`/c/${angongCid}/plans/${lights.id}`);
	const main = page.locator('main');
	await expect(main).toContainText('12,000.00 元');
	await expect(main).toContainText('8,000.00 元');
	expect(await main.innerText(), 'an amount of 1,000 元 or more without separators').not.toMatch(/\d{4}\.\d\d ?元/);
	// the resident's own pledge, addressed as 您
	await expect(main).toContainText(/您已认捐 [\d,]+\.\d\d 元/);
	await expect(main).not.toContainText('你');

	// a request as the committee handles it: the time limits say what 515303 means
	const committee = await tokenOf(request, COMMITTEE);
	const cid = await homeOf(request, committee);
	const list = await (await request.get(`/api/v1/communities/${cid}/requests`, { headers: bearer(committee) })).json();
	const rid = list.items[0].id as number;
	await useSession(context, committee);
	await page.goto(`/c/${cid}/requests/${rid}`);
	await expect(page.getByRole('heading', { name: '办理时限', exact: true })).toBeVisible();
	await expect(main).toContainText('5分钟内响应、15分钟内到场、30分钟内拿出初步方案，办结后3天内回访');
	await context.close();
});

test('the monthly board fits a 390 px phone in English with large text, its button whole', async ({ browser, request }) => {
	const token = await tokenOf(request, OWNER);
	const cid = await homeOf(request, token);
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	await useSession(context, token, true);
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: BASE }]);
	const page = await context.newPage();
	await page.goto(`/c/${cid}/requests/board`);
	const show = page.getByRole('button', { name: 'Show', exact: true });
	await expect(show).toBeVisible();
	await page.screenshot({ path: 'tests/.artifacts/words-board-en-large.png', fullPage: true });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	const box = (await show.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(390);
	await context.close();
});
