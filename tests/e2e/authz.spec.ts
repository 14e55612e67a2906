/**
 * Authorisation matrix: every page route (its load and each form action) and every API endpoint, walked over
 * real HTTP as each actor — anonymous, an unverified member, a resident of another community (安公 looking at
 * 金阳), resident, owner, grid worker, cadre, committee, street admin, and an invitation-token holder —
 * against one table of who may. Zero unexpected allows, zero unexpected refusals; the refused requests (sent
 * first, with bodies that would succeed if allowed) leave every table of the database unchanged.
 */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { test } from './api-check';
import { ACTORS, BASE, PASSWORD, bearer, changedTables, fingerprint, gateIds, signInAll, type Actor } from './gate-helpers';
import { ALL, fixtures, keyOf, MISSING, ROWS, type AllFixtures, type Row } from './gate-table';
import { endpointRoutes, fill, pageRoutes, serverOnlyPages } from './gate-routes';

let tokens: Record<Actor, string | null>;
let fx: AllFixtures;

type Outcome = { refused: boolean; status: number; detail: string };

/** a row whose path names a record the demo does not have cannot show who may reach it */
const walkable = (row: Row) =>
	!(row.path.match(/\[(\w+)\]/g)?.map((p) => p.slice(1, -1)) ?? []).map((k) => row.ids?.[k] ?? k).some((k) => fx[k] === MISSING);

/** sends one row's request as one actor, once more if the server had just closed an idle kept-alive socket */
async function send(request: APIRequestContext, row: Row, actor: Actor): Promise<Outcome> {
	try {
		return await sendOnce(request, row, actor);
	} catch (e) {
		if (!/ECONNRESET|socket hang up/.test(String(e))) throw e;
		return sendOnce(request, row, actor);
	}
}

/** form actions go as the browser's enhanced form would (JSON answer) */
async function sendOnce(request: APIRequestContext, row: Row, actor: Actor): Promise<Outcome> {
	const [pattern, action] = row.path.split('?/');
	const values = { ...fx, ...Object.fromEntries(Object.entries(row.ids ?? {}).map(([k, from]) => [k, from in fx ? fx[from] : from])) };
	let url = fill(pattern, values);
	// the token holder's links carry the real token; everyone else's a wrong one
	if (actor !== 'token') for (const param of row.secret ?? []) url = url.replace(String(values[param]), 'wrong-token-0000');
	let token = tokens[actor];
	const phone = ACTORS[actor];
	if (row.last && phone) {
		const login = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
		token = (await login.json()).token;
	}
	const headers: Record<string, string> = { ...bearer(token), origin: BASE };
	// a row without a body sends an empty one ({} to the API): whoever may not call it must be stopped before validation
	const body = (typeof row.body === 'function' ? row.body(fx) : row.body) ?? (row.bodyless && !action ? {} : undefined);
	let res: APIResponse;
	if (action) {
		const form = new URLSearchParams();
		for (const [k, v] of Object.entries(body ?? {})) for (const one of Array.isArray(v) ? v : [v]) form.append(k, String(one ?? ''));
		res = await request.post(`${url}?/${action === 'default' ? '' : action}`.replace(/\?\/$/, ''), {
			headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', accept: 'application/json' },
			data: form.toString(),
			maxRedirects: 0
		});
		const status = res.status();
		const text = await res.text();
		let json: { type?: string; status?: number; location?: string } = {};
		try {
			json = JSON.parse(text);
		} catch {
			/* not an action answer */
		}
		if (json.type === 'redirect') return { refused: /^\/login/.test(json.location ?? ''), status: json.status ?? 303, detail: `→ ${json.location}` };
		if (json.type === 'failure' || json.type === 'error') {
			const s = json.status ?? status;
			return { refused: [401, 403, 404].includes(s), status: s, detail: text.slice(0, 200) };
		}
		return { refused: [401, 403, 404].includes(status), status, detail: text.slice(0, 200) };
	}
	res = await request.fetch(url, {
		method: row.method,
		headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
		data: body ? JSON.stringify(body) : undefined,
		maxRedirects: 0
	});
	const status = res.status();
	const location = res.headers()['location'] ?? '';
	const detail = status >= 300 && status < 400 ? `→ ${location}` : (await res.text()).slice(0, 200);
	return { refused: [401, 403, 404, 410].includes(status) || (status >= 300 && status < 400 && /^\/login/.test(location)), status, detail };
}

