/**
 * Hostile input: a generated pass of malformed, oversized, wrong-type and injection-style payloads over every
 * form action and API endpoint of the gates' table (gate-table.ts), each sent as an actor who may call it.
 * No answer is a 5xx; every 4xx carries a Chinese message (`error.message` for the API, the form's message for
 * actions, the error page for pages); the payloads that must be refused leave every table unchanged.
 * Injection strings that are valid text (a title reading `<script>…`) are sent afterwards, may be stored, and
 * must come back escaped.
 */
import { expect, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from '@playwright/test';
import { test } from './api-check';
import { ACTORS, BASE, PASSWORD, bearer, changedTables, fingerprint, gateIds, isChinese, signInAll, type Actor } from './gate-helpers';
import { fixtures, keyOf, ROWS, type AllFixtures, type Fields, type Row } from './gate-table';
import { fill, paramsOf } from './gate-routes';

// ---- the payloads ----

const HUGE = 'x'.repeat(100_000);
const NUL = 'a\u0000b';
type Kind = 'text' | 'id' | 'enum' | 'list' | 'money' | 'flag' | 'date';
/** amounts in 元 (plans): a string or a JSON number with at most two decimals, above 0 (a correction: not 0) */
const MONEY_FIELDS = new Set(['amount', 'actualCost']);
/** a calendar day (2026-12-10) or a Beijing wall time (2026-12-10T19:00) */
const DATE_FIELDS = new Set(['paidOn', 'deadline', 'startsAt', 'endsAt', 'opensAt', 'closesAt', 'heldAt', 'dueAt', 'at']);
const DATE_VALUE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/;
/** what a field takes, judged from its name (money, dates) or else the valid body's value */
function kindOf(value: unknown, field = ''): Kind {
	if (MONEY_FIELDS.has(field)) return 'money';
	if (DATE_FIELDS.has(field) || (typeof value === 'string' && DATE_VALUE.test(value))) return 'date';
	// a checkbox: true/false in JSON, 'on' from a form (any other text is "off")
	if (typeof value === 'boolean' || value === 'on' || value === 'true' || value === 'false') return 'flag';
	if (Array.isArray(value)) return 'list';
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) return 'id';
	if (typeof value === 'string' && /^[a-z][a-zA-Z_-]*$/.test(value)) return 'enum';
	return 'text';
}
/**
 * Days no calendar has, or outside the years a person may type (2000–2099), bare and with a time: a careless
 * `new Date()` rolls 2026-02-30 over to March 2 and takes year 0 or 9999 as they come.
 */
const IMPOSSIBLE_DAYS = ['2026-02-30', '2026-04-31', '0000-01-01', '9999-12-31', '2026-13-01', '2026-02-29', '2026-00-10', '2026-12-32', '1999-12-31', '2100-01-01'];
const IMPOSSIBLE_DATES = [
	...IMPOSSIBLE_DAYS,
	...IMPOSSIBLE_DAYS.map((d) => `${d}T10:00`),
	'2026-12-10T24:00',
	'2026-12-10T10:60',
	'2026-02-30T10:00+08:00',
	'+275760-09-13T00:00:00Z'
];
/**
 * Text that is not well-formed Unicode: lone surrogates. JSON.stringify writes them as \udXXX escapes, which is
 * what an attacker sends; stored, they break every page and export that encodes them to UTF-8.
 */
