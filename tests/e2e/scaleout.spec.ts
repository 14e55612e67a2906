/**
 * Two more app instances on the same PostgreSQL database as the server under test: sessions and
 * sign-in throttling live in the database, so any instance honours what another one did.
 */
import { hash } from '@node-rs/argon2';
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './api-check';
import postgres from 'postgres';
import { e2eDatabaseUrl, startServer, stopServer, type Instance } from './instances';

const serverUrl = process.env.DATABASE_URL;

const A = 'http://127.0.0.1:4181';
const B = 'http://127.0.0.1:4182';
const PASSWORD = 'scale-out-pass-1';

const randomPhone = () => `15${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

test.describe('several instances on one PostgreSQL database', () => {
	test.skip(!serverUrl, 'needs DATABASE_URL (PostgreSQL)');
	test.describe.configure({ mode: 'serial' });

	const instances: Instance[] = [];
	let dbUrl = '';

	async function makeUser(): Promise<string> {
		const phone = randomPhone();
		const passwordHash = await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 });
		const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
		try {
			await sql`insert into "user" (phone, name, password_hash) values (${phone}, '扩容测试', ${passwordHash})`;
		} finally {
			await sql.end({ timeout: 5 });
		}
		return phone;
	}

	test.beforeAll(async () => {
		test.setTimeout(90_000);
		dbUrl = e2eDatabaseUrl(serverUrl!);
		await Promise.all([A, B].map(async (base) => instances.push(await startServer(Number(new URL(base).port), { DATABASE_URL: dbUrl }, 45_000))));
	});

	test.afterAll(async () => {
		await Promise.all(instances.map(stopServer));
	});

	const login = (request: APIRequestContext, base: string, phone: string, password: string) =>
		request.post(`${base}/api/v1/auth/login`, { data: { phone, password } });

	test('a token from instance A works on B, and signing out on B ends it on A', async ({ request }) => {
		const phone = await makeUser();
		const res = await login(request, A, phone, PASSWORD);
		expect(res.status()).toBe(200);
		const { token, user } = await res.json();
		expect(user.phone).toBe(phone);
		const auth = { Authorization: `Bearer ${token}` };

		const onB = await request.get(`${B}/api/v1/me`, { headers: auth });
		expect(onB.status()).toBe(200);
		expect((await onB.json()).user).toMatchObject({ phone, name: '扩容测试' });

		expect((await request.post(`${B}/api/v1/auth/logout`, { headers: auth })).status()).toBe(200);
		const onA = await request.get(`${A}/api/v1/me`, { headers: auth });
		expect(onA.status()).toBe(401);
		expect((await onA.json()).error.code).toBe('unauthenticated');
	});

	test('five wrong passwords spread over A and B lock the phone on both', async ({ request }) => {
		const phone = await makeUser();
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) {
			statuses.push((await login(request, i % 2 === 0 ? A : B, phone, 'wrong-password')).status());
		}
		expect(statuses).toEqual([401, 401, 401, 401, 429]);
		// now even the right password is refused, by each instance
		for (const base of [A, B]) {
			const res = await login(request, base, phone, PASSWORD);
			expect(res.status()).toBe(429);
			expect((await res.json()).error.message).toContain('分钟后再试');
		}
	});
});
