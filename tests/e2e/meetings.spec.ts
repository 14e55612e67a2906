/**
 * Owners' meetings (业主大会会议) and committee elections on a 390 px phone against the demo server.
 * - A new meeting with three matters is saved, its notice published, and opening it at once is refused with the
 *   reason and the first day voting may start (15 days after the notice, 物业管理条例).
 * - The demo's winter meeting of 金阳花园A区 1栋 1单元 (noticed 16 days ago) runs from opening to the final result:
 *   the owner votes online without JavaScript leaving one matter blank, the committee records a paper ballot on the
 *   page and the rest through the API; each matter gets its own result under its own class, shown together.
 * - An election with more candidates passing than seats, and one with an exact tie at the last seat (run-off).
 * Demo accounts (password demo1234): 13800000001 张桂兰 committee, 13800000003 王秀英 owner of 1单元301.
 */
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, scrollWidth, settled, signIn } from './helpers';

const COMMITTEE = '13800000001';
const OWNER = '13800000003';
const ENTRANCE = '金阳花园A区 1栋 1单元';
const MEETING = 'A区1栋1单元业主大会会议（2026年冬季）';
const ELECTION = '选举业主委员会委员（A区1栋1单元选区，应选2人）';
const RUNOFF = '业主委员会委员补选（A区1栋1单元，应选2人）';

test.describe.configure({ mode: 'serial' });

type Unit = { id: number; estate: string; building: string; entrance: string; room: string; areaDm2: number; ownerKey: string; developer: boolean };
interface Head {
	/** the unit a ballot is recorded for */
	unitId: number;
	room: string;
	areaDm2: number;
}

async function tokenOf(request: APIRequestContext, phone: string): Promise<string> {
	const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
	expect(res.status()).toBe(200);
	return (await res.json()).token;
}
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** the entrance's owners as counted (one head per owner key, areas summed), in room order */
async function headsOfEntrance(request: APIRequestContext, token: string, cid: string): Promise<Head[]> {
	const units: Unit[] = await (await request.get(`/api/v1/communities/${cid}/units`, { headers: auth(token) })).json();
	const heads = new Map<string, Head>();
	for (const u of units.filter((x) => `${x.estate} ${x.building} ${x.entrance}` === ENTRANCE)) {
		const key = u.developer ? 'developer' : u.ownerKey;
		const h = heads.get(key);
		if (h) h.areaDm2 += u.areaDm2;
		else heads.set(key, { unitId: u.id, room: u.room, areaDm2: u.areaDm2 });
	}
	return [...heads.values()];
}

async function voteNamed(request: APIRequestContext, token: string, cid: string, title: string) {
	const list: { id: number; title: string }[] = await (await request.get(`/api/v1/communities/${cid}/votes`, { headers: auth(token) })).json();
	const found = list.find((v) => v.title === title);
	expect(found, title).toBeTruthy();
	const res = await request.get(`/api/v1/votes/${found!.id}`, { headers: auth(token) });
	return (await res.json()) as {
		id: number;
		items: { id: number; title: string }[];
		candidates: { id: number; name: string }[];
		seats: number | null;
	};
}

async function recordPaper(request: APIRequestContext, token: string, voteId: number, unitId: number, marks: Record<string, unknown>) {
	const res = await request.post(`/api/v1/votes/${voteId}/ballots`, { headers: auth(token), data: { unitId, method: 'paper', ...marks } });
	expect(res.status(), await res.text()).toBe(201);
}