const ILL_FORMED = ['\ud800', '\udfff', '\ud800 x \udfff'];
/** JSON values a field of each kind must refuse */
const REFUSED_JSON: Record<Kind, unknown[]> = {
	text: [true, 123, ['a', 'b'], { $gt: '' }, HUGE, NUL, ...ILL_FORMED],
	id: [true, -1, 1.5, 1e308, '9'.repeat(40), 'abc', "1' OR '1'='1", [1, 2], {}, NUL],
	enum: [true, 1, ['accept'], {}, 'not_an_option', "' OR '1'='1", HUGE, NUL],
	list: ['abc', {}, [[1]], [-1], ['x'], [1.5], [{}], [HUGE], HUGE, ['甲', '\ud800']],
	money: [true, 0, '0.00', 'abc', '1.001', 0.001, '1e5', ['1'], {}, '9'.repeat(40), HUGE, NUL],
	flag: [123, ['on'], {}, NUL],
	date: [true, 20261210, ['2026-12-10'], {}, HUGE, NUL, ...IMPOSSIBLE_DATES]
};
/** form values (always strings) a field of each kind must refuse */
const REFUSED_FORM: Record<Kind, string[]> = {
	date: [HUGE, NUL, ...IMPOSSIBLE_DATES],
	text: [HUGE, NUL],
	id: ['-1', '1.5', '1e309', '9'.repeat(40), 'abc', "1' OR '1'='1", HUGE, NUL],
	enum: ['not_an_option', '<script>', "' OR '1'='1", HUGE, NUL],
	list: ['abc', '-1', '1.5', HUGE, NUL],
	money: ['0', 'abc', '1.001', '1e5', '9'.repeat(40), HUGE, NUL],
	flag: [NUL]
};
/** valid text that a careless server would execute or render: may be stored, must come back escaped */
const INJECTIONS: string[] = [
	"' OR '1'='1",
	"1; DROP TABLE \"user\"; --",
	"'); select pg_sleep(3); --",
	'<script>alert("yst")</script>',
	'"><img src=x onerror=alert(1)>',
	'{{constructor.constructor("alert(1)")()}}',
	'../../../etc/passwd',
	'\u202e逆序文本',
	'😀'.repeat(10)
];
/** bad values for an id in a path */
const BAD_IDS = ['0', '-1', '99999999999', 'abc', "1' OR '1'='1", '%00', 'x'.repeat(300)];
/** whole bodies that are not what any endpoint takes */
const BAD_BODIES: { type: string; data: string | Buffer }[] = [
	{ type: 'application/json', data: '' },
	{ type: 'application/json', data: '{"a":' },
	{ type: 'application/json', data: 'null' },
	{ type: 'application/json', data: '[]' },
	{ type: 'application/json', data: '"text"' },
	{ type: 'application/json', data: '12345' },
	{ type: 'application/json', data: '['.repeat(20_000) + ']'.repeat(20_000) },
	{ type: 'application/json', data: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) },
	{ type: 'application/json', data: `{"x":"${'y'.repeat(5_300_000)}"}` },
	{ type: 'text/plain', data: 'hello' },
	{ type: 'application/x-www-form-urlencoded', data: 'a=1&b=%ff%fe' },
	{ type: 'application/xml', data: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }
];
const BAD_FORM_BODIES: { type: string; data: string | Buffer }[] = [
	{ type: 'application/x-www-form-urlencoded', data: '' },
	{ type: 'application/x-www-form-urlencoded', data: '%%%&&&===' },
	{ type: 'application/x-www-form-urlencoded', data: Buffer.from([0x61, 0x3d, 0xff, 0xfe, 0x26, 0x62, 0x3d, 0xc3, 0x28]) },
	{ type: 'multipart/form-data; boundary=xyz', data: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--' },
	{ type: 'multipart/form-data; boundary=xyz', data: 'not multipart at all' },
	{ type: 'application/json', data: '{"a":1}' },
	{ type: 'text/plain', data: 'a=1' }
];
const BAD_QUERIES = ['?page=-1&estateId=abc&per=-5', "?status=<script>&q=' OR 1=1 --&month=2026-13", `?q=${'x'.repeat(5000)}&topic=%00`];

// ---- sending ----

interface Sent {
	key: string;
	what: string;
	status: number;
	message: string | null;
	/** the form or endpoint's own answer (not the framework's) */
	raw: string;
}

let tokens: Record<Actor, string | null>;
let fx: AllFixtures;

/** the actor who may call a row: the committee when it may, else the first allowed signed-in actor, else anonymous */
function actorFor(row: Row): Actor | null {
	if (row.allow.length === 0) return null;
	if (row.allow.includes('committee')) return 'committee';
	const preferred: Actor[] = ['owner', 'resident', 'grid', 'cadre', 'street', 'unverified', 'otherCommunity', 'anonymous', 'token'];
	return preferred.find((a) => row.allow.includes(a)) ?? null;
}

function urlOf(row: Row, override: Record<string, string> = {}): string {
	const [pattern, action] = row.path.split('?/');
	const values: Record<string, string | number> = { ...fx };
	for (const [k, from] of Object.entries(row.ids ?? {})) values[k] = from in fx ? fx[from] : from;
	Object.assign(values, override);
	const url = fill(pattern, values);
	return action && action !== 'default' ? `${url}?/${action}` : url;
}

/** the Chinese message of an answer, if any: API error.message, an action's failure data, or the error page */
function messageOf(text: string, isAction: boolean): string | null {
	try {
		const json = JSON.parse(text);
		if (json?.error?.message) return json.error.message;
		// a file endpoint's error (SvelteKit's handleError shape)
		if (typeof json?.message === 'string') return json.message;
		if (isAction && json?.type === 'failure') {
			// the action's data is devalue-encoded: its strings include the message
			const data = JSON.parse(json.data);
			const strings = (Array.isArray(data) ? data : []).filter((x: unknown) => typeof x === 'string' && isChinese(x));
			return strings[0] ?? null;
		}
		if (isAction && json?.type === 'error') return json.error?.message ?? null;
	} catch {
		/* not JSON */
	}
	const h = /<(?:h1|p)[^>]*>([^<]*[\u4e00-\u9fff][^<]*)<\/(?:h1|p)>/.exec(text);
	if (h) return h[1];
	// a short plain-text refusal
	return !text.trimStart().startsWith('<') && text.length < 300 && isChinese(text) ? text : null;
}

async function post(request: APIRequestContext, row: Row, actor: Actor | null, url: string, body: { type: string; data: string | Buffer } | undefined, what: string): Promise<Sent> {
	const isAction = row.path.includes('?/');
	const headers: Record<string, string> = { ...bearer(actor ? tokens[actor] : null), origin: BASE };
	if (isAction) Object.assign(headers, { 'x-sveltekit-action': 'true', accept: 'application/json' });
	// a page is opened the way a browser opens it
	else if (row.method === 'GET' && !row.path.startsWith('/api/') && !/\.[a-z]+$|\/(events|photo|materials\/\[mid\])$/.test(row.path)) headers.accept = 'text/html,application/xhtml+xml';
	if (body) headers['content-type'] = body.type;
	let res: APIResponse | null = null;
	for (let attempt = 0; attempt < 2 && !res; attempt++) {
		try {
			// a Buffer goes as it is (Playwright would re-encode a string that is not valid JSON)
			const data = body === undefined ? undefined : Buffer.isBuffer(body.data) ? body.data : Buffer.from(body.data);
			res = await request.fetch(url, { method: row.method, headers, data, maxRedirects: 0, timeout: 30_000 });
		} catch (e) {
			if (attempt === 1 || !/ECONNRESET|socket hang up/.test(String(e))) throw e;
		}
	}
	const text = await res!.text();
	let status = res!.status();
	if (isAction) {
		try {
			const json = JSON.parse(text);
			if (typeof json.status === 'number') status = json.status;
		} catch {
			/* not an action answer */
		}
	}
	return { key: keyOf(row), what, status, message: status >= 400 ? messageOf(text, isAction) : null, raw: text.slice(0, 300) };
}

const formBody = (fields: Fields): { type: string; data: string } => {
	const form = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, String(one ?? ''));
	return { type: 'application/x-www-form-urlencoded', data: form.toString() };
};
const jsonBody = (fields: unknown) => ({ type: 'application/json', data: JSON.stringify(fields) });

