/**
 * Shared pieces of the quality gates (a11y, authz, hostile): the actors and their sessions, the real ids of the
 * demo data, and a read-only fingerprint of the database the server under test runs on.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type APIRequestContext, type BrowserContext } from '@playwright/test';

export const PASSWORD = 'demo1234';
export const SESSION_COOKIE = 'yst_session';
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE = `http://127.0.0.1:${PORT}`;

export const ACTORS = {
	anonymous: null,
	unverified: '13800000009',
	otherCommunity: '13800000008',
	resident: '13800000002',
	owner: '13800000003',
	grid: '13800000005',
	cadre: '13800000004',
	committee: '13800000001',
	street: '13800000006',
	/** signed out, holding an invitation link's token */
	token: null
} as const satisfies Record<string, string | null>;
export type Actor = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as Actor[];

/** signs each demo account in once through the API; the token is the session cookie's value */
export async function signInAll(request: APIRequestContext): Promise<Record<Actor, string | null>> {
	const out = {} as Record<Actor, string | null>;
	for (const actor of ACTOR_NAMES) {
		const phone = ACTORS[actor];
		if (!phone) {
			out[actor] = null;
			continue;
		}
		const res = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
		expect(res.status(), `sign-in of ${actor}`).toBe(200);
		out[actor] = (await res.json()).token;
	}
	return out;
}

export async function useSession(context: BrowserContext, token: string | null, largeText = false) {
	const cookies = [];
	if (token) cookies.push({ name: SESSION_COOKIE, value: token, url: BASE, httpOnly: true, sameSite: 'Lax' as const });
	if (largeText) cookies.push({ name: 'yst_text', value: 'large', url: BASE });
	if (cookies.length) await context.addCookies(cookies);
}

export const bearer = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

interface MeResponse {
	memberships: { communityId: number | null; communityName: string | null; status: string; role: string; unitId: number | null }[];
}

/** the real ids the gates fill route patterns with: 金阳 (the home community), 安公, a topic, votes */
export interface GateIds {
	cid: number;
	otherCid: number;
	tid: number;
	/** a poll that is open for voting, made by the gates if the demo has none */
	vid: number;
	/** a binding vote (业主共同决定) that is open, made by the gates if the demo has none */
	bvid: number;
	[param: string]: number | string;
}

const GATE_POLL = '门禁检查用问卷（自动创建）';
const GATE_BINDING = '门禁检查用表决（自动创建）';

export async function gateIds(request: APIRequestContext, tokens: Record<Actor, string | null>): Promise<GateIds> {
	const me = async (actor: Actor) =>
		(await (await request.get('/api/v1/me', { headers: bearer(tokens[actor]) })).json()) as MeResponse;
	const cid = (await me('committee')).memberships.find((m) => m.communityName === '金阳社区')!.communityId!;
	const otherCid = (await me('otherCommunity')).memberships.find((m) => m.communityName === '安公社区')!.communityId!;
	const committee = bearer(tokens.committee);
	const topicList = await (await request.get(`/api/v1/communities/${cid}/topics`, { headers: committee })).json();
	const tid = topicList.items[0].id as number;
	const votes = (await (await request.get(`/api/v1/communities/${cid}/votes`, { headers: committee })).json()) as { id: number; title: string; status: string }[];
	const ensure = async (title: string, data: Record<string, unknown>) => {
		const found = votes.find((v) => v.title === title)?.id;
		if (found) return found;
		const created = await request.post(`/api/v1/communities/${cid}/votes`, { headers: committee, data: { title, ...data } });
		expect(created.status(), await created.text()).toBe(201);
		const id = (await created.json()).id as number;
		const opened = await request.post(`/api/v1/votes/${id}/open`, { headers: committee });
		expect(opened.status(), await opened.text()).toBe(200);
		return id;
	};
	const vid = await ensure(GATE_POLL, { kind: 'poll', options: ['同意', '不同意'], description: '用于自动检查的问卷' });
	const bvid = await ensure(GATE_BINDING, { kind: 'binding', matter: 'ordinary', description: '用于自动检查的表决' });
	return { cid, otherCid, tid, vid, bvid };
}

/**
 * Row count and checksum of every table of the server's database (sessions and sign-in throttling excepted:
 * signing in and being seen are meant to write them). PostgreSQL: read over DATABASE_URL's *_e2e database.
 * PGlite: the server's folder is copied while the server is idle (a crash-consistent snapshot, as after a
 * power cut) and opened in this process; the server's own database is never touched.
 */
export async function fingerprint(): Promise<Record<string, string>> {
	const skip = new Set(['session', 'login_throttle', '__drizzle_migrations']);
	const sqlText = (t: string) => `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${t}" t`;
	const listTables = `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
	const out: Record<string, string> = {};
	const url = process.env.DATABASE_URL;
	if (url) {
		const { default: postgres } = await import('postgres');
		const e2e = new URL(url);
		e2e.pathname = `/${decodeURIComponent(e2e.pathname.slice(1)) || 'postgres'}_e2e`;
		const sql = postgres(e2e.toString(), { max: 1, onnotice: () => {} });
		try {
			const tables = await sql.unsafe<{ table_name: string }[]>(listTables);
			for (const { table_name } of tables) {
				if (skip.has(table_name)) continue;
				const [r] = await sql.unsafe<{ n: number; h: string }[]>(sqlText(table_name));
				out[table_name] = `${r.n}:${r.h}`;
			}
		} finally {
			await sql.end({ timeout: 5 });
		}
		return out;
	}
	const source = path.resolve(process.env.GATE_PGLITE_DIR ?? `tests/.artifacts/pglite-e2e-${PORT}`);
	if (!existsSync(source)) throw new Error(`no PGlite folder at ${source}`);
	const copy = mkdtempSync(path.join(tmpdir(), 'yst-gate-'));
	try {
		cpSync(source, copy, { recursive: true });
		const { PGlite } = await import('@electric-sql/pglite');
		const db = await PGlite.create(copy);
		try {
			const tables = await db.query<{ table_name: string }>(listTables);
			for (const { table_name } of tables.rows) {
				if (skip.has(table_name)) continue;
				const r = await db.query<{ n: number; h: string }>(sqlText(table_name));
				out[table_name] = `${r.rows[0].n}:${r.rows[0].h}`;
			}
		} finally {
			await db.close();
		}
	} finally {
		rmSync(copy, { recursive: true, force: true });
	}
	return out;
}

/** the tables whose rows differ between two fingerprints */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names].filter((n) => before[n] !== after[n]);
}

/** does this text read as Chinese (at least one CJK character)? */
export const isChinese = (s: unknown) => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);
