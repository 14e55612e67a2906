/**
 * The 双福巷 gas-pipe case up to the live board, on a 390 px phone against the demo server: 周丽 (committee of
 * 安公社区) schedules a 三方联席会 on the topic with the gas company (公用事业单位), law enforcement (上级部门),
 * the restaurants (商户) and a resident; prints a letter whose QR code is the link; publishes it (home page
 * announcement, topic 协商中); the gas company answers through its link without an account; a wrong link gets
 * a Chinese page and nothing else; the board on the projector counts the resident's own check-in and the
 * invitee's check-in by link without being reloaded.
 */
import { readFileSync } from 'node:fs';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { scrollWidth, settled, signIn } from './helpers';
import * as steps from './sessions-steps';

test.describe.configure({ mode: 'serial' });

const PLAN = Buffer.from('%PDF-1.4\n% 双福巷燃气管道敷设方案\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test.describe('双福巷: a 三方联席会 from scheduling to the live board', () => {
	const title = `双福巷燃气管道三方联席会 ${String(Date.now()).slice(-6)}`;
	let committee: Page;
	let session: steps.ScheduledSession;
	const links: Record<string, string> = {};
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('the committee schedules the session; a wrong time is refused beside the field and what was typed stays', async ({ browser }) => {
		const signed = await signIn(browser, steps.COMMITTEE_AG);
		contexts.push(signed.context);
		committee = signed.page;
		const cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
		await committee.goto(`/c/${cid}/sessions/new`);
		await settled(committee);
		await committee.getByLabel('会议名称').fill(title);
		await committee.getByLabel('地点说明（不在会场列表中时填写）').fill('双福巷8号院内');
		await committee.getByLabel('开始时间').fill(steps.beijingInput(60));
		await committee.getByLabel('结束时间').fill(steps.beijingInput(30));
		await committee.getByRole('button', { name: '保存为草稿' }).click();
		await expect(committee.getByText('结束时间须晚于开始时间')).toBeVisible();
		await expect(committee.getByLabel('结束时间')).toHaveAttribute('aria-invalid', 'true');
		await expect(committee.getByLabel('会议名称')).toHaveValue(title);
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);

		await committee.goto(`/c/${cid}`);
		session = await steps.scheduleGasSession(committee, title, { quorum: 3 });
		await expect(committee.locator('.badge').first()).toHaveText('草稿');
		await expect(committee.getByText(`地点：社区议事厅`)).toBeVisible();
		await expect(committee.locator('ol.agenda')).toContainText(session.topic);
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);
	});

	test('the gas company, law enforcement, the restaurants and a resident are invited; the letter’s QR code is the link', async () => {
		links.gas = await steps.invite(committee, session, { role: '公用事业单位', organisation: '天然气公司', name: '王工程师', phone: '13912345678' });
		expect(await steps.letterQr(committee)).toBe(links.gas);
		await expect(committee.getByText('尊敬的王工程师（天然气公司）：')).toBeVisible();
		links.law = await steps.invite(committee, session, { role: '上级部门', organisation: '区综合执法局', name: '赵队长' });
		links.merchant = await steps.invite(committee, session, { role: '商户', organisation: '双福巷餐馆', name: '陈老板' });
		links.resident = await steps.invite(committee, session, { kind: 'resident', name: '吴强', phone: steps.RESIDENT_AG });
		await expect(committee.getByTestId('rsvp-summary')).toContainText('4 已邀请');
		await expect(committee.getByText('王工程师')).toBeVisible();
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);
	});

	test('the committee uploads the gas company’s plan; a picture renamed .pdf is refused beside the field', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
		await steps.uploadMaterial(committee, session, { name: '管道方案.pdf', buffer: png, title: '天然气公司管道敷设方案' });
		await expect(committee.locator('#material-file-error')).toHaveText('文件内容与扩展名不符，请检查后重新上传');
		await expect(committee.getByLabel('材料名称（选填，默认用文件名）')).toHaveValue('天然气公司管道敷设方案');
		await steps.uploadMaterial(committee, session, { name: '管道方案.pdf', buffer: PLAN, title: '天然气公司管道敷设方案' });
		await expect(committee.getByRole('status')).toHaveText('材料已上传');
		await expect(committee.getByRole('link', { name: '天然气公司管道敷设方案' })).toBeVisible();
	});

	test('a 12 MB file sent without scripts gets a Chinese page saying it is too large, with the way back to the form', async ({ browser }) => {
		const { context, page } = await signIn(browser, steps.COMMITTEE_AG, { javaScriptEnabled: false });
		contexts.push(context);
		await page.goto(session.path);
		const form = page.locator('form[action="?/materialAdd"]');
		await form.getByLabel('文件', { exact: true }).setInputFiles({ name: '整套图纸.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PLAN, Buffer.alloc(12 * 1024 * 1024)]) });
		const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: '上传材料' }).click()]);
		expect(answer.status()).toBe(413);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('提交的内容太大（最多 10 MB），请换一个小一些的文件再试');
		await page.getByRole('link', { name: '返回上一页' }).click();
		await expect(page).toHaveURL(new RegExp(`${session.path}$`));
		await expect(page.getByRole('link', { name: '整套图纸.pdf' })).toHaveCount(0);
	});

	test('publishing announces it on the community home page and puts the topic under deliberation', async () => {
		await steps.publish(committee, session);
		await committee.goto(`/c/${session.cid}`);
		await expect(committee.getByRole('region', { name: '会议公告' }).getByRole('link', { name: `三方联席会：${title}` })).toBeVisible();
		await committee.goto(session.path);
		await committee.locator('ol.agenda').getByRole('link', { name: session.topic }).click();
		await expect(committee.locator('.badge').first()).toHaveText('协商中');
	});

	test('the gas company answers through its link without an account, in large text, and the committee sees it at a glance', async ({ browser }) => {
		const context = await browser.newContext();
		contexts.push(context);
		await context.addCookies([{ name: 'yst_text', value: 'large', url: test.info().project.use.baseURL! }]);
		const invitee = await context.newPage();
		expect((await invitee.goto(links.gas))?.status()).toBe(200);
		await expect(invitee.getByRole('heading', { name: '王工程师，您好' })).toBeVisible();
		await expect(invitee.getByRole('heading', { name: title })).toBeVisible();
		await expect(invitee.getByText(session.topic)).toBeVisible();
		expect(await scrollWidth(invitee)).toBeLessThanOrEqual(390);
		// the plan downloads through the link, byte for byte
		const downloading = invitee.waitForEvent('download');
		await invitee.getByRole('link', { name: '天然气公司管道敷设方案' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toBe('管道方案.pdf');
		expect(readFileSync(await download.path())).toEqual(PLAN);

		// sending someone needs that person's name
		await steps.rsvp(invitee, '委托他人参加');
		await expect(invitee.getByText('请填写代为参加者的姓名')).toBeVisible();
		await steps.rsvp(invitee, '委托他人参加', '李技术员');
		await expect(invitee.getByTestId('my-rsvp')).toHaveText('您的回复：委托他人参加：李技术员');

		await committee.goto(session.path);
		await expect(committee.getByTestId('rsvp-glance')).toContainText('邀请 4 人：参加 0，委托 1，不参加 0，未回复 3。');
		await committee.goto(`${session.path}/invitations`);
		await expect(committee.locator('li', { hasText: '王工程师' })).toContainText('代为参加：李技术员');
	});

	test('a wrong link and a withdrawn link get a Chinese page with nothing of the session', async ({ browser }) => {
		const wrong = await steps.openLink(browser, links.gas.replace(/[a-z2-7]{6}$/, 'aaaaaa'));
		contexts.push(wrong.context);
		expect(wrong.status).toBe(404);
		await expect(wrong.page.getByText('邀请链接无效。请核对链接是否完整，或联系发出邀请的社区居委会。')).toBeVisible();
		await expect(wrong.page.locator('body')).not.toContainText('双福巷');

		// the restaurants' invitation is withdrawn and sent again: the first link is dead (410), the new one works
		await committee.goto(`${session.path}/invitations`);
		await committee.locator('li', { hasText: '陈老板' }).getByRole('button', { name: '撤回邀请' }).click();
		await expect(committee.getByRole('status')).toHaveText('邀请已撤回，链接已失效');
		const withdrawn = await steps.openLink(browser, links.merchant);
		contexts.push(withdrawn.context);
		expect(withdrawn.status).toBe(410);
		await expect(withdrawn.page.getByText('该邀请已被撤回。如有疑问，请联系社区居委会。')).toBeVisible();
		await expect(withdrawn.page.locator('body')).not.toContainText('双福巷');
		await committee.locator('li', { hasText: '陈老板' }).getByRole('button', { name: '恢复并生成新链接' }).click();
		links.merchant = await committee.getByTestId('invitation-link').inputValue();
	});

	test('participants check in and the live board counts them without being reloaded', async ({ browser }) => {
		const projector = await signIn(browser, steps.COMMITTEE_AG);
		contexts.push(projector.context);
		await steps.start(committee, session);
		await steps.openBoard(projector.page, session);
		await expect(projector.page.getByTestId('live-attendance')).toHaveText('0');
		expect(await scrollWidth(projector.page)).toBeLessThanOrEqual(390);
		// the page must not be reloaded for what follows: a marker on the window survives only without reload
		await projector.page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

		const resident = await steps.selfCheckIn(browser, steps.RESIDENT_AG, session);
		contexts.push(resident.context);
		await expect(projector.page.getByTestId('live-attendance')).toHaveText('1', { timeout: 3000 });

		// the committee puts the gas topic up as the current item
		await committee.goto(session.path);
		await committee.locator('ol.agenda li', { hasText: session.topic }).getByRole('button', { name: '设为当前' }).click();
		await expect(projector.page.getByTestId('live-current')).toHaveText(`1. ${session.topic}`, { timeout: 3000 });

		// the gas company's delegate checks in through the link, without an account
		const gas = await steps.openLink(browser, links.gas);
		contexts.push(gas.context);
		await steps.checkInByLink(gas.page);
		await expect(gas.page.getByTestId('my-checkin')).toBeVisible();
		await expect(projector.page.getByTestId('live-attendance')).toHaveText('2', { timeout: 3000 });

		// the committee marks the law-enforcement officer present by hand: the quorum of 3 is reached
		await committee.goto(session.path);
		await settled(committee);
		await committee.getByText('代为登记到会').click();
		await committee.getByLabel('受邀人').selectOption({ label: '赵队长（上级部门 · 区综合执法局）' });
		await committee.getByRole('button', { name: '登记到会' }).click();
		await expect(committee.getByRole('status')).toHaveText('已为 赵队长 登记到会');
		await expect(projector.page.getByTestId('live-attendance')).toHaveText('3', { timeout: 3000 });
		await expect(projector.page.getByText('已到 3 人，达到 3 人的到会要求')).toBeVisible();
		await expect(projector.page.locator('.byrole')).toContainText('公用事业单位 1');
		expect(await projector.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

		// checking in twice is refused with a message
		await resident.page.goto(`${session.path}/checkin`);
		await expect(resident.page.getByText(/您已于 .* 签到/)).toBeVisible();

		// the session page shows attendance by role against the quorum
		await committee.goto(session.path);
		await expect(committee.getByTestId('attendance-total')).toHaveText('已签到 3 人');
		await expect(committee.locator('.byrole')).toContainText('居民：1');
	});

	test('without scripts the board refreshes itself, and the door poster carries the check-in QR code', async ({ browser }) => {
		const noJs = await signIn(browser, steps.COMMITTEE_AG, { javaScriptEnabled: false });
		contexts.push(noJs.context);
		await noJs.page.goto(`${session.path}/live`);
		await expect(noJs.page.getByTestId('live-attendance')).toHaveText('3');
		expect(await noJs.page.locator('noscript').first().innerHTML()).toContain('http-equiv="refresh"');
		await noJs.page.goto(`${session.path}/poster`);
		await expect(noJs.page.getByRole('heading', { name: '扫码签到' })).toBeVisible();
		await expect(noJs.page.getByTestId('checkin-qr').locator('svg')).toBeVisible();
		expect(await scrollWidth(noJs.page)).toBeLessThanOrEqual(390);
	});
});