function baseOf(row: Row): Fields {
	if (row.hostile?.base) return row.hostile.base;
	const body = typeof row.body === 'function' ? row.body(fx) : row.body;
	return body ?? {};
}

interface Case {
	url: string;
	body?: { type: string; data: string | Buffer };
	what: string;
	/** refused by validation (400, beside the field), not by some later rule: an impossible date, ill-formed text */
	invalid?: boolean;
}
const mustBeInvalid = (kind: Kind, bad: unknown) => (kind === 'date' && IMPOSSIBLE_DATES.includes(bad as string)) || (kind === 'text' && ILL_FORMED.includes(bad as string));

/** the requests that must all be refused (4xx, Chinese, nothing written) */
function refusedCases(row: Row): Case[] {
	const out: Case[] = [];
	const isAction = row.path.includes('?/');
	const base = baseOf(row);
	const fields = Object.keys(base);
	const url = urlOf(row);
	// bad ids in the path (every param, one at a time)
	for (const param of paramsOf(row.path.split('?/')[0])) {
		if (param === 'rest') continue;
		for (const bad of BAD_IDS) out.push({ url: urlOf(row, { [param]: encodeURIComponent(bad).replace(/%25/g, '%') }), body: isAction ? formBody(base) : row.method === 'GET' ? undefined : jsonBody(base), what: `[${param}]=${bad.slice(0, 20)}` });
	}
	if (row.method === 'GET') return out;
	// every field: each value no field accepts
	for (const field of fields) {
		const kind = kindOf(base[field], field);
		const what = (bad: unknown) => `${field} (${kind})=${JSON.stringify(bad).slice(0, 30)}`;
		if (isAction) for (const bad of REFUSED_FORM[kind]) out.push({ url, body: formBody({ ...base, [field]: bad }), what: what(bad), invalid: mustBeInvalid(kind, bad) });
		else for (const bad of REFUSED_JSON[kind]) out.push({ url, body: jsonBody({ ...base, [field]: bad }), what: what(bad), invalid: mustBeInvalid(kind, bad) });
	}
	// whole bodies of the wrong shape
	// a body whose fields are all optional takes a blank body or an object of unknown keys as "no fields"
	const noFieldsOf = (b: { data: string | Buffer }) => {
		const text = b.data.toString().trim();
		if (!text) return true;
		try {
			const json = JSON.parse(text);
			return !!json && typeof json === 'object' && !Array.isArray(json) && !Object.keys(json).some((k) => k in base);
		} catch {
			return false;
		}
	};
	const wholeBodies = (isAction ? BAD_FORM_BODIES : BAD_BODIES).filter((b) => !(row.hostile?.bareString && b.data === '"text"') && !(row.hostile?.optionalBody && noFieldsOf(b)));
	for (const bad of wholeBodies) out.push({ url, body: bad, what: `${bad.type} ${String(bad.data).slice(0, 30)}` });
	return out;
}