test.describe('owners’ meetings and committee elections', () => {
	let cid = '';
	let committee: Page;
	let token = '';
	const contexts: BrowserContext[] = [];

	test.afterAll(async () => {
		for (const c of contexts) await c.close();
	});

	test('a new meeting with three matters: the notice is published, and voting cannot start before 15 days', async ({ browser, request }) => {
		const signedIn = await signIn(browser, COMMITTEE);
		contexts.push(signedIn.context);
		committee = signedIn.page;
		cid = new URL(committee.url()).pathname.match(/^\/c\/(\d+)/)![1];
		token = await tokenOf(request, COMMITTEE);
		const title = `B区业主大会会议 ${String(Date.now()).slice(-6)}`;

		await committee.goto(`/c/${cid}/votes/new`);
		await settled(committee);
		await committee.getByLabel('表决事项名称').fill(title);
		await committee.getByLabel('业主大会会议', { exact: true }).check();
		await committee.getByLabel('一个单元', { exact: true }).check();
		await committee.getByLabel('选“一个单元”时：选择单元').selectOption({ label: ENTRANCE });
		const rows = [
			['修改管理规约', 'management_rules'],
			['改建自行车棚为充电车棚', 'rebuild'],
			['使用维修资金修屋面', 'use_fund']
		];
		for (const [n, [t, matter]] of rows.entries()) {
			await committee.getByLabel(`事项${n + 1}`, { exact: true }).fill(t);
			await committee.getByLabel(`事项${n + 1}的类别（第二百七十八条）`).selectOption(matter);
		}
		await committee.getByRole('button', { name: '保存草稿并公布范围' }).click();
		await expect(committee).toHaveURL(new RegExp(`/c/${cid}/votes/\\d+$`));
		await expect(committee.getByRole('heading', { name: title })).toBeVisible();
		await expect(committee.getByText('业主大会会议').first()).toBeVisible();
		const matters = committee.locator('ol.parts li');
		await expect(matters).toHaveCount(3);
		await expect(matters.nth(1)).toContainText('特别事项');
		await expect(committee.getByText('会议公告尚未发布')).toBeVisible();

		await committee.getByRole('button', { name: '发布会议公告' }).click();
		await expect(committee.getByRole('status')).toHaveText('会议公告已发布，已通知范围内的业主。');
		await expect(committee.getByText(/会议公告于.*发布，投票最早于.*开始。/)).toBeVisible();
		await committee.getByRole('button', { name: '开始投票' }).click();
		await expect(committee.getByRole('alert')).toContainText('须满15日才能开始投票');
		await expect(committee.getByRole('alert')).toContainText('最早于');
		expect(await scrollWidth(committee)).toBeLessThanOrEqual(390);

		// the ballot papers list every matter with its boxes and say what a blank matter means
		await committee.getByRole('link', { name: '打印纸质选票（每户一张 A4）' }).click();
		const sheet = committee.locator('section.sheet').first();
		await expect(sheet.locator('ol.matters > li')).toHaveCount(3);
		await expect(sheet).toContainText('未填写的事项计为弃权');
		await expect(sheet.locator('ol.matters > li').nth(1)).toContainText('改建自行车棚为充电车棚');

		// the API says the same, with its reason
		const vote = await voteNamed(request, token, cid, title);
		const res = await request.post(`/api/v1/votes/${vote.id}/open`, { headers: auth(token) });
		expect(res.status()).toBe(409);
		expect((await res.json()).error.code).toBe('notice_period');
	});

	test('the winter meeting: opened after its notice, the owner votes online without JavaScript, one matter left blank', async ({ browser, request }) => {
		const meeting = await voteNamed(request, token, cid, MEETING);
		await committee.goto(`/c/${cid}/votes/${meeting.id}`);
		await expect(committee.getByText(/会议公告于.*发布/)).toBeVisible();
		await committee.getByRole('button', { name: '开始投票' }).click();
		await expect(committee.getByRole('status')).toHaveText('表决已开始，范围和名册已冻结。');

		const { context, page } = await signIn(browser, OWNER, { javaScriptEnabled: false, largeText: true });
		contexts.push(context);
		await page.goto(`/c/${cid}/votes/${meeting.id}`);
		// the ballot says what a blank matter means
		await expect(page.getByText('选票上未填写的事项计为弃权').first()).toBeVisible();
		const item = (n: number) => page.getByRole('group', { name: new RegExp(`^第${n}项`) });
		await item(1).getByLabel('同意', { exact: true }).check();
		await item(2).getByLabel('反对', { exact: true }).check();
		await page.getByRole('button', { name: '投票', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('投票成功，谢谢您的参与。');
		await expect(page.getByText(/您已投票：第1项：.*：同意；第2项：.*：反对；第3项：.*：弃权/)).toBeVisible();
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('paper ballots on the page and through the API; the count gives each matter its own result, shown together', async ({ request }) => {
		const meeting = await voteNamed(request, token, cid, MEETING);
		const [i1, i2, i3] = meeting.items.map((i) => String(i.id));
		const heads = (await headsOfEntrance(request, token, cid)).filter((h) => h.room !== '301');

		// the first on the page: room 101 or whichever head comes first
		await committee.goto(`/c/${cid}/votes/${meeting.id}`);
		await settled(committee);
		const first = heads[0];
		await committee.getByLabel('房屋（按楼栋、房号选择）').selectOption({ label: first.room });
		const record = committee.locator('#record-h').locator('..');
		await record.getByRole('group', { name: /^第1项/ }).getByLabel('同意', { exact: true }).check();
		await record.getByRole('group', { name: /^第2项/ }).getByLabel('同意', { exact: true }).check();
		await record.getByRole('group', { name: /^第3项/ }).getByLabel('同意', { exact: true }).check();
		await committee.getByRole('radio', { name: '纸质票' }).check();
		await committee.getByRole('button', { name: '代录选票' }).click();
		await expect(committee.getByRole('status')).toHaveText('已代录选票。');

		// the others on paper: the rules and the firm agreed; the fund split, so the special matter cannot reach 3/4
		for (const [k, h] of heads.slice(1).entries()) {
			await recordPaper(request, token, meeting.id, h.unitId, { choices: { [i1]: 'yes', [i2]: k % 2 === 0 ? 'yes' : 'no', [i3]: 'yes' } });
		}
		// a matter not on the ballot is refused beside the field
		const bad = await request.post(`/api/v1/votes/${meeting.id}/ballots`, { headers: auth(token), data: { unitId: first.unitId, method: 'paper', choices: { '999999': 'yes' } } });
		expect(bad.status()).toBe(400);

		await committee.reload();
		await committee.getByLabel('初步结果公示（询异）天数').fill('0');
		await committee.getByRole('button', { name: '结束投票并计票' }).click();
		await expect(committee.getByRole('status')).toBeVisible();
		const result = committee.locator('section.result');
		await expect(result.getByRole('heading', { name: /^第\d项/ })).toHaveCount(3);
		const verdicts = result.locator('li.item .verdict');
		await expect(verdicts).toHaveText(['通过', '未通过', '通过']);

		const r = await (await request.get(`/api/v1/votes/${meeting.id}/result`, { headers: auth(token) })).json();
		expect(r.kind).toBe('meeting');
		expect(r.stage).toBe('preliminary');
		expect(r.quorumMet).toBe(true);
		expect(r.participated.heads).toBe(heads.length + 1);
		expect(r.items.map((i: { passed: boolean }) => i.passed)).toEqual([true, false, true]);
		// the owner left the third matter blank: an abstention, and she still took part in it
		expect(r.items[2].abstain.heads).toBe(1);
		for (const i of r.items) expect(i.yes.heads + i.no.heads + i.abstain.heads).toBe(r.participated.heads);

		await committee.getByRole('button', { name: '确认最终结果' }).click();
		await expect(committee.getByRole('status')).toHaveText('已确认最终结果。');
		await committee.goto(`/c/${cid}/votes/${meeting.id}/notice`);
		await expect(committee.getByText(MEETING)).toBeVisible();
		await expect(committee.getByRole('heading', { name: /^第\d项/ })).toHaveCount(3);
		await expect(committee.locator('.verdict')).toHaveText(['通过', '未通过', '通过']);
	});

	test('an election where more candidates pass than there are seats: the two with most consenting owners are elected', async ({ browser, request }) => {
		const election = await voteNamed(request, token, cid, ELECTION);
		expect(election.seats).toBe(2);
		const [a, b, c] = election.candidates.map((x) => x.id);
		expect((await request.post(`/api/v1/votes/${election.id}/open`, { headers: auth(token) })).status()).toBe(200);

		// the owner ticks three of four: refused beside the boxes, then two
		const { context, page } = await signIn(browser, OWNER);
		contexts.push(context);
		await page.goto(`/c/${cid}/votes/${election.id}`);
		await settled(page);
		const names = election.candidates.map((x) => x.name);
		for (const n of names.slice(0, 3)) await page.getByLabel(`同意 ${n}`).check();
		await page.getByRole('button', { name: '投票', exact: true }).click();
		await expect(page.locator('#cast-candidates-error')).toHaveText('最多只能同意2名候选人（应选2人）');
		await page.getByLabel(`同意 ${names[2]}`).uncheck();
		await page.getByRole('button', { name: '投票', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('投票成功，谢谢您的参与。');

		// the others: A and B, A and C, B and C in 4 : 4 : 3 (with the owner's A and B: A 9, B 8, C 7 of 12)
		const heads = (await headsOfEntrance(request, token, cid)).filter((h) => h.room !== '301');
		const pattern = [[a, b], [a, c], [b, c], [a, b], [a, c], [b, c], [a, b], [a, c], [b, c], [a, b], [a, c]];
		for (const [k, h] of heads.entries()) await recordPaper(request, token, election.id, h.unitId, { candidateIds: pattern[k % pattern.length] });
		const closed = await (await request.post(`/api/v1/votes/${election.id}/close`, { headers: auth(token), data: { objectionDays: 0 } })).json();
		expect(closed.kind).toBe('election');
		const passed = closed.candidates.filter((x: { passed: boolean }) => x.passed);
		const elected = closed.candidates.filter((x: { elected: boolean }) => x.elected);
		expect(passed.length).toBeGreaterThan(2);
		expect(elected.map((x: { id: number }) => x.id)).toEqual([a, b]);
		expect(closed.candidates.some((x: { tie: boolean }) => x.tie)).toBe(false);

		await page.reload();
		const table = page.getByRole('table', { name: /候选人得票/ });
		await expect(table.getByRole('row', { name: new RegExp(names[0]) })).toContainText('当选');
		await expect(table.getByRole('row', { name: new RegExp(names[2]) })).toContainText('过半数，未当选（名额已满）');
		expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
	});

	test('an exact tie at the last seat is reported for a run-off, never decided by the site', async ({ request }) => {
		const election = await voteNamed(request, token, cid, RUNOFF);
		const [a, b, c] = election.candidates.map((x) => x.id);
		const heads = await headsOfEntrance(request, token, cid);
		const total = heads.reduce((s, h) => s + h.areaDm2, 0);
		// two disjoint groups of owners with the same number and the same area: X agree to A and B, Y to A and C,
		// Z (fewer) to B and C. B and C then have the same heads and area; A has more.
		const plan = tiePlan(heads, total);
		expect(plan, 'the entrance has two equal groups of owners').not.toBeNull();
		const { X, Y, Z } = plan!;
		expect((await request.post(`/api/v1/votes/${election.id}/open`, { headers: auth(token) })).status()).toBe(200);
		for (const h of X) await recordPaper(request, token, election.id, h.unitId, { candidateIds: [a, b] });
		for (const h of Y) await recordPaper(request, token, election.id, h.unitId, { candidateIds: [a, c] });
		for (const h of Z) await recordPaper(request, token, election.id, h.unitId, { candidateIds: [b, c] });
		const closed = await (await request.post(`/api/v1/votes/${election.id}/close`, { headers: auth(token), data: { objectionDays: 0 } })).json();
		const by = (id: number) => closed.candidates.find((x: { id: number }) => x.id === id);
		expect(by(a)).toMatchObject({ passed: true, elected: true, tie: false });
		expect(by(b)).toMatchObject({ passed: true, elected: false, tie: true });
		expect(by(c)).toMatchObject({ passed: true, elected: false, tie: true });
		expect(by(b).yes).toEqual(by(c).yes);
		expect(closed.runoffSeats).toBe(1);

		await committee.goto(`/c/${cid}/votes/${election.id}`);
		const table = committee.getByRole('table', { name: /候选人得票/ });
		await expect(table.getByText('票数相同，待另行选举')).toHaveCount(2);
		await expect(committee.getByText(/须另行选举决定，不由系统抽签/)).toBeVisible();
	});
});

/**
 * Disjoint owners X, Y (same count, same area) and Z (at least one, fewer than X) who together meet the quorum
 * (2/3 of heads and area) and give A more than half the area: X∪Y's area is more than Z's.
 */
function tiePlan(heads: Head[], totalArea: number) {
	const n = heads.length;
	const groups = new Map<string, number[]>();
	for (let mask = 1; mask < 1 << n; mask++) {
		let area = 0;
		let size = 0;
		for (let i = 0; i < n; i++) if (mask & (1 << i)) (area += heads[i].areaDm2), size++;
		const key = `${size}:${area}`;
		groups.set(key, [...(groups.get(key) ?? []), mask]);
	}
	const pick = (mask: number) => heads.filter((_, i) => mask & (1 << i));
	let best: { X: Head[]; Y: Head[]; Z: Head[] } | null = null;
	for (const masks of groups.values()) {
		for (let p = 0; p < masks.length; p++) {
			for (let q = p + 1; q < masks.length; q++) {
				if (masks[p] & masks[q]) continue;
				const X = pick(masks[p]);
				const Y = pick(masks[q]);
				const rest = heads.filter((_, i) => !((masks[p] | masks[q]) & (1 << i))).sort((h, k) => k.areaDm2 - h.areaDm2);
				const Z = rest.slice(0, X.length - 1);
				if (Z.length === 0) continue;
				const area = (hs: Head[]) => hs.reduce((s, h) => s + h.areaDm2, 0);
				const partHeads = X.length + Y.length + Z.length;
				const partArea = area(X) + area(Y) + area(Z);
				if (3 * partHeads < 2 * n || 3 * partArea < 2 * totalArea || 2 * area(X) <= area(Z)) continue;
				if (!best || X.length > best.X.length) best = { X, Y, Z };
			}
		}
	}
	return best;
}
