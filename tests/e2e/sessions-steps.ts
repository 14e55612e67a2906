/**
 * Steps of the 双福巷 gas-pipe story, shared by the sessions specs (and the minutes and resolutions specs that
 * go on from the live board). Each step acts as a person would, on a 390 px phone, against the demo server.
 * Demo accounts (password demo1234): 13800000007 周丽 committee of 安公社区, 13800000008 吴强 resident of 安公.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { scrollWidth, settled, signIn } from './helpers';

export const COMMITTEE_AG = '13800000007';
export const RESIDENT_AG = '13800000008';
export const GAS_TOPIC = '双福巷餐馆燃气管道沿居民楼外墙敷设';

/** a datetime-local value in Beijing time, `minutes` from now */
export function beijingInput(minutes: number): string {
	const d = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
	return d.toISOString().slice(0, 16);
}

export interface ScheduledSession {
	cid: string;
	/** /c/{cid}/sessions/{id} */
	path: string;
	title: string;
	/** the title of the topic on its agenda (GAS_TOPIC) */
	topic: string;
}

/**
 * A 双福巷 gas-pipe topic of this run's own (same title as the demo's), proposed and accepted by the committee
 * through the API with the page's cookies, so that each story starts from an accepted topic whatever earlier
 * stories did to the others (one of them takes its topic to 已办结).
 */
export async function acceptedGasTopic(committee: Page, cid: string): Promise<{ id: number; title: string }> {
	const title = GAS_TOPIC;
	const proposed = await committee.request.post(`/api/v1/communities/${cid}/topics`, {
		data: { title, description: '双福巷11家餐馆申请接入天然气，管道拟沿居民楼外墙敷设，居民担心安全和噪音。', category: 'business' }
	});
	expect(proposed.status()).toBe(201);
	const { id } = await proposed.json();
	const screened = await committee.request.post(`/api/v1/topics/${id}/screen`, { data: { decision: 'accept', reason: '召开三方联席会协商' } });
	expect(screened.status()).toBe(200);
	return { id, title };
}

/** The committee schedules a 三方联席会 on a 双福巷 topic at the 社区议事厅, starting in half an hour (a draft). */
export async function scheduleGasSession(committee: Page, title: string, opts: { quorum?: number } = {}): Promise<ScheduledSession> {
	const cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
	const topic = await acceptedGasTopic(committee, cid);
	await committee.getByRole('navigation', { name: '社区导航' }).getByRole('link', { name: '议事会', exact: true }).click();
	await expect(committee).toHaveURL(`/c/${cid}/sessions`);
	await committee.getByRole('link', { name: '安排会议' }).click();
	await expect(committee.getByRole('heading', { name: '安排会议' })).toBeVisible();
	await settled(committee);
	await committee.getByLabel('会议类型').selectOption({ label: '三方联席会' });
	await committee.getByLabel('会议名称').fill(title);
	await committee.getByLabel('会场', { exact: true }).selectOption({ label: '社区议事厅（议事厅）' });
	await committee.getByLabel('开始时间').fill(beijingInput(30));
	await committee.getByLabel('结束时间').fill(beijingInput(150));
	if (opts.quorum) await committee.getByLabel('到会人数要求（选填）').fill(String(opts.quorum));
	// several topics carry this title (the demo's, earlier runs'): tick this run's by its id
	await committee.locator(`input[name="topic_${topic.id}"]`).check();
	await committee.getByRole('button', { name: '保存为草稿' }).click();
	await expect(committee).toHaveURL(new RegExp(`/c/${cid}/sessions/\\d+$`));
	await expect(committee.getByRole('heading', { name: title })).toBeVisible();
	return { cid, path: new URL(committee.url()).pathname, title, topic: topic.title };
}

export interface Invitee {
	kind?: 'party' | 'resident';
	role?: string;
	organisation?: string;
	name: string;
	phone?: string;
}

/** The committee invites someone; returns the invitation link, shown this once. */
export async function invite(committee: Page, session: ScheduledSession, who: Invitee): Promise<string> {
	await committee.goto(`${session.path}/invitations`);
	await settled(committee);
	const form = committee.locator('form[action="?/invite"]');
	await form.getByLabel('受邀人类型').selectOption({ label: who.kind === 'resident' ? '本社区居民' : '外部单位或个人' });
	if (who.role) await form.getByLabel('身份', { exact: true }).selectOption({ label: who.role });
	if (who.organisation) await form.getByLabel('单位（选填）').fill(who.organisation);
	await form.getByLabel('姓名', { exact: true }).fill(who.name);
	if (who.phone) await form.getByLabel('手机号（选填）').fill(who.phone);
	await form.getByRole('button', { name: '邀请并生成链接' }).click();
	await expect(committee.getByRole('status')).toHaveText(`已邀请 ${who.name}`);
	const link = await committee.getByTestId('invitation-link').inputValue();
	expect(link).toMatch(/\/i\/[a-z2-7]{32}$/);
	return link;
}