/**
 * A field the table's bodies leave out: the time a request's step happened (`at`, optional; now when left out), by
 * form and by the API (whose row in the table classifies). Refusals only: the table's rows send the injections.
 */
const STEP = { step: 'arrive', at: '2026-12-01T10:00', note: '门禁检查：已到场' };
const HOSTILE_ONLY: Row[] = [
	{ method: 'POST', path: '/c/[cid]/requests/[rid]?/step', allow: ['committee'], ids: { rid: 'gRequest' }, hostile: { base: STEP, noInjection: 'the table’s row' } },
	{ method: 'POST', path: '/api/v1/requests/[requestId]/[action]', allow: ['committee'], ids: { requestId: 'gRequest2', action: 'steps' }, hostile: { base: STEP, noInjection: 'the table’s rows' } }
];

/**
 * Redirect targets that a browser takes to another site although some start with one slash: it drops tabs and
 * newlines from a URL, reads a backslash as a slash, and some servers and proxies decode %09 and %5C first.
 */
const OFF_SITE = [
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r/evil.example',
	'\\/evil.example',
	'/\\evil.example',
	'https://evil.example',
	'//evil.example',
	'/%09/evil.example',
	'\u0000/evil',
	'/\t\t/evil.example',
	'///evil.example',
	'/%5C/evil.example',
	' //evil.example',
	'\u000b//evil.example',
	'http:evil.example',
	'javascript:alert(1)'
];
/** a target on this site, which must come back as it is (else the checks above could pass by never redirecting) */
const ON_SITE = '/me?from=hostile';

