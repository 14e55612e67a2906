/**
 * Security settings of the built server: the Content-Security-Policy and the other headers, no policy violation
 * on any page a committee member reaches from the board, the session cookie's flags (Secure behind an https
 * ORIGIN), and no server-only names or secrets in what is sent to browsers (build/client).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { test } from './api-check';
import { PASSWORD, settled, signIn } from './helpers';
import { freePort, startServer, stopServer } from './instances';

const COMMITTEE = '13800000001';

function directives(header: string | null): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of (header ?? '').split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name) map.set(name, values);
	}
	return map;
}

test('every page carries a Content-Security-Policy that allows only this site’s scripts and a fresh nonce', async ({ request }) => {
	const first = await request.get('/login');
	const second = await request.get('/login');
	const csp = directives(first.headers()['content-security-policy']);
	const scripts = csp.get('script-src') ?? [];
	expect(scripts).toContain("'self'");
	expect(scripts.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
	const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
	expect(nonce.length).toBeGreaterThanOrEqual(16);
	// the inline start-up script carries that nonce, and the next page gets another one
	expect(await first.text()).toContain(`nonce="${nonce}"`);
	expect(second.headers()['content-security-policy']).not.toContain(nonce);
	expect(csp.get('default-src')).toEqual(["'self'"]);
	expect(csp.get('object-src')).toEqual(["'none'"]);
	expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
	expect(csp.get('base-uri')).toEqual(["'self'"]);
	expect(csp.get('form-action')).toEqual(["'self'"]);
	expect(csp.get('connect-src')).toEqual(["'self'"]);
	// <style> elements only from this site; inline style attributes are allowed (they cannot run code)
	expect(csp.get('style-src')?.join(' ')).not.toContain('unsafe-inline');
});

test('pages and API answers say nosniff, same-origin referrers and no framing', async ({ request }) => {
	for (const url of ['/', '/login', '/api/v1/openapi.json', '/api/v1/me']) {
		const res = await request.get(url);
		const h = res.headers();
		expect(h['x-content-type-options'], url).toBe('nosniff');
		expect(h['referrer-policy'], url).toBe('same-origin');
		expect(h['x-frame-options'], url).toBe('DENY');
	}
});

/** same-origin pages linked from `page`, without sign-out, downloads and language/text switches */
async function linksOn(page: Page): Promise<string[]> {
	const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
	const origin = new URL(page.url()).origin;
	return hrefs.filter((h) => {
		const u = new URL(h);
		return (
			u.origin === origin &&
			!/logout|\/api\/|\.(pdf|xlsx|csv|ics|png|svg)$|download|export|\/prefs|lang=|text=/.test(u.pathname + u.search)
		);
	});
}

test('no page a committee member can reach from the board breaks the policy (scripts, styles, QR images, live updates)', async ({ browser }) => {
	test.setTimeout(180_000);
	const { context, page } = await signIn(browser, COMMITTEE);
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
	});
	const start = new URL(page.url()).pathname;
	const seen = new Set<string>();
	const queue = [start];
	// breadth-first, two levels deep, at most 60 pages
	for (let depth = 0; depth < 3 && queue.length > 0; depth++) {
		const level = queue.splice(0);
		for (const url of level) {
			const key = new URL(url, 'http://x').pathname;
			if (seen.has(key) || seen.size >= 60) continue;
			seen.add(key);
			const res = await page.goto(url).catch(() => null); // a link that downloads a file
			if (!res || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
			await settled(page);
			if (depth < 2) queue.push(...(await linksOn(page)));
		}
	}
	expect(seen.size).toBeGreaterThan(5);
	expect(violations).toEqual([]);
	await context.close();
});

test('the printable ballot papers show their QR codes under the policy', async ({ browser, request }) => {
	// a draft binding vote of the committee's community: its papers carry one QR code per owner
	const login = await request.post('/api/v1/auth/login', { data: { phone: COMMITTEE, password: PASSWORD } });
	const { token } = await login.json();
	const auth = { Authorization: `Bearer ${token}` };
	const me = await (await request.get('/api/v1/me', { headers: auth })).json();
	const cid = me.memberships.find((ms: { role: string }) => ms.role === 'committee').communityId;
	const created = await request.post(`/api/v1/communities/${cid}/votes`, {
		headers: auth,
		data: { title: '安全设置检查：选票二维码', kind: 'binding', matter: 'use_fund' }
	});
	expect(created.status()).toBe(201);
	const { id } = await created.json();

	const { context, page } = await signIn(browser, COMMITTEE);
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	expect((await page.goto(`/c/${cid}/votes/${id}/papers`))?.status()).toBe(200);
	await settled(page);
	const qr = page.locator('.qr svg, .qr img').first();
	await expect(qr).toBeVisible();
	expect((await qr.boundingBox())!.width).toBeGreaterThan(40);
	expect(violations).toEqual([]);
	await context.close();
});

const cookieOf = (setCookie: string | undefined) => (setCookie ?? '').split('\n').find((c) => c.startsWith('yst_session=')) ?? '';

