/**
 * The production server (src/server.js, what `npm start` runs and what these tests start) takes a committee
 * member's paper ballot with a Bearer token in its fast lane and gives everything else to SvelteKit. Seen from
 * outside the two must be one API: the same answers, the same Chinese refusals, the same headers.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './api-check';
import { SECURITY_HEADERS } from '../../src/lib/server/http/headers';
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

test('only JSON from no page or this site’s own goes through the lane; text, forms and other sites’ pages are answered by the route, with the same headers', async ({ request, playwright, baseURL }) => {
	const committee = await bearer(request, COMMITTEE);
	const me = await (await request.get('/api/v1/me', { headers: committee })).json();
	const cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
	const units = (await (await request.get(`/api/v1/communities/${cid}/units`, { headers: committee })).json()) as { id: number }[];
	const created = await request.post(`/api/v1/communities/${cid}/votes`, { headers: committee, data: { title: '快速通道：只收 JSON', kind: 'binding', matter: 'use_fund' } });
	const { id } = await created.json();
	expect((await request.post(`/api/v1/votes/${id}/open`, { headers: committee, data: {} })).status()).toBe(200);
	const url = `/api/v1/votes/${id}/ballots`;
	const heads = async () => ((await (await request.get(`/api/v1/votes/${id}/result`, { headers: committee })).json()) as { participated: { heads: number } }).participated.heads;
	const security = (headers: Record<string, string>) => Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, headers[name]]));

	// text/plain and form-encoded: SvelteKit's cross-site check refuses them (no Origin of this site), as without the lane
	const asText = await request.post(url, { headers: { ...committee, 'content-type': 'text/plain' }, data: JSON.stringify({ unitId: units[2].id, choice: 'yes', method: 'paper' }) });
	expect(asText.status()).toBe(403);
	const asForm = await request.post(url, { headers: committee, form: { unitId: String(units[2].id), choice: 'yes', method: 'paper' } });
	expect(asForm.status()).toBe(403);
	expect(await heads()).toBe(0);

	// JSON from another site's page: the route answers it (SvelteKit does not refuse JSON), then 409 in Chinese
	const elsewhere = { ...committee, origin: 'https://evil.example' };
	const foreign = await request.post(url, { headers: elsewhere, data: { unitId: units[2].id, choice: 'yes', method: 'paper' } });
	expect(foreign.status()).toBe(201);
	const foreignAgain = await request.post(url, { headers: elsewhere, data: { unitId: units[2].id, choice: 'no', method: 'paper' } });
	expect(foreignAgain.status()).toBe(409);
	expect((await foreignAgain.json()).error.message).toMatch(/[\u4e00-\u9fff]/);

	// the lane's answer (Bearer JSON from this site's own page) and SvelteKit's (a signed-in browser's cookie) carry the same headers
	const lane = await request.post(url, { headers: { ...committee, origin: baseURL! }, data: { unitId: units[3].id, choice: 'yes', method: 'paper' } });
	expect(lane.status()).toBe(201);
	const browserLike = await playwright.request.newContext({ baseURL });
	await browserLike.post('/login', { form: { phone: COMMITTEE, password: PASSWORD, next: '/' }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	const kit = await browserLike.post(url, { data: { unitId: units[4].id, choice: 'no', method: 'paper' } });
	expect(kit.status()).toBe(201);
	await browserLike.dispose();
	expect(security(lane.headers())).toEqual(SECURITY_HEADERS);
	expect(security(kit.headers())).toEqual(SECURITY_HEADERS);
	expect(await heads()).toBe(3);
});