/** Prints the letter for the link just shown; returns what its QR code says (decoded from a screenshot). */
export async function letterQr(committee: Page): Promise<string> {
	await committee.getByRole('button', { name: '打印邀请函' }).click();
	await expect(committee.getByRole('heading', { name: '邀请函' })).toBeVisible();
	const png = PNG.sync.read(await committee.locator('.qr').screenshot());
	const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
	expect(code, 'the QR code on the letter decodes').not.toBeNull();
	return code!.data;
}

export async function publish(committee: Page, session: ScheduledSession) {
	await committee.goto(session.path);
	await committee.getByRole('button', { name: '发布会议' }).click();
	await expect(committee.getByRole('status')).toContainText('会议已发布');
	await expect(committee.locator('.badge').first()).toHaveText('已发布');
}

export async function start(committee: Page, session: ScheduledSession) {
	await committee.goto(session.path);
	await committee.getByRole('button', { name: '开始会议' }).click();
	// a session scheduled half an hour ahead just before midnight (Beijing) is announced for tomorrow: confirm
	const confirm = committee.getByRole('button', { name: '确认今天开始会议' });
	await expect(committee.getByRole('status').or(confirm)).toBeVisible();
	if (await confirm.isVisible()) await confirm.click();
	await expect(committee.getByRole('status')).toHaveText('会议已开始，签到已开放');
}

/** Opens an invitation link in a browser without any account. */
export async function openLink(browser: Browser, link: string, opts: { javaScriptEnabled?: boolean } = {}) {
	const context = await browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled ?? true });
	const page = await context.newPage();
	const res = await page.goto(link);
	return { context, page, status: res?.status() ?? 0 };
}

/** The invitee answers on their link page. */
export async function rsvp(invitee: Page, answer: '参加' | '不参加' | '委托他人参加', delegateName = '') {
	await settled(invitee);
	await invitee.getByLabel(answer, { exact: true }).check();
	await invitee.getByLabel('代为参加者姓名').fill(delegateName);
	await invitee.getByRole('button', { name: /提交回复|修改回复/ }).click();
}

/** A signed-in resident checks in at the door page the poster's QR code leads to. */
export async function selfCheckIn(browser: Browser, phone: string, session: ScheduledSession): Promise<{ context: BrowserContext; page: Page }> {
	const signed = await signIn(browser, phone);
	await signed.page.goto(`${session.path}/checkin`);
	await settled(signed.page);
	await signed.page.getByRole('button', { name: '签到' }).click();
	await expect(signed.page.getByRole('status')).toHaveText('签到成功，欢迎参会！');
	expect(await scrollWidth(signed.page)).toBeLessThanOrEqual(390);
	return signed;
}

/** The invitee checks in through their own link. */
export async function checkInByLink(invitee: Page) {
	await settled(invitee);
	await invitee.getByRole('button', { name: '签到' }).click();
	await expect(invitee.getByRole('status')).toHaveText('签到成功，欢迎参会！');
}

/** The committee opens the projector board (scripts on: it follows the event stream). */
export async function openBoard(page: Page, session: ScheduledSession) {
	await page.goto(`${session.path}/live`);
	await expect(page.getByRole('heading', { name: session.title })).toBeVisible();
	// connected to the event stream
	await expect(page.locator('.board')).toHaveAttribute('data-connected', 'yes');
}

/** The committee uploads a material on the session page; returns nothing, checks the message. */
export async function uploadMaterial(committee: Page, session: ScheduledSession, file: { name: string; buffer: Buffer; title?: string }) {
	await committee.goto(session.path);
	await settled(committee);
	const form = committee.locator('form[action="?/materialAdd"]');
	if (file.title) await form.getByLabel('材料名称（选填，默认用文件名）').fill(file.title);
	await form.getByLabel('文件', { exact: true }).setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
	await form.getByRole('button', { name: '上传材料' }).click();
}
