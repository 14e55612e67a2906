/**
 * The whole 双福巷 gas-pipe case, end to end on a 390 px phone against the demo server: 周丽 (committee of
 * 安公社区) schedules a 三方联席会 with the gas company, law enforcement, the restaurants and a resident; the gas
 * company answers through its link without an account; participants check in; a poll of the attendees is
 * started from the agenda item and taken live on the projector board; the secretary records the discussion and
 * a resolution, publishes the minutes, the resident and the gas company confirm them, a correction keeps the
 * first version and its hash; the A4 notice's QR code leads back; the resolution is followed to done, the topic
 * is 已办结 and the resident evaluates it once.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { scrollWidth, settled, signIn } from './helpers';
import * as steps from './sessions-steps';

test.describe.configure({ mode: 'serial' });

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

test.describe('双福巷: from the session to a done and evaluated topic', () => {
	const suffix = String(Date.now()).slice(-6);
	const title = `双福巷燃气管道联席会 ${suffix}`;
	const resolutionText = `燃气管道改走巷道北侧，不贴居民卧室外墙 ${suffix}`;
	let committee: Page;
	let resident: Page;
	let gas: Page;
	let session: steps.ScheduledSession;
	let gasLink = '';
	let voteUrl = '';
	let firstHash = '';
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('the committee schedules the session with the gas company, law enforcement, merchants and a resident, and publishes it', async ({ browser }) => {
		const signed = await signIn(browser, steps.COMMITTEE_AG);
		contexts.push(signed.context);
		committee = signed.page;
		const cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
		await committee.goto(`/c/${cid}`);
		session = await steps.scheduleGasSession(committee, title);
		gasLink = await steps.invite(committee, session, { role: '公用事业单位', organisation: '天然气公司', name: '王工程师' });
		await steps.invite(committee, session, { role: '上级部门', organisation: '区综合执法局', name: '赵队长' });
		await steps.invite(committee, session, { role: '商户', organisation: '双福巷餐馆', name: '陈老板' });
		await steps.invite(committee, session, { kind: 'resident', name: '吴强', phone: steps.RESIDENT_AG });
		await steps.publish(committee, session);
	});

	test('the gas company RSVPs through its link without an account', async ({ browser }) => {
		const opened = await steps.openLink(browser, gasLink);
		contexts.push(opened.context);
		gas = opened.page;
		expect(opened.status).toBe(200);
		await steps.rsvp(gas, '参加');
		await expect(gas.getByTestId('my-rsvp')).toContainText('参加');
	});

	test('the session starts; the resident and the gas company check in', async ({ browser }) => {
		await steps.start(committee, session);
		const signed = await steps.selfCheckIn(browser, steps.RESIDENT_AG, session);
		contexts.push(signed.context);
		resident = signed.page;
		await gas.goto(gasLink);
		await steps.checkInByLink(gas);
	});

	test('a poll of the attendees is started from the agenda item and taken live on the board', async ({ browser }) => {
		await committee.goto(`${session.path}/record`);
		await expect(committee.getByRole('heading', { name: '会议记录与纪要' })).toBeVisible();
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);
		const item = committee.locator('section.card', { has: committee.getByRole('heading', { name: steps.GAS_TOPIC }) });
		await item.getByRole('link', { name: '就此议程发起表决' }).click();
		await expect(committee.getByText(`从议事会“${title}”的议程`)).toBeVisible();
		await settled(committee);
		await committee.getByLabel('表决事项名称').fill(`管道改走巷道北侧 ${suffix}`);
		await committee.getByLabel('意向表决', { exact: true }).check();
		await committee.getByLabel('选项（每行一个）').fill('同意改走北侧\n维持原方案');
		await expect(committee.getByLabel('到会签到的参会人每人一票')).toBeChecked();
		await committee.getByRole('button', { name: '保存草稿并公布范围' }).click();
		await expect(committee).toHaveURL(/\/votes\/\d+$/);
		voteUrl = new URL(committee.url()).pathname;
		await committee.getByRole('button', { name: '开始投票' }).click();
		await expect(committee.locator('.badge').first()).toHaveText('投票中');

		// the projector board, scripts on, follows the count without being reloaded
		const boardContext = await browser.newContext();
		contexts.push(boardContext);
		const board = await boardContext.newPage();
		await board.goto('/login');
		await settled(board);
		await board.getByLabel('手机号').fill(steps.COMMITTEE_AG);
		await board.getByLabel('密码', { exact: true }).fill('demo1234');
		await board.getByRole('button', { name: '登录' }).click();
		await expect(board).not.toHaveURL(/\/login/);
		await steps.openBoard(board, session);
		const poll = board.getByTestId('live-poll');
		await expect(poll).toContainText(`管道改走巷道北侧 ${suffix}`);

		await resident.goto(voteUrl);
		await settled(resident);
		await resident.getByLabel('同意改走北侧').check();
		await resident.getByRole('button', { name: '投票', exact: true }).click();
		await expect(resident.getByRole('status')).toHaveText('投票成功，谢谢您的参与。');
		await expect(poll).toContainText('已有 1 人投票', { timeout: 5000 });

		await committee.goto(voteUrl);
		await committee.getByRole('button', { name: '结束投票并计票' }).click();
		await expect(committee.getByRole('status')).toHaveText('投票已结束，结果已公布。');
	});

	test('the secretary records the discussion and a resolution, and publishes the minutes', async () => {
		await committee.goto(`${session.path}/record`);
		await settled(committee);
		const addForm = () =>
			committee.locator('section.card', { has: committee.getByRole('heading', { name: steps.GAS_TOPIC }) }).locator('form[action="?/record"]');
		const item = addForm();
		// an empty point is refused beside the field and the speaker typed stays
		await item.getByLabel('发言人').fill('吴强');
		await item.getByRole('button', { name: '记录发言' }).click();
		await expect(item.getByText('请填写发言要点（不超过2000字）')).toBeVisible();
		await expect(item.getByLabel('发言人')).toHaveValue('吴强');
		await item.getByLabel('身份或单位').fill('居民');
		await item.getByLabel('发言要点').fill('管道不能贴着卧室外墙走，油烟和安全都让人担心。');
		await item.getByRole('button', { name: '记录发言' }).click();
		await expect(committee.getByRole('status')).toHaveText('发言已记录');
		await settled(committee);
		const item2 = addForm();
		await item2.getByLabel('发言人').fill('王工程师');
		await item2.getByLabel('身份或单位').fill('天然气公司');
		await item2.getByLabel('发言要点').fill('可以改走巷道北侧，年底前完工。');
		await item2.getByRole('button', { name: '记录发言' }).click();
		await expect(committee.getByRole('status')).toHaveText('发言已记录');
		await expect(committee.locator('.records').getByText('王工程师（天然气公司）：可以改走巷道北侧，年底前完工。')).toBeVisible();

		await settled(committee);
		const resForm = committee.locator('form[action="?/resolution"]');
		await resForm.getByLabel('决议内容').fill(resolutionText);
		await resForm.getByLabel('所属议程').selectOption({ label: `1. ${steps.GAS_TOPIC}` });
		await resForm.getByLabel('第一责任人', { exact: true }).fill('王工程师');
		await resForm.getByLabel('完成期限').fill(inDays(30));
		await resForm.getByRole('button', { name: '新增决议' }).click();
		await expect(committee.getByRole('status')).toHaveText('决议已新增');
		await expect(committee.getByRole('link', { name: resolutionText })).toBeVisible();

		await settled(committee);
		await committee.getByLabel('协商意见', { exact: true }).fill('各方同意燃气管道改走巷道北侧，施工前三天张贴公告。');
		await committee.locator('form[action="?/opinion"]').getByRole('button', { name: '保存' }).click();
		await expect(committee.getByRole('status')).toHaveText('协商意见已保存');
		await committee.getByRole('button', { name: '发布纪要' }).click();
		await expect(committee).toHaveURL(`${session.path}/minutes`);
		await expect(committee.getByRole('heading', { name: '第 1 版' })).toBeVisible();
		firstHash = (await committee.locator('.hash code').first().textContent())!.trim();
		expect(firstHash).toMatch(/^[0-9a-f]{64}$/);
		const doc = committee.locator('article.version').first();
		await expect(doc).toContainText('天然气公司');
		await expect(doc).toContainText('同意改走北侧：1 票');
		await expect(doc).toContainText(resolutionText);
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);
	});

	test('the resident confirms signed in, the gas company through its link; the confirmations are listed', async () => {
		await resident.goto(`${session.path}/minutes`);
		await resident.getByRole('button', { name: '确认纪要属实' }).click();
		await expect(resident.getByRole('status')).toHaveText('已确认第 1 版纪要，谢谢。');
		await expect(resident.getByRole('button', { name: '确认纪要属实' })).toHaveCount(0);

		await gas.goto(gasLink);
		await gas.getByRole('link', { name: '会议纪要' }).click();
		await expect(gas).toHaveURL(/\/i\/[a-z2-7]+\/minutes$/);
		await expect(gas.getByRole('heading', { name: '会议纪要' })).toBeVisible();
		await gas.getByRole('button', { name: '确认纪要属实' }).click();
		await expect(gas.getByRole('status')).toHaveText('已确认第 1 版纪要，谢谢。');

		await committee.goto(`${session.path}/minutes`);
		const list = committee.locator('ul.confirmations');
		await expect(list).toContainText('吴强（居民）');
		await expect(list).toContainText('王工程师（公用事业单位，天然气公司）');
	});

	test('a correction is a new version with its reason; the first version and its hash stay', async ({ browser }) => {
		await committee.goto(`${session.path}/record`);
		await settled(committee);
		const rec = committee.locator('.records li', { hasText: '可以改走巷道北侧' });
		await rec.getByText('更正').click();
		await rec.getByLabel('发言要点').fill('可以改走巷道北侧，12月20日前完工。');
		await rec.getByRole('button', { name: '保存' }).click();
		await expect(committee.getByRole('status')).toHaveText('发言记录已更正');
		// without a reason the correction is refused beside the field
		await committee.getByRole('button', { name: '发布更正版' }).click();
		await expect(committee.locator('#reason-error')).toHaveText('更正已发布的纪要须写明更正原因');
		await expect(committee.getByLabel('更正原因')).toHaveAttribute('aria-invalid', 'true');
		await committee.getByLabel('更正原因').fill('天然气公司更正完工日期');
		await committee.getByRole('button', { name: '发布更正版' }).click();
		await expect(committee).toHaveURL(`${session.path}/minutes`);

		const versions = committee.locator('article.version');
		await expect(versions).toHaveCount(2);
		await expect(versions.nth(0).getByRole('heading', { name: /第 2 版/ })).toBeVisible();
		await expect(versions.nth(0)).toContainText('更正原因：天然气公司更正完工日期');
		await expect(versions.nth(0).locator('.changes del')).toContainText('可以改走巷道北侧，年底前完工。');
		await expect(versions.nth(0).locator('.changes ins')).toContainText('可以改走巷道北侧，12月20日前完工。');
		await expect(versions.nth(1).locator('.hash code')).toHaveText(firstHash);
		await expect(versions.nth(1)).toContainText('内容与公布时一致');
		await versions.nth(1).getByText('查看第 1 版全文').click();
		await expect(versions.nth(1)).toContainText('可以改走巷道北侧，年底前完工。');
		// the resident confirms the new version too, without JavaScript and in large text
		const plain = await signIn(browser, steps.RESIDENT_AG, { javaScriptEnabled: false, largeText: true });
		contexts.push(plain.context);
		await plain.page.goto(`${session.path}/minutes`);
		await expect(plain.page.getByText('请阅读第 2 版纪要')).toBeVisible();
		await plain.page.getByRole('button', { name: '确认纪要属实' }).click();
		await expect(plain.page.getByRole('status')).toHaveText('已确认第 2 版纪要，谢谢。');
		await expect(plain.page.locator('article.version').first().locator('ul.confirmations')).toContainText('吴强（居民）');
		expect(await scrollWidth(plain.page)).toBeLessThanOrEqual(390);
	});

	test('the A4 notice prints the minutes and resolutions with a QR code back to the minutes page', async () => {
		await committee.goto(`${session.path}/minutes`);
		await committee.getByRole('link', { name: '打印公示' }).click();
		await expect(committee.getByRole('heading', { name: '会议纪要及决议公示' })).toBeVisible();
		await expect(committee.locator('article.sheet')).toContainText(resolutionText);
		await expect(committee.getByRole('button', { name: '打印' })).toBeVisible();
		const png = PNG.sync.read(await committee.locator('.qr svg').screenshot());
		const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
		expect(code?.data).toBe(new URL(`${session.path}/minutes`, committee.url()).toString());
		await committee.emulateMedia({ media: 'print' });
		await expect(committee.getByRole('button', { name: '打印' })).toBeHidden();
		const pdf = await committee.pdf({ format: 'A4' });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		await committee.emulateMedia({ media: 'screen' });
	});

	test('the resolution is followed to done, the topic is 已办结, and the resident evaluates it once', async () => {
		await committee.goto(`/c/${session.cid}/resolutions`);
		await expect(committee.getByRole('heading', { name: '决议落实公示' })).toBeVisible();
		await committee.getByRole('link', { name: resolutionText }).click();
		await expect(committee.locator('.badge').first()).toHaveText('未开始');
		await settled(committee);
		await committee.getByLabel('进展情况').fill('北侧管道已开工。');
		await committee.getByRole('button', { name: '提交进展' }).click();
		await expect(committee.getByRole('status')).toHaveText('进展已记录');
		await expect(committee.locator('.badge').first()).toHaveText('进行中');
		await settled(committee);
		await committee.getByLabel('日期').fill(today());
		await committee.getByLabel('进展情况').fill('管道全部改走巷道北侧，已通气验收。');
		await committee.getByLabel('这项决议已完成').check();
		await committee.getByRole('button', { name: '提交进展' }).click();
		await expect(committee.getByRole('status')).toHaveText('进展已记录。议题的全部决议已完成，议题已办结。');
		await expect(committee.locator('.badge').first()).toHaveText('已完成');
		await committee.getByRole('link', { name: steps.GAS_TOPIC }).click();
		await expect(committee.locator('.badge').first()).toHaveText('已办结');

		await resident.goto(`/c/${session.cid}/resolutions`);
		const topic = resident.locator('section.card', { has: resident.getByRole('heading', { name: steps.GAS_TOPIC }) });
		await topic.getByRole('button', { name: '提交评价' }).click();
		await expect(topic.getByText('请选择满意、基本满意或不满意')).toBeVisible();
		await topic.getByLabel('满意', { exact: true }).check();
		await topic.getByRole('button', { name: '提交评价' }).click();
		await expect(resident.getByRole('status')).toHaveText('评价已提交，谢谢');
		await expect(topic.getByText('您的评价：满意')).toBeVisible();
		await expect(topic.getByRole('button', { name: '提交评价' })).toHaveCount(0);
		expect(await scrollWidth(resident)).toBeLessThanOrEqual(390);
	});
});
