/**
 * What a committee files (issue 17, items 5 and 12), on a 390 px phone against the demo server: 周丽 (committee of
 * 安公社区) has a session announced for a week ahead at the 社区议事厅. Starting it today is refused by the API
 * unless confirmed, and the page (without scripts) warns with both days before a second press starts it. Its
 * minutes name the venue with its address, and download as a Word document carrying the title, the venue's
 * address, the resolution and the published content hash.
 */
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { scrollWidth, signIn } from './helpers';
import { COMMITTEE_AG } from './sessions-steps';

test.describe.configure({ mode: 'serial' });

/** a Shanghai calendar day `days` from now: 2026-12-03 */
const beijingDay = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

test.describe('安公: a session started a week early, and its minutes as a Word document', () => {
	const title = `双福巷议事会（提前开） ${String(Date.now()).slice(-6)}`;
	const resolution = '双福巷餐馆燃气管道改走巷道北侧，施工前三天张贴公告';
	const announced = beijingDay(7);
	let contexts: BrowserContext[] = [];
	let committee: Page;
	let path = '';
	let sid = 0;
	let venue = { name: '', address: '' };

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
		contexts = [];
	});

	test('starting on another day than announced is refused by the API and, on the page without scripts, warned of before a second press starts it', async ({ browser }) => {
		// without scripts: the warning and the confirmation are plain form posts
		const signed = await signIn(browser, COMMITTEE_AG, { javaScriptEnabled: false });
		contexts.push(signed.context);
		committee = signed.page;
		const cid = Number(new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1]);
		const api = committee.request;
		const { venues } = (await (await api.get(`/api/v1/communities/${cid}/venues`)).json()) as { venues: { id: number; name: string; address: string }[] };
		const hall = venues.find((v) => v.name === '社区议事厅')!;
		expect(hall.address, 'the demo hall has an address').not.toBe('');
		venue = hall;
		const created = await api.post(`/api/v1/communities/${cid}/sessions`, {
			data: { kind: 'council', title, venueId: hall.id, startsAt: `${announced}T19:00`, endsAt: `${announced}T21:00`, openToResidents: true }
		});
		expect(created.status()).toBe(201);
		sid = (await created.json()).id;
		path = `/c/${cid}/sessions/${sid}`;
		expect((await api.post(`/api/v1/sessions/${sid}/agenda`, { data: { title: '燃气管道走向' } })).status()).toBe(201);
		expect((await api.post(`/api/v1/sessions/${sid}/publish`)).status()).toBe(200);

		const refused = await api.post(`/api/v1/sessions/${sid}/start`);
		expect(refused.status()).toBe(409);
		expect((await refused.json()).error).toMatchObject({ code: 'start_other_day', message: expect.stringContaining(`通知的日期是 ${announced}，今天是 ${beijingDay(0)}`) });

		await committee.goto(path);
		await committee.getByRole('button', { name: '开始会议' }).click();
		await expect(committee.getByRole('alert')).toContainText(`本次会议通知的日期是 ${announced}，今天是 ${beijingDay(0)}`);
		await expect(committee.locator('.badge').first()).toHaveText('已发布');
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);
		await committee.getByRole('button', { name: '确认今天开始会议' }).click();
		await expect(committee.getByRole('status')).toHaveText('会议已开始，签到已开放');
		await expect(committee.locator('.badge').first()).toHaveText('进行中');
	});

	test('the minutes name the venue with its address and download as a Word document with the same content and hash', async () => {
		const api = committee.request;
		const session = (await (await api.get(`/api/v1/sessions/${sid}`)).json()) as { agenda: { id: number }[] };
		const recorded = await api.post(`/api/v1/sessions/${sid}/minutes/records`, { data: { agendaItemId: session.agenda[0].id, speaker: '王工程师', speakerRole: '天然气公司', point: '管道可改走巷道北侧' } });
		expect(recorded.status()).toBe(201);
		expect((await api.post(`/api/v1/sessions/${sid}/resolutions`, { data: { text: resolution, responsibleName: '王工程师', deadline: beijingDay(30) } })).status()).toBe(201);
		const published = await api.post(`/api/v1/sessions/${sid}/minutes`, { data: {} });
		expect(published.status()).toBe(201);
		const { contentHash } = (await published.json()) as { contentHash: string };

		await committee.goto(`${path}/minutes`);
		await expect(committee.locator('.facts')).toContainText(`${venue.name} · ${venue.address}`);
		await expect(committee.locator('.hash code').first()).toHaveText(contentHash);

		const [download] = await Promise.all([committee.waitForEvent('download'), committee.getByRole('link', { name: '下载 Word 文档（.docx）' }).click()]);
		expect(download.suggestedFilename()).toMatch(/\.docx$/);
		const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
		const xml = await zip.file('word/document.xml')!.async('string');
		// the words as Word shows them: the text runs, joined
		const words = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join('');
		for (const expected of ['会议纪要', title, `${venue.name} · ${venue.address}`, resolution, '王工程师（天然气公司）：管道可改走巷道北侧', contentHash]) {
			expect(words, `the Word document says ${expected}`).toContain(expected);
		}
	});
});
