/**
 * The production server (src/server.js, what `npm start` runs and what these tests start) takes a committee
 * member's paper ballot with a Bearer token in its fast lane and gives everything else to SvelteKit. Seen from
 * outside the two must be one API: the same answers, the same Chinese refusals, the same headers.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { PASSWORD } from './helpers';

const COMMITTEE = '13800000001';
const RESIDENT = '13800000002';

async function bearer(request: APIRequestContext, phone: string) {
	const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
	expect(res.status()).toBe(200);
	return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

test('paper ballots with a Bearer token: recorded once, then refused in Chinese exactly as the route refuses them', async ({ request, playwright, baseURL }) => {
	const committee = await bearer(request, COMMITTEE);
	const me = await (await request.get('/api/v1/me', { headers: committee })).json();
	const cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
	const units = (await (await request.get(`/api/v1/communities/${cid}/units`, { headers: committee })).json()) as { id: number }[];
	const created = await request.post(`/api/v1/communities/${cid}/votes`, { headers: committee, data: { title: '快速通道：纸质选票录入', kind: 'binding', matter: 'use_fund' } });
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	expect((await request.post(`/api/v1/votes/${id}/open`, { headers: committee, data: {} })).status()).toBe(200);
	const url = `/api/v1/votes/${id}/ballots`;
	const paper = (unitId: number, choice = 'yes') => ({ unitId, choice, method: 'paper' });

	// recorded: 201, the ballot id, the site's headers, and it counts
	const first = await request.post(url, { headers: committee, data: paper(units[0].id) });
	expect(first.status()).toBe(201);
	expect(await first.json()).toEqual({ id: expect.any(Number), changed: false });
	expect(first.headers()['content-type']).toContain('application/json');
	expect(first.headers()['x-content-type-options']).toBe('nosniff');
	const result = async () => (await (await request.get(`/api/v1/votes/${id}/result`, { headers: committee })).json()) as { participated: { heads: number }; no: { heads: number } };
	expect((await result()).participated.heads).toBe(1);

	// the same owner again: 409 in Chinese, nothing added
	const again = await request.post(url, { headers: committee, data: paper(units[0].id, 'no') });
	expect(again.status()).toBe(409);
	expect((await again.json()).error).toMatchObject({ code: 'already_voted', message: expect.stringContaining('已经投过票') });

	// broken JSON, an unknown unit, a resident's token, no token: each refused in Chinese
	const broken = await request.post(url, { headers: { ...committee, 'content-type': 'application/json' }, data: '{"unitId": ' });
	expect(broken.status()).toBe(400);
	expect((await broken.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
	const offRoll = await request.post(url, { headers: committee, data: paper(999_999) });
	expect(offRoll.status()).toBe(400);
	expect((await offRoll.json()).error).toMatchObject({ code: 'not_in_roll', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
	const resident = await request.post(url, { headers: await bearer(request, RESIDENT), data: paper(units[1].id) });
	expect(resident.status()).toBe(403);
	expect((await resident.json()).error.message).toMatch(/[\u4e00-\u9fff]/);
	const anonymous = await playwright.request.newContext({ baseURL });
	const nobody = await anonymous.post(url, { data: paper(units[1].id) });
	expect(nobody.status()).toBe(401);
	await anonymous.dispose();
	expect((await result()).participated.heads).toBe(1);

	// a signed-in browser session (cookie, no Bearer) goes through SvelteKit and is recorded the same way
	const browserLike = await playwright.request.newContext({ baseURL });
	const signedIn = await browserLike.post('/login', { form: { phone: COMMITTEE, password: PASSWORD, next: '/' }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(signedIn.status()).toBe(303);
	const byCookie = await browserLike.post(url, { data: paper(units[1].id, 'no') });
	expect(byCookie.status()).toBe(201);
	await browserLike.dispose();
	expect(await result()).toMatchObject({ participated: { heads: 2 }, no: { heads: 1 } });
});
