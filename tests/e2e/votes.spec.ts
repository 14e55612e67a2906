/**
 * An owners' decision (Civil Code Art. 278) on a 390 px phone against the demo server: the committee
 * starts a binding vote on the 金阳花园 street-light topic for one entrance, opens it, an owner votes
 * online, the committee records two paper ballots, closes it with a 0-day objection window (the
 * committee chooses the window's length when closing; 0 is allowed and documented for a result already
 * posted on the board), the preliminary result reads in words, the committee finalizes, and the A4
 * notice, the paper ballots and the XLSX register are what they say they are.
 * Demo accounts (password demo1234): 13800000001 张桂兰 committee, 13800000003 王秀英 owner of
 * 金阳花园A区 1栋 1单元 301, 13800000002 李建国 resident.
 */
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, scrollWidth, settled, signIn } from './helpers';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';

const COMMITTEE = '13800000001';
const OWNER = '13800000003';
const RESIDENT = '13800000002';
const ENTRANCE = '金阳花园A区 1栋 1单元';

/** the 已参与 line of the live participation or the result */
const tookPart = (page: Page) => page.locator('dl.figures > div').filter({ hasText: '已参与' }).first();

test.describe.configure({ mode: 'serial' });

test.describe('an owners’ decision from the topic to the posted result', () => {
	// a title of its own every run, so the story can run again against the same server
	const title = `更换A区1栋1单元门前路灯 ${String(Date.now()).slice(-6)}`;
	let cid = '';
	let voteUrl = '';
	let committee: Page;
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('the committee starts a binding vote on the street-light topic for one entrance and opens it', async ({ browser }) => {
		const signedIn = await signIn(browser, COMMITTEE);
		contexts.push(signedIn.context);
		committee = signedIn.page;
		cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
		await committee.getByRole('navigation', { name: '社区导航' }).getByRole('link', { name: '表决', exact: true }).click();
		await expect(committee).toHaveURL(`/c/${cid}/votes`);
		await committee.getByRole('link', { name: '发起表决' }).click();
		await expect(committee.getByRole('heading', { name: '发起表决' })).toBeVisible();
		await settled(committee);

		// nothing chosen: the messages appear beside the fields
		await committee.getByRole('button', { name: '保存草稿并公布范围' }).click();
		await expect(committee.getByLabel('表决事项名称')).toHaveAttribute('aria-invalid', 'true');
		await settled(committee);

		await committee.getByLabel('表决事项名称').fill(title);
		await committee.getByLabel('业主共同决定', { exact: true }).check();
		const topic = committee.getByLabel('来自哪个议题（可选）');
		const topicValue = await topic.locator('option', { hasText: '路灯损坏' }).getAttribute('value');
		await topic.selectOption(topicValue!);
		await committee.getByLabel('一个单元', { exact: true }).check();
		await committee.getByLabel('选“一个单元”时：选择单元').selectOption({ label: ENTRANCE });
		const matter = committee.getByLabel('表决事项（《民法典》第二百七十八条）');
		// the matter list names each item's class
		await expect(matter.locator('option', { hasText: '使用建筑物及其附属设施的维修资金' })).toHaveText(/一般事项/);
		await expect(matter.locator('option', { hasText: '筹集建筑物及其附属设施的维修资金' })).toHaveText(/特别事项/);
		await matter.selectOption('use_fund');
		await committee.getByRole('button', { name: '保存草稿并公布范围' }).click();
		await expect(committee).toHaveURL(new RegExp(`/c/${cid}/votes/\\d+$`));
		voteUrl = new URL(committee.url()).pathname;

		// before opening: the scope's heads and area, in m² with two decimals
		await expect(committee.getByRole('heading', { name: title })).toBeVisible();
		await expect(committee.getByText(`范围：一个单元：${ENTRANCE}`)).toBeVisible();
		await expect(committee.locator('.big').first()).toHaveText(/应参与 \d+ 人 \/ 面积 [\d,]+\.\d\d m²/);
		await expect(committee.getByRole('link', { name: /路灯损坏/ })).toBeVisible();
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);

		await committee.getByRole('button', { name: '开始投票' }).click();
		await expect(committee.getByRole('status')).toHaveText('表决已开始，范围和名册已冻结。');
		await expect(committee.locator('.badge').first()).toHaveText('投票中');
	});

	test('the owner votes online, once — without JavaScript, in large text', async ({ browser }) => {
		const { context, page } = await signIn(browser, OWNER, { javaScriptEnabled: false, largeText: true });
		contexts.push(context);
		await page.goto(voteUrl);
		await expect(page.locator('html')).toHaveClass(/text-large/);
		// nothing chosen: the message appears beside the choices
		await page.getByRole('button', { name: '投票', exact: true }).click();
		await expect(page.locator('#cast-choice-error')).toHaveText('请选择同意、反对或弃权');
		await page.getByLabel('同意', { exact: true }).check();
		await page.getByRole('button', { name: '投票', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('投票成功，谢谢您的参与。');
		await expect(page.getByText('您已投票：同意')).toBeVisible();
		await expect(page.getByRole('button', { name: '投票', exact: true })).toHaveCount(0);
		await expect(tookPart(page)).toContainText(/1 人 \/ 面积 [\d,]+\.\d\d m²/);
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('the committee records two paper ballots by room; the resident sees totals and room numbers only', async ({ browser }) => {
		await committee.goto(voteUrl);
		const unit = committee.getByLabel('房屋（按楼栋、房号选择）');
		// the owner's own flat is taken already
		await expect(unit.locator('option', { hasText: '301' })).toBeDisabled();
		for (const [room, choice] of [
			['101', '反对'],
			['102', '同意']
		]) {
			await settled(committee);
			await unit.selectOption({ label: room });
			await committee.locator('#record-h').locator('..').getByLabel(choice, { exact: true }).check();
			await committee.getByRole('radio', { name: '纸质票' }).check();
			await committee.getByRole('button', { name: '代录选票' }).click();
			await expect(committee.getByRole('status')).toHaveText('已代录选票。');
		}
		await expect(tookPart(committee)).toContainText('3 人 / 面积');
		// the committee's open register: who, unit, choice, method, recorder, time
		const register = committee.locator('#register-h').locator('..').locator('tbody tr');
		await expect(register).toHaveCount(3);
		await expect(register.filter({ hasText: '301' })).toContainText('王秀英');
		await expect(register.filter({ hasText: '301' })).toContainText('网上投票');
		await expect(register.filter({ hasText: '101' })).toContainText(/反对\s*纸质票\s*张桂兰/);

		const { context, page } = await signIn(browser, RESIDENT);
		contexts.push(context);
		await page.goto(voteUrl);
		await expect(tookPart(page)).toContainText('3 人 / 面积');
		await expect(page.getByText('金阳花园A区 1栋1单元：101、102、301')).toBeVisible();
		// no names, no phones, no split while open
		await expect(page.locator('main')).not.toContainText('王秀英');
		await expect(page.locator('main')).not.toContainText('13800000003');
		await expect(page.getByRole('table')).toHaveCount(0);
		await expect(page.getByText('您不在本次表决的业主名册中')).toBeVisible();
	});

	test('closing shows the preliminary result in words, with the objection window end', async () => {
		await committee.goto(voteUrl);
		await settled(committee);
		await committee.getByLabel('初步结果公示（询异）天数').fill('0');
		await committee.getByRole('button', { name: '结束投票并计票' }).click();
		await expect(committee.getByRole('status')).toHaveText('投票已结束，结果已公布。');
		const result = committee.locator('section.result');
		await expect(result.getByRole('heading', { name: '初步结果' })).toBeVisible();
		await expect(result).toContainText(/初步结果公示中：对结果有异议的业主请在 \d{4}-\d\d-\d\d \d\d:\d\d 前提出/);
		await expect(result).toContainText(/应参与\s*\d+ 人 \/ 面积 [\d,]+\.\d\d m²/);
		await expect(result).toContainText(/已参与\s*3 人 \/ 面积/);
		await expect(result.getByRole('row', { name: /^同意 2 人/ })).toBeVisible();
		await expect(result.getByRole('row', { name: /^反对 1 人/ })).toBeVisible();
		await expect(result.getByRole('row', { name: /^弃权 0 人 0\.00 m²/ })).toBeVisible();
		// three of an entrance's owners are short of two thirds: the decision says why, with each threshold
		await expect(result).toContainText(/参与人数和面积均达到三分之二以上？\s*否/);
		await expect(result.locator('li', { hasText: '参与人数 三分之二以上' })).toContainText(/实际 \d+(\.\d)?% < 需 66\.7% ✗/);
		await expect(result.locator('li', { hasText: '同意人数 过半数' })).toContainText(/实际 66\.7% > 需 50% ✓/);
		await expect(result.locator('.verdict')).toHaveText('未通过');
	});

	test('the committee finalizes; the final result and the A4 notice show', async () => {
		await committee.getByRole('button', { name: '确认最终结果' }).click();
		await expect(committee.getByRole('status')).toHaveText('已确认最终结果。');
		await expect(committee.locator('section.result').getByRole('heading', { name: '最终结果' })).toBeVisible();
		await expect(committee.locator('.badge').first()).toHaveText('最终结果');

		await committee.getByRole('link', { name: '结果公示（A4 打印）' }).click();
		await expect(committee.getByRole('heading', { name: '业主共同决定表决结果公告' })).toBeVisible();
		await expect(committee.locator('article')).toContainText('未通过');
		await expect(committee.locator('article')).toContainText('金阳花园A区 1栋1单元：101、102、301');
		await expect(committee.locator('article')).not.toContainText('王秀英');
		await committee.emulateMedia({ media: 'print' });
		await expect(committee.locator('nav.community')).toBeHidden();
		const pdf = await committee.pdf({ preferCSSPageSize: true });
		await committee.emulateMedia({ media: 'screen' });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		// A4 is 595 × 842 points
		expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);

		// the topic the vote came from moved on
		await committee.goto(voteUrl);
		await committee.getByRole('link', { name: /路灯损坏/ }).click();
		await expect(committee.locator('.badge').first()).toHaveText('已表决');
	});

	test('paper ballots: one A4 sheet per owner with a QR code of the vote page; the XLSX register holds the ballots', async () => {
		await committee.goto(`${voteUrl}/papers`);
		const sheets = committee.locator('section.sheet');
		const count = await sheets.count();
		expect(count).toBeGreaterThanOrEqual(10);
		await expect(sheets.filter({ hasText: `${ENTRANCE} 301` })).toContainText('王秀英');
		await expect(sheets.first()).toContainText(/专有部分面积\s*[\d,]+\.\d\d m²/);
		await expect(sheets.first()).toContainText('业主签名：');
		expect(await sheets.first().evaluate((el) => getComputedStyle(el).breakAfter)).toBe('page');
		// the QR code encodes the vote page's absolute address: regenerate it and compare the SVG
		const url = new URL(voteUrl, committee.url()).toString();
		const expected = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		const modules = await sheets.first().locator('.qr svg path[stroke]').getAttribute('d');
		expect(modules).toBeTruthy();
		expect(modules).toBe(expected.match(/<path stroke="#000000" d="([^"]+)"/)![1]);
		await expect(sheets.first()).toContainText(url);

		const response = await committee.request.get(`${voteUrl}/register.xlsx`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('spreadsheetml');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await response.body()) as unknown as ArrayBuffer);
		const sheet = book.worksheets[0];
		const rows: string[][] = [];
		sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => String(c ?? ''))));
		expect(rows[0]).toEqual(['房屋', '业主', '面积（㎡）', '表决意见', '方式', '代录人', '时间']);
		expect(rows).toHaveLength(4);
		const byRoom = (room: string) => rows.find((r) => r[0].endsWith(` ${room}`))!;
		expect(byRoom('301').slice(1, 2)).toEqual(['王秀英']);
		expect(byRoom('301').slice(3, 6)).toEqual(['同意', '网上投票', '']);
		expect(byRoom('101').slice(3, 6)).toEqual(['反对', '纸质票', '张桂兰']);
		expect(Number(byRoom('101')[2])).toBeGreaterThan(0);
	});

	test('a resident may not download the register or print ballots', async ({ browser }) => {
		const { context, page } = await signIn(browser, RESIDENT);
		contexts.push(context);
		expect((await page.request.get(`${voteUrl}/register.xlsx`)).status()).toBe(403);
		expect((await page.goto(`${voteUrl}/papers`))?.status()).toBe(403);
	});
});