test('the session cookie is HttpOnly and SameSite=Lax here, and also Secure when the site is served over https', async ({ request, baseURL }) => {
	test.setTimeout(120_000);
	const form = { phone: COMMITTEE, password: PASSWORD, next: '/' };
	// this server is plain http (ORIGIN http://127.0.0.1:…): no Secure, or the browser would drop it
	// accept: text/html, as a browser posting the form without JavaScript
	const plain = await request.post('/login', { form, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(plain.status()).toBe(303);
	const local = cookieOf(plain.headers()['set-cookie']);
	expect(local).toMatch(/HttpOnly/i);
	expect(local).toMatch(/SameSite=Lax/i);
	expect(local).not.toMatch(/Secure/i);

	// the same build behind an https reverse proxy (ORIGIN https://…), its own in-memory demo database
	const port = await freePort();
	const origin = 'https://yst.example.test';
	const server = await startServer(port, { ORIGIN: origin, YST_DEMO: '1', PGLITE_DIR: 'memory://' });
	const { base, log } = server;
	try {
		const res = await fetch(`${base}/login`, {
			method: 'POST',
			headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(form),
			redirect: 'manual'
		});
		expect(res.status, log.join('')).toBe(303);
		const secure = cookieOf(res.headers.getSetCookie().join('\n'));
		expect(secure).toMatch(/;\s*Secure/i);
		expect(secure).toMatch(/HttpOnly/i);
		expect(secure).toMatch(/SameSite=Lax/i);
	} finally {
		await stopServer(server);
	}
});

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = path.join(dir, name);
		return statSync(p).isDirectory() ? files(p) : [p];
	});
}

test('what browsers download holds no server-only names, connection strings or password hashes', async () => {
	const needles = [
		'DATABASE_URL',
		'DATABASE_POOL',
		'PGLITE_DIR',
		'E2E_ADMIN_DATABASE_URL',
		'BODY_SIZE_LIMIT',
		'YST_DEMO',
		'postgres://',
		'postgresql://',
		'password_hash',
		'passwordHash',
		'$argon2id$',
		'@node-rs/argon2',
		'drizzle-orm',
		'pg_advisory_lock',
		'login_throttle'
	];
	if (process.env.DATABASE_URL) needles.push(process.env.DATABASE_URL);
	const scan = (dir: string) => {
		const hits: string[] = [];
		for (const file of files(dir).filter((f) => /\.(js|mjs|css|html|json|txt|map)$/.test(f))) {
			const text = readFileSync(file, 'utf8');
			for (const n of needles) if (text.includes(n)) hits.push(`${path.relative(dir, file)}: ${n}`);
		}
		return hits;
	};
	const client = files('build/client');
	expect(client.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(10);
	expect(scan('build/client')).toEqual([]);
	// the scan does find them where they belong: the server's own code
	expect(scan('build/server').length).toBeGreaterThan(0);
});

test('a user who chose English is refused in English by every layer: a form post, the route guard, a page guard', async ({ browser, request, baseURL }) => {
	const origin = new URL(baseURL!).origin;
	const post = (path: string, lang: 'en' | null, headers: Record<string, string>, data: string) =>
		request.post(path, { headers: { origin, ...(lang ? { cookie: `PARAGLIDE_LOCALE=${lang}` } : {}), ...headers }, data });

	// a body that is no form
	const plain = await post('/login', 'en', { 'content-type': 'text/plain' }, 'hello');
	expect(plain.status()).toBe(400);
	expect(await plain.text()).toBe('Some fields need fixing');
	expect(await (await post('/login', null, { 'content-type': 'text/plain' }, 'hello')).text()).toBe('填写的内容有误，请按提示修改');

	// a form action under a community that does not exist, enhanced and without JavaScript
	const form = { 'content-type': 'application/x-www-form-urlencoded' };
	const enhanced = await post('/c/999999/topics/new', 'en', { ...form, 'x-sveltekit-action': 'true', accept: 'application/json' }, 'title=x');
	expect(enhanced.status()).toBe(404);
	expect(await enhanced.json()).toMatchObject({ type: 'error', error: { message: 'Not found, or you may not see it' } });
	const noScript = await post('/c/999999/topics/new', 'en', { ...form, accept: 'text/html' }, 'title=x');
	expect(noScript.status()).toBe(404);
	const html = await noScript.text();
	expect(html).toContain('<html lang="en">');
	expect(html).toContain('<h1>Not found, or you may not see it</h1>');
	for (const r of [plain, enhanced, noScript]) expect(r.headers()['x-content-type-options']).toBe('nosniff');

	// a page the resident may not open: 13800000008 吴强 is a verified resident of 安公社区
	const { context, page } = await signIn(browser, '13800000008');
	await page.goto('/register');
	const cid = await page.getByLabel('社区').locator('option', { hasText: '安公社区' }).getAttribute('value');
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
	const refused = await page.goto(`/c/${cid}/committee`);
	expect(refused?.status()).toBe(403);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByText('You are not allowed to do this')).toBeVisible();
	await context.close();
});
