/**
 * The live board across server instances: two more app processes on the PostgreSQL database of the server
 * under test. The board is open in Chromium on instance B; a resident checks in through instance A; the board
 * on B shows the new count within a second (LISTEN/NOTIFY carries the change; nothing is kept in one process).
 */
import { expect } from '@playwright/test';
import { test } from './api-check';
import { e2eDatabaseUrl, startServer, stopServer, type Instance } from './instances';

const serverUrl = process.env.DATABASE_URL;
const A = 'http://127.0.0.1:4211';
const B = 'http://127.0.0.1:4212';
const COMMITTEE_AG = '13800000007';
const RESIDENT_AG = '13800000008';

test.describe('the live board on one instance follows a check-in made through another', () => {
	test.skip(!serverUrl, 'needs DATABASE_URL (PostgreSQL)');
	test.describe.configure({ mode: 'serial' });

	const instances: Instance[] = [];

	test.beforeAll(async () => {
		test.setTimeout(90_000);
		const dbUrl = e2eDatabaseUrl(serverUrl!);
		await Promise.all([A, B].map(async (base) => instances.push(await startServer(Number(new URL(base).port), { DATABASE_URL: dbUrl }, 45_000))));
	});

	test.afterAll(async () => {
		await Promise.all(instances.map(stopServer));
	});

	async function login(base: string, phone: string) {
		const res = await fetch(`${base}/api/v1/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phone, password: 'demo1234' })
		});
		expect(res.status).toBe(200);
		const body = await res.json();
		return { token: body.token as string };
	}

	async function post(base: string, token: string, path: string, body: unknown = {}) {
		const res = await fetch(`${base}/api/v1${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify(body)
		});
		const json = await res.json();
		expect(res.status, JSON.stringify(json)).toBeLessThan(300);
		return json;
	}

	test('a resident checks in through A and the board served by B counts them within a second', async ({ browser }) => {
		const committee = await login(A, COMMITTEE_AG);
		const me = await (await fetch(`${A}/api/v1/me`, { headers: { authorization: `Bearer ${committee.token}` } })).json();
		const cid: number = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
		const start = new Date(Date.now() + 20 * 60_000);
		const session = await post(A, committee.token, `/communities/${cid}/sessions`, {
			kind: 'joint',
			title: `双福巷燃气管道三方联席会（两实例） ${String(Date.now()).slice(-5)}`,
			venueText: '社区议事厅',
			startsAt: start.toISOString(),
			endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
			openToResidents: true
		});
		await post(A, committee.token, `/sessions/${session.id}/agenda`, { title: '天然气公司介绍管道敷设方案', presenter: '王工程师', minutes: 15 });
		await post(A, committee.token, `/sessions/${session.id}/publish`);
		// 20 minutes from now may be tomorrow in Beijing: confirmed either way
		await post(A, committee.token, `/sessions/${session.id}/start`, { confirm: true });

		// the projector: the committee's browser signed in on B, showing the board served by B
		const boardToken = await login(B, COMMITTEE_AG);
		const context = await browser.newContext({ baseURL: B });
		await context.addCookies([{ name: 'yst_session', value: boardToken.token, url: B }]);
		const board = await context.newPage();
		await board.goto(`/c/${cid}/sessions/${session.id}/live`);
		await expect(board.locator('.board')).toHaveAttribute('data-connected', 'yes');
		await expect(board.getByTestId('live-attendance')).toHaveText('0');

		const resident = await login(A, RESIDENT_AG);
		const before = Date.now();
		await post(A, resident.token, `/sessions/${session.id}/checkin`);
		await expect(board.getByTestId('live-attendance')).toHaveText('1', { timeout: 1000 });
		const took = Date.now() - before;
		console.log(`check-in through A seen on B's board after ${took} ms`);
		expect(took).toBeLessThan(1000);

		// a hand mark by the committee through A arrives the same way
		await post(A, committee.token, `/sessions/${session.id}/attendance`, { name: '赵队长', role: 'authority', organisation: '区综合执法局' });
		await expect(board.getByTestId('live-attendance')).toHaveText('2', { timeout: 1000 });
		await context.close();
	});
});