test.describe('authorisation matrix', () => {

	test('the table names every page, form action and endpoint in src/routes', () => {
		const listed = new Set(ROWS.map(keyOf));
		const needed: string[] = [];
		for (const p of [...pageRoutes(), ...serverOnlyPages()]) {
			needed.push(`GET ${p.pattern}`);
			for (const a of p.actions) needed.push(`POST ${p.pattern}?/${a}`);
		}
		for (const e of endpointRoutes()) for (const m of e.methods) needed.push(`${m} ${e.pattern}`);
		expect(needed.filter((k) => !listed.has(k)), 'routes missing from the authorisation table in authz.spec.ts').toEqual([]);
		expect([...listed].filter((k) => !needed.includes(k)), 'table rows for routes that no longer exist').toEqual([]);
	});

	test('every actor gets exactly what the table allows; refused requests change nothing', async ({ request }) => {
		test.setTimeout(240_000);
		tokens = await signInAll(request);
		fx = await fixtures(request, tokens, await gateIds(request, tokens));

		const unexpectedAllows: string[] = [];
		const unexpectedRefusals: string[] = [];
		let sent = 0;

		// 1. everything that must be refused, with bodies that would work if it were allowed
		const notWalked = ROWS.filter((r) => !walkable(r)).map((r) => `${keyOf(r)}: no such record in the demo`);
		const validatedFirst = new Set<string>();
		const before = await fingerprint();
		for (const row of ROWS.filter(walkable)) {
			for (const actor of ALL) {
				if (row.allow.includes(actor)) continue;
				const out = await send(request, row, actor);
				sent++;
				expect(out.status, `${keyOf(row)} as ${actor}: ${out.detail}`).toBeLessThan(500);
				// an empty body refused by validation before the actor is checked: nothing written (the fingerprint
				// below holds it to that), reported, but only a body that would succeed can show an allow
				if (!out.refused && row.bodyless && out.status === 400) validatedFirst.add(keyOf(row));
				else if (!out.refused) unexpectedAllows.push(`${keyOf(row)} as ${actor}: ${out.status} ${out.detail}`);
			}
		}
		const after = await fingerprint();
		const changed = changedTables(before, after);

		// 2. everything that must be allowed (state conflicts such as 409 still count as allowed)
		const order = [...ROWS.filter((r) => !r.last), ...ROWS.filter((r) => r.last)];
		const skipped: string[] = [];
		for (const row of order.filter(walkable)) {
			if (row.skipAllowed) {
				skipped.push(`${keyOf(row)}: ${row.skipAllowed}`);
				continue;
			}
			for (const actor of row.allow) {
				const out = await send(request, row, actor);
				sent++;
				expect(out.status, `${keyOf(row)} as ${actor}: ${out.detail}`).toBeLessThan(500);
				// a row without a body: validation answering (400, 409, 422…) shows the door was open
				// (an empty body may also name no record: 404 then means "which one?", not "not you")
				// a write with a valid body must go through (2xx/3xx); a state conflict only where the row says why
				const tolerated =
					row.method === 'GET'
						? out.status < 400 || out.status === 409
						: out.status < 400 ||
							(row.bodyless === true && out.status !== 401 && out.status !== 403) ||
							(row.conflict !== undefined && (out.status === 409 || out.status === 410));
				if (row.success ? !row.success.test(`${out.status} ${out.detail}`) : (out.refused && !(row.bodyless && out.status === 404)) || !tolerated) unexpectedRefusals.push(`${keyOf(row)} as ${actor}: ${out.status} ${out.detail}`);
			}
		}
		// the cost plans are the gates' own (gate-table.ts planFixtures): every one of their rows is walked with a real id
		const planRows = ROWS.filter((r) => /\/plans(\/|$)/.test(r.path));
		const planWalked = planRows.filter((r) => walkable(r) && !r.skipAllowed);
		const bodyless = ROWS.filter((r) => r.bodyless).map(keyOf);
		test.info().annotations.push(
			{ type: 'requests', description: String(sent) },
			{ type: 'allowed rows not sent', description: skipped.join('\n') },
			{ type: 'rows not walked', description: notWalked.join('\n') },
			{ type: 'validation before authorisation', description: [...validatedFirst].join('\n') },
			{ type: 'rows without a body', description: bodyless.join('\n') }
		);
		console.log(
			`authorisation matrix: ${ROWS.length} rows × ${ALL.length} actors, ${sent} requests\n` +
				`cost-plan rows walked by every actor: ${planWalked.length} of ${planRows.length}\n` +
				`rows still without a body (${bodyless.length}; gate-table.ts says why):\n  ${bodyless.join('\n  ')}\n` +
				`allowed rows not sent:\n  ${skipped.join('\n  ')}\nrows not walked:\n  ${notWalked.join('\n  ')}\n` +
				`empty bodies refused by validation before the actor was checked (nothing written):\n  ${[...validatedFirst].join('\n  ')}`
		);

		expect.soft(planRows.filter((r) => !planWalked.includes(r)).map(keyOf), 'cost-plan rows not walked').toEqual([]);
		expect.soft(unexpectedAllows, 'unexpected allows').toEqual([]);
		expect.soft(changed, 'tables changed by refused requests').toEqual([]);
		expect.soft(unexpectedRefusals, 'unexpected refusals').toEqual([]);
	});
});