/**
 * Every form that redirects to an address from the request — the preferences' `back` (text size, language), the
 * sign-in's `next` (its action, and its page when already signed in) — sent each target, as the enhanced form
 * (an action answer's `location`) and as a plain form (a 303's Location). Returns what went wrong.
 */
async function redirects(playwright: PlaywrightWorkerArgs['playwright'], count: (line: string, status: number) => void): Promise<string[]> {
	const wrong: string[] = [];
	const ctx = await playwright.request.newContext({ baseURL: BASE });
	const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
	const senders: { what: string; send: (target: string, enhanced: boolean) => Promise<APIResponse> }[] = [
		...(['textSize', 'locale'] as const).map((action) => ({
			what: `POST /settings?/${action} back`,
			send: (target: string, enhanced: boolean) =>
				ctx.post(`/settings?/${action}`, { headers: formHeaders(enhanced), data: form({ size: 'normal', locale: 'zh-CN', back: target }), maxRedirects: 0 })
		})),
		{
			what: 'POST /login next',
			send: (target, enhanced) => ctx.post('/login', { headers: formHeaders(enhanced), data: form({ phone: ACTORS.resident, password: PASSWORD, next: target }), maxRedirects: 0 })
		}
	];
	try {
		for (const target of [...OFF_SITE, ON_SITE]) {
			const answers: { what: string; res: APIResponse; enhanced: boolean }[] = [];
			for (const s of senders) for (const enhanced of [true, false]) answers.push({ what: `${s.what}${enhanced ? '' : ' (plain form)'}`, res: await s.send(target, enhanced), enhanced });
			// signed in, the sign-in page sends you on at once
			answers.push({ what: 'GET /login?next', res: await ctx.get(`/login?next=${encodeURIComponent(target)}`, { headers: { ...bearer(tokens.resident), accept: 'text/html' }, maxRedirects: 0 }), enhanced: false });
			for (const { what, res, enhanced } of answers) {
				const text = await res.text();
				const line = `${what}=${JSON.stringify(target)}: ${res.status()} ${text.slice(0, 120)}`;
				count(line, res.status());
				let location: string | undefined;
				if (enhanced) {
					const json = JSON.parse(text) as { type?: string; location?: string };
					location = json.type === 'redirect' ? json.location : undefined;
				} else location = res.status() >= 300 && res.status() < 400 ? res.headers()['location'] : undefined;
				// a target the form refuses outright (NUL is no text) is as good as going home, if it says why in Chinese
				if (location === undefined) {
					if (target === ON_SITE || res.status() >= 500 || !(enhanced ? /"status":4\d\d/.test(text) : res.status() >= 400) || !isChinese(messageOf(text, enhanced))) wrong.push(`no redirect: ${line}`);
				}
				// resolved the way a browser resolves it
				else if (new URL(location, BASE).origin !== BASE) wrong.push(`to ${new URL(location, BASE).origin}: ${line}`);
				else if (target === ON_SITE && location !== ON_SITE) wrong.push(`lost the target (${location}): ${line}`);
			}
		}
	} finally {
		await ctx.dispose();
	}
	return wrong;
}
const formHeaders = (enhanced: boolean): Record<string, string> => ({
	origin: BASE,
	'content-type': 'application/x-www-form-urlencoded',
	...(enhanced ? { 'x-sveltekit-action': 'true', accept: 'application/json' } : { accept: 'text/html' })
});

/** a hostile case the row is known to take (nothing to refuse): e.g. an action with no fields */
const takesAnything = (row: Row) => row.noFields === true || (Object.keys(baseOf(row)).length === 0 && row.method !== 'GET' && !row.bodyless);