test.describe('an anonymous poll shows who took part only, until it closes', () => {
	async function bearer(request: APIRequestContext, phone: string) {
		const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
		expect(res.status()).toBe(200);
		return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
	}

	test('no count per option on the page or in the API while open, no times in the register; the counts at close', async ({ browser, request }) => {
		const committee = await bearer(request, COMMITTEE);
		const owner = await bearer(request, OWNER);
		const me = await (await request.get('/api/v1/me', { headers: committee })).json();
		const cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
		const ownUnit = (await (await request.get('/api/v1/me', { headers: owner })).json()).memberships.find((ms: { unitId: number | null }) => ms.unitId).unitId;
		const others = ((await (await request.get(`/api/v1/communities/${cid}/units`, { headers: committee })).json()) as { id: number }[]).filter((u) => u.id !== ownUnit);
		const created = await request.post(`/api/v1/communities/${cid}/votes`, {
			headers: committee,
			data: { title: `匿名：楼道灯选哪种 ${String(Date.now()).slice(-6)}`, kind: 'poll', options: ['太阳能灯', '声控灯'], eligibility: 'households', anonymous: true }
		});
		expect(created.status()).toBe(201);
		const { id } = await created.json();
		expect((await request.post(`/api/v1/votes/${id}/open`, { headers: committee, data: {} })).status()).toBe(200);
		const [a, b] = ((await (await request.get(`/api/v1/votes/${id}`, { headers: owner })).json()) as { options: { id: number }[] }).options.map((o) => o.id);
		const ballots = `/api/v1/votes/${id}/ballots`;
		expect((await request.post(ballots, { headers: owner, data: { optionIds: [a] } })).status()).toBe(201);
		expect((await request.post(ballots, { headers: committee, data: { unitId: others[0].id, optionIds: [b], method: 'paper' } })).status()).toBe(201);
		expect((await request.post(ballots, { headers: committee, data: { unitId: others[1].id, optionIds: [a], method: 'door' } })).status()).toBe(201);

		const result = await (await request.get(`/api/v1/votes/${id}/result`, { headers: owner })).json();
		expect(result).toMatchObject({ stage: 'open', participated: { heads: 3 } });
		expect(result.options.map((o: { count: unknown }) => o.count)).toEqual([null, null]);
		const list = await (await request.get(ballots, { headers: committee })).json();
		expect(list).toHaveLength(3);
		for (const row of list) expect(row).not.toHaveProperty('createdAt');

		const { context, page } = await signIn(browser, COMMITTEE);
		await page.goto(`/c/${cid}/votes/${id}`);
		await expect(tookPart(page)).toContainText('3 户');
		const register = page.locator('#register-h').locator('..');
		await expect(register.locator('tbody tr')).toHaveCount(3);
		await expect(register.locator('thead')).not.toContainText('时间');
		await expect(register).toContainText('不记录投票时间');
		await expect(page.locator('main')).not.toContainText(/\d+ 票/);
		// nor in the data the page carries for its scripts
		expect(await page.content()).not.toMatch(/count:\s*\d/);

		expect((await request.post(`/api/v1/votes/${id}/close`, { headers: committee, data: {} })).status()).toBe(200);
		await page.reload();
		await expect(page.locator('ul.options li').filter({ hasText: '太阳能灯' })).toContainText('2 票');
		await expect(page.locator('ul.options li').filter({ hasText: '声控灯' })).toContainText('1 票');
		await context.close();
	});
});