test.describe('hostile input', () => {
	test('a thousand and more malformed, oversized, wrong-type and injection payloads: no 5xx, Chinese 4xx, nothing written', async ({ request, playwright }) => {
		test.setTimeout(300_000);
		tokens = await signInAll(request);
		fx = await fixtures(request, tokens, await gateIds(request, tokens));

		const serverErrors: string[] = [];
		const notChinese: string[] = [];
		const accepted: string[] = [];
		let sent = 0;
		const notInvalid: string[] = [];
		const record = (r: Sent, mustRefuse: boolean, invalid = false) => {
			sent++;
			const line = `${r.key} ${r.what}: ${r.status} ${r.raw.slice(0, 160)}`;
			if (r.status >= 500) serverErrors.push(line);
			else if (r.status >= 400 && !isChinese(r.message)) notChinese.push(line);
			else if (mustRefuse && r.status < 400) accepted.push(line);
			// an impossible date refused for some other reason (a state conflict, a missing record) proves nothing
			else if (invalid && r.status !== 400) notInvalid.push(line);
		};

		const rows = [...ROWS, ...HOSTILE_ONLY].filter((r) => !r.hostile?.skip);
		// 1. what must be refused; the database must not move
		const before = await fingerprint();
		for (const row of rows) {
			const actor = actorFor(row);
			// a row without fields (second, open, finalize) has nothing malformed to refuse in its body: its bad ids still count
			const cases = refusedCases(row).filter((c) => !(takesAnything(row) && !c.what.startsWith('[')));
			for (const c of cases) record(await post(request, row, actor, c.url, c.body, c.what), !row.hostile?.lenient, c.invalid && !row.hostile?.lenient);
			// query strings of pages and reads
			if (row.method === 'GET' && !row.stream) for (const q of BAD_QUERIES) record(await post(request, row, actor, urlOf(row) + q, undefined, q), false);
		}
		const after = await fingerprint();
		const changed = changedTables(before, after);

		// 2. injection strings in every text field: may be stored, never a 5xx, and shown escaped
		const injected: string[] = [];
		for (const row of rows) {
			if (row.method === 'GET' || row.last || row.hostile?.noInjection) continue;
			const base = baseOf(row);
			const actor = actorFor(row);
			const isAction = row.path.includes('?/');
			for (const field of Object.keys(base).filter((k) => kindOf(base[k], k) === 'text')) {
				for (const value of INJECTIONS) {
					const r = await post(request, row, actor, urlOf(row), isAction ? formBody({ ...base, [field]: value }) : jsonBody({ ...base, [field]: value }), `${field}=${value.slice(0, 20)}`);
					record(r, false);
					if (r.status < 400) injected.push(`${r.key} ${field}`);
				}
			}
		}
		// stored script never comes back as markup
		for (const path of [`/c/${fx.cid}/topics`, `/c/${fx.cid}/topics/${fx.gtid}`, `/c/${fx.cid}/votes`]) {
			const html = await (await request.get(path, { headers: bearer(tokens.committee) })).text();
			expect(html, `${path} shows stored text escaped`).not.toContain('<script>alert("yst")</script>');
			expect(html).not.toContain('<img src=x onerror=alert(1)>');
		}

		// 3. redirect targets from the request (the sign-in's `next`, the preferences' `back`): never to another site
		const offSite = await redirects(playwright, (line, status) => {
			sent++;
			if (status >= 500) serverErrors.push(line);
		});

		console.log(`hostile input: ${sent} requests over ${rows.length} rows; injections stored by: ${[...new Set(injected)].join(', ') || 'none'}`);
		test.info().annotations.push({ type: 'requests', description: String(sent) });
		expect(sent).toBeGreaterThanOrEqual(1000);
		expect.soft(serverErrors, 'answers with a 5xx').toEqual([]);
		expect.soft(notChinese, '4xx answers without a Chinese message').toEqual([]);
		expect.soft(accepted, 'malformed payloads that were accepted').toEqual([]);
		expect.soft(changed, 'tables changed by refused payloads').toEqual([]);
		expect.soft(notInvalid, 'impossible dates and ill-formed text not refused as invalid input (400)').toEqual([]);
		expect.soft(offSite, 'redirects that leave the site, or that lost a good target').toEqual([]);
	});
});
