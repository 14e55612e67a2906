/**
 * Anonymous polls stay anonymous: while open nobody — resident, committee, live board, file or log — sees a count
 * per option, and the committee's list of who took part has no times and no order of voting; the database holds who
 * took part and sealed choices that open only with the server secret, counted and deleted at close.
 */
import { describe, expect, it } from 'vitest';
import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { SessionUser } from '$lib/server/auth';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as sessions from '$lib/server/sessions';
import * as votes from '$lib/server/votes';
import { seal, unseal } from '$lib/server/votes/sealed';
import { makeCommunityWithOwners, refusal } from './fixtures';
import { makeSession } from './minutes-fixtures';

const { GET: resultGet } = await import('../../src/routes/api/v1/votes/[voteId]/result/+server');
const { GET: ballotsGet, POST: ballotsPost } = await import('../../src/routes/api/v1/votes/[voteId]/ballots/+server');
const { POST: closePost } = await import('../../src/routes/api/v1/votes/[voteId]/close/+server');
const { GET: liveGet } = await import('../../src/routes/api/v1/sessions/[sessionId]/live/+server');
const { GET: registerGet } = await import('../../src/routes/c/[cid]/votes/[vid]/register.xlsx/+server');
const { load: pageLoad } = await import('../../src/routes/c/[cid]/votes/[vid]/+page.server');
const { load: noticeLoad } = await import('../../src/routes/c/[cid]/votes/[vid]/notice/+page.server');
const { load: boardLoad } = await import('../../src/routes/c/[cid]/sessions/[sid]/live/+page.server');
const { load: listLoad } = await import('../../src/routes/c/[cid]/votes/+page.server');
const { GET: listGet } = await import('../../src/routes/api/v1/communities/[communityId]/votes/+server');
const { GET: voteGet } = await import('../../src/routes/api/v1/votes/[voteId]/+server');
const { GET: draftGet } = await import('../../src/routes/api/v1/sessions/[sessionId]/minutes/draft/+server');
const { load: auditLoad } = await import('../../src/routes/c/[cid]/committee/audit/+page.server');

type Handler = (event: never) => Promise<Response>;
const call = async (h: unknown, user: SessionUser | null, params: Record<string, string>, body?: unknown) => {
	const request = new Request('http://localhost/api', body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	const res = await (h as Handler)({ request, url: new URL(request.url), params, locals: { user, session: null } } as never);
	return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()) };
};
const load = (fn: unknown, user: SessionUser, params: Record<string, string>) =>
	(fn as (e: never) => Promise<Record<string, unknown>>)({ locals: { user }, params, url: new URL('http://localhost/x') } as never);
/** rows of a raw query, on PGlite ({rows}) and postgres.js (an array) alike */
const raw = async <T>(q: ReturnType<typeof sql>) => {
	const r = await db.execute(q);
	return (Array.isArray(r) ? r : (r as unknown as { rows: T[] }).rows) as T[];
};
async function sheetRows(bytes: Uint8Array): Promise<string[][]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(bytes as unknown as ArrayBuffer);
	const rows: string[][] = [];
	book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => String(c ?? ''))));
	return rows;
}

/** a per-household anonymous poll taken at a session, so it shows on the session's live board */
async function anonymousPoll(extra: Record<string, unknown> = {}) {
	const s = await makeCommunityWithOwners();
	const { session, items } = await makeSession(s);
	const { id } = await votes.create(s.committee.actor, s.community.id, {
		title: '楼道灯选哪种',
		kind: 'poll',
		options: ['太阳能灯', '声控灯', '维持现状'],
		eligibility: 'households',
		anonymous: true,
		agendaItemId: items[0].id,
		...extra
	});
	await votes.open(s.committee.actor, id);
	const options = (await votes.get(s.committee.actor, id)).options.map((o) => o.id);
	return { s, id, session, options, vid: { voteId: String(id) } };
}

const noCounts = (options: { count: number | null }[]) => options.every((o) => o.count === null);

describe('an anonymous poll while open shows participation only', () => {
	it('the result API, the ballots API, the vote page, the notice, the live board and the register show no count per option and no times', async () => {
		const { s, id, session, options, vid } = await anonymousPoll();
		const [a, b, c] = options;
		// in the order cast: 201 paper, 101 online, 202 door, 102 online
		const ballots: [SessionUser, Record<string, unknown>][] = [
			[s.committee.actor, { unitId: s.units[2].id, optionIds: [a], method: 'paper' }],
			[s.owners[0].actor, { optionIds: [a] }],
			[s.committee.actor, { unitId: s.units[3].id, optionIds: [b], method: 'door' }],
			[s.owners[1].actor, { optionIds: [c] }]
		];
		for (const [n, [who, ballot]] of ballots.entries()) {
			expect((await call(ballotsPost, who, vid, ballot)).status).toBe(201);
			// what a resident and the committee can read after each ballot
			for (const reader of [s.owners[3].actor, s.committee.actor]) {
				const r = await call(resultGet, reader, vid);
				expect(r.status).toBe(200);
				expect(r.body).toMatchObject({ stage: 'open', participated: { heads: n + 1 } });
				expect(noCounts(r.body.options)).toBe(true);
			}
			const list = await call(ballotsGet, s.committee.actor, vid);
			for (const row of list.body) {
				expect(Object.keys(row).sort()).toEqual(['building', 'entrance', 'estate', 'method', 'optionIds', 'recordedByName', 'room', 'unitId', 'voterName']);
				expect(row.optionIds).toBeNull();
			}
			// by room, whatever order they came in
			const rooms = list.body.map((r: { room: string }) => r.room);
			expect(rooms).toEqual([...rooms].sort());
		}
		expect((await call(ballotsGet, s.committee.actor, vid)).body.map((r: { room: string }) => r.room)).toEqual(['101', '102', '201', '202']);

		// the vote page (committee and resident), the notice and the live board (page and API)
		const params = { cid: String(s.community.id), vid: String(id) };
		for (const who of [s.committee.actor, s.owners[3].actor]) {
			const page = (await load(pageLoad, who, params)) as Awaited<ReturnType<typeof votes.view>>;
			expect(noCounts((page.result as votes.PollResult).options)).toBe(true);
			const notice = (await load(noticeLoad, who, params)) as Awaited<ReturnType<typeof votes.notice>>;
			expect(noCounts((notice.result as votes.PollResult).options)).toBe(true);
			const board = (await load(boardLoad, who, { cid: String(s.community.id), sid: String(session.id) })) as {
				state: Awaited<ReturnType<typeof sessions.liveState>>;
			};
			expect(board.state.polls[0]).toMatchObject({ participated: 4 });
			expect(noCounts(board.state.polls[0].options)).toBe(true);
			const live = await call(liveGet, who, { sessionId: String(session.id) });
			expect(noCounts(live.body.polls[0].options)).toBe(true);
		}
		const desk = (await load(pageLoad, s.committee.actor, params)) as Awaited<ReturnType<typeof votes.view>>;
		expect(desk.register!.map((r) => r.room)).toEqual(['101', '102', '201', '202']);
		for (const row of desk.register!) expect(row).not.toHaveProperty('createdAt');

		// the register file: participants by room, no time column
		const file = await call(registerGet, s.committee.actor, params);
		const rows = await sheetRows(file.body);
		expect(rows[0]).toEqual(['房屋', '业主', '面积（㎡）', '表决意见', '方式', '代录人']);
		expect(rows.slice(1).map((r) => r[0].split(' ').at(-1))).toEqual(['101', '102', '201', '202']);
		for (const r of rows.slice(1)) expect(r.join(' ')).not.toMatch(/\d\d:\d\d/);

		// the audit log names the recorded units, never an option
		const logged = await db
			.select()
			.from(table.auditLog)
			.where(and(eq(table.auditLog.targetId, id), eq(table.auditLog.action, 'vote.ballot_recorded')));
		expect(logged).toHaveLength(2);
		for (const l of logged) expect(Object.keys(l.detail).sort()).toEqual(['changed', 'method', 'unitId']);

		// at close the counts appear, everywhere
		const closed = await call(closePost, s.committee.actor, vid);
		expect(closed.status).toBe(200);
		expect(closed.body.options.map((o: { count: number }) => o.count)).toEqual([2, 1, 1]);
		expect((await call(resultGet, s.owners[3].actor, vid)).body.options.map((o: { count: number }) => o.count)).toEqual([2, 1, 1]);
		const live = await call(liveGet, s.owners[3].actor, { sessionId: String(session.id) });
		expect(live.body.polls[0].options.map((o: { count: number }) => o.count)).toEqual([2, 1, 1]);
	});

	it('a named poll keeps its running counts and its register with times, and seals nothing', async () => {
		const { s, id, options, vid } = await anonymousPoll({ anonymous: false });
		await call(ballotsPost, s.owners[0].actor, vid, { optionIds: [options[1]] });
		const r = await call(resultGet, s.owners[2].actor, vid);
		expect(r.body.options.map((o: { count: number }) => o.count)).toEqual([0, 1, 0]);
		const [row] = (await call(ballotsGet, s.committee.actor, vid)).body;
		expect(row).toMatchObject({ optionIds: [options[1]], createdAt: expect.any(String) });
		expect(await db.select().from(table.voteSealedChoice).where(eq(table.voteSealedChoice.voteId, id))).toEqual([]);
	});

	it('an anonymous poll whose ballots could be changed is refused', async () => {
		const s = await makeCommunityWithOwners();
		const e = await refusal(votes.create(s.committee.actor, s.community.id, { title: '选哪天', kind: 'poll', options: ['周六', '周日'], anonymous: true, changeable: true }));
		expect(e.status).toBe(400);
		expect(e.fields.changeable).toBeTruthy();
	});
});

describe('every figure of an open anonymous poll, side by side', () => {
	/** everything a resident and the committee can read of the poll: pages, API, file, minutes draft, log */
	async function figures(s: Awaited<ReturnType<typeof anonymousPoll>>) {
		const { id, session, vid } = s;
		const committee = s.s.committee.actor;
		const resident = s.s.owners[3].actor;
		const params = { cid: String(s.s.community.id), vid: String(id) };
		const out: Record<string, unknown> = {};
		for (const [who, user] of [['committee', committee], ['resident', resident]] as const) {
			const list = (await load(listLoad, user, params)) as { votes: { id: number }[] };
			out[`${who} list page`] = list.votes.find((v) => v.id === id);
			out[`${who} list API`] = (await call(listGet, user, { communityId: params.cid })).body.find((v: { id: number }) => v.id === id);
			out[`${who} vote API`] = (await call(voteGet, user, vid)).body;
			out[`${who} result API`] = (await call(resultGet, user, vid)).body;
			const page = (await load(pageLoad, user, params)) as Awaited<ReturnType<typeof votes.view>>;
			out[`${who} vote page`] = { vote: page.vote, result: page.result };
			if (who === 'committee') Object.assign(out, { register: page.register, recordable: page.recordable });
			out[`${who} notice`] = await load(noticeLoad, user, params);
			const board = (await load(boardLoad, user, { cid: params.cid, sid: String(session.id) })) as { state: { polls: unknown[] } };
			out[`${who} live board`] = board.state.polls[0];
			out[`${who} live API`] = (await call(liveGet, user, { sessionId: String(session.id) })).body.polls[0];
		}
		out.ballots = (await call(ballotsGet, committee, vid)).body;
		out.file = await sheetRows((await call(registerGet, committee, params)).body);
		out.draft = (await call(draftGet, committee, { sessionId: String(session.id) })).body.votes.find((v: { id: number }) => v.id === id);
		const log = (await load(auditLoad, committee, params)) as { entries: { targetType: string | null; targetId: number | null; action: string; detail: unknown }[] };
		out.log = log.entries.filter((e) => e.targetType === 'vote' && e.targetId === id).map(({ action, detail }) => ({ action, detail }));
		return out;
	}
	/** the participation each output shows, where it shows one */
	function participation(f: Record<string, unknown>): Record<string, number> {
		const out: Record<string, number> = {};
		for (const who of ['committee', 'resident']) {
			for (const where of ['result API', 'notice']) {
				const r = (where === 'notice' ? (f[`${who} notice`] as { result: unknown }).result : f[`${who} ${where}`]) as votes.PollResult;
				out[`${who} ${where}`] = r.participated.heads;
				out[`${who} ${where} ‰`] = r.participationPermille.heads;
			}
			out[`${who} vote page`] = ((f[`${who} vote page`] as { result: votes.PollResult }).result).participated.heads;
			out[`${who} live board`] = (f[`${who} live board`] as { participated: number }).participated;
			out[`${who} live API`] = (f[`${who} live API`] as { participated: number }).participated;
		}
		out.register = (f.register as unknown[]).length;
		out.recordable = (f.recordable as { voted: boolean }[]).filter((u) => u.voted).length;
		out.ballots = (f.ballots as unknown[]).length;
		out.file = (f.file as unknown[]).length - 1;
		return out;
	}
	/** what is left once participation is taken out: nothing of it may move when someone votes */
	function withoutParticipation(f: Record<string, unknown>) {
		const strip = (x: unknown): unknown =>
			Array.isArray(x)
				? x.map(strip)
				: x && typeof x === 'object'
					? Object.fromEntries(Object.entries(x).filter(([k]) => !['participated', 'participationPermille'].includes(k)).map(([k, v]) => [k, strip(v)]))
					: x;
		const { register: _r, recordable: _u, ballots: _b, file: _f, log: _l, ...rest } = f;
		return strip(rest);
	}
	/** every option list anywhere in the outputs, with the count it shows */
	function optionCounts(x: unknown, out: unknown[] = []): unknown[] {
		if (Array.isArray(x)) x.forEach((y) => optionCounts(y, out));
		else if (x && typeof x === 'object') {
			for (const [k, v] of Object.entries(x)) {
				if (k === 'options' && Array.isArray(v)) for (const o of v) if (o && typeof o === 'object' && 'count' in o) out.push(o.count);
				optionCounts(v, out);
			}
		}
		return out;
	}

	it('agree on who took part and nothing else: no count per option anywhere, and nothing but participation moves with a ballot', async () => {
		const poll = await anonymousPoll();
		const { s, options, vid } = poll;
		const [a, b, c] = options;
		const ballots: [SessionUser, Record<string, unknown>][] = [
			[s.owners[0].actor, { optionIds: [a] }],
			[s.committee.actor, { unitId: s.units[1].id, optionIds: [a], method: 'paper' }],
			[s.owners[2].actor, { optionIds: [b] }],
			[s.committee.actor, { unitId: s.units[3].id, optionIds: [c], method: 'door' }]
		];
		let before = await figures(poll);
		expect(new Set(Object.values(participation(before)))).toEqual(new Set([0]));
		for (const [n, [who, ballot]] of ballots.entries()) {
			expect((await call(ballotsPost, who, vid, ballot)).status).toBe(201);
			const now = await figures(poll);
			// every count of who took part, on every page, file and endpoint, is the same n
			const shown = participation(now);
			const permille = Math.floor(((n + 1) * 1000) / (now['resident result API'] as votes.PollResult).eligible.heads);
			for (const [where, value] of Object.entries(shown)) expect(value, where).toBe(where.endsWith('‰') ? permille : n + 1);
			// there are options everywhere they are listed, and none shows a count
			const counts = optionCounts(now);
			expect(counts.length).toBeGreaterThanOrEqual(12);
			expect(counts.every((x) => x === null)).toBe(true);
			expect(JSON.stringify(now.draft)).toContain('表决尚未结束');
			expect(JSON.stringify(now.draft)).not.toMatch(/\d+ 票/);
			// nothing else moved: no time, counter or order in any list, page or endpoint follows the ballots
			expect(withoutParticipation(now)).toEqual(withoutParticipation(before));
			// residents' own ballots leave no trace in the log; the committee's records name the unit and how, never a choice
			const logged = now.log as { action: string; detail: Record<string, unknown> }[];
			expect(logged.filter((l) => l.action === 'vote.ballot_recorded')).toHaveLength(ballots.slice(0, n + 1).filter(([w]) => w === s.committee.actor).length);
			for (const l of logged) expect(JSON.stringify(l.detail)).not.toMatch(/option|count/i);
			before = now;
		}

		// at close the counts appear in every output that lists the options, and agree with one another
		await votes.close(s.committee.actor, poll.id);
		const closed = await figures(poll);
		const counts = optionCounts(closed);
		expect(counts.length).toBeGreaterThanOrEqual(12);
		expect(counts.every((x) => typeof x === 'number')).toBe(true);
		for (const who of ['committee', 'resident']) {
			for (const r of [closed[`${who} result API`], (closed[`${who} vote page`] as { result: unknown }).result, (closed[`${who} notice`] as { result: unknown }).result, closed[`${who} live API`]]) {
				expect((r as votes.PollResult).options.map((o) => o.count)).toEqual([2, 1, 1]);
			}
		}
		expect(JSON.stringify(closed.draft)).toContain('太阳能灯：2 票');
		// who took part stays as it was (the recordable units go with the open poll)
		const { recordable: _gone, ...after } = participation(closed);
		for (const [where, value] of Object.entries(after)) if (!where.endsWith('‰')) expect(value, where).toBe(4);
	});
});

describe('what the database holds of an anonymous poll', () => {
	it('while open: who took part, and sealed choices with no voter, no time and no insert order; at close the counts, no salt and no sealed rows', async () => {
		const { s, id, options, vid } = await anonymousPoll({ multiple: true, maxChoices: 2 });
		const [a, b, c] = options;
		await call(ballotsPost, s.owners[0].actor, vid, { optionIds: [a] });
		await call(ballotsPost, s.committee.actor, vid, { unitId: s.units[1].id, optionIds: [b, c], method: 'paper' });
		await call(ballotsPost, s.owners[2].actor, vid, { optionIds: [c] });

		// every table that refers to the vote, every column a reader sees
		const tables = await raw<{ table_name: string }>(sql`
			select table_name from information_schema.columns
			where table_schema = current_schema() and column_name = 'vote_id' order by table_name`);
		// vote_candidate and vote_item are an election's candidates and a meeting's matters: a poll has none (checked below)
		expect(tables.map((t) => t.table_name)).toEqual([
			'plan',
			'vote_ballot',
			'vote_candidate',
			'vote_item',
			'vote_objection',
			'vote_option',
			'vote_participation',
			'vote_roll',
			'vote_sealed_choice'
		]);
		for (const t of ['vote_candidate', 'vote_item']) {
			const rows = await raw<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(t)} where vote_id = ${id}`);
			expect(rows[0].n, `${t} rows of the anonymous poll`).toBe(0);
		}

		const parts = await raw<{ xmin: string; option_ids: unknown; voter_key: string }>(
			sql`select xmin::text as xmin, option_ids, voter_key from vote_participation where vote_id = ${id}`
		);
		expect(parts).toHaveLength(3);
		expect(parts.every((p) => p.option_ids === null)).toBe(true);

		const sealedCols = await raw<{ column_name: string }>(sql`
			select column_name from information_schema.columns
			where table_schema = current_schema() and table_name = 'vote_sealed_choice' order by ordinal_position`);
		expect(sealedCols.map((c) => c.column_name)).toEqual(['id', 'vote_id', 'community_id', 'sealed']);
		const sealedRows = await raw<{ xmin: string; id: string; sealed: string }>(
			sql`select xmin::text as xmin, id::text as id, sealed from vote_sealed_choice where vote_id = ${id}`
		);
		expect(sealedRows).toHaveLength(3);
		for (const r of sealedRows) {
			expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
			// one length for every choice: a single option and two options seal alike
			expect(r.sealed.length).toBe(sealedRows[0].sealed.length);
		}
		// what a reader can match: each sealed row was written by a ballot's transaction (its xmin is a participation
		// row's), but what it holds opens only with the server secret, which is not in the database
		expect(new Set(sealedRows.map((r) => r.xmin))).toEqual(new Set(parts.map((p) => p.xmin)));
		const [v] = await db.select().from(table.vote).where(eq(table.vote.id, id));
		expect(v.choiceSalt).toBeTruthy();
		const guessedKey = Buffer.from(hkdfSync('sha256', randomBytes(32), Buffer.from(v.choiceSalt!, 'base64url'), `vote-choice:${id}`, 32));
		for (const r of sealedRows) {
			const bytes = Buffer.from(r.sealed, 'base64url');
			const d = createDecipheriv('aes-256-gcm', guessedKey, bytes.subarray(0, 12));
			d.setAAD(Buffer.from(`vote:${id}`));
			d.setAuthTag(bytes.subarray(12, 28));
			d.update(bytes.subarray(28));
			expect(() => d.final()).toThrow();
		}
		// the counters were not touched by any ballot
		const optionRows = await raw<{ xmin: string; count: number }>(sql`select xmin::text as xmin, count from vote_option where vote_id = ${id}`);
		expect(optionRows.map((o) => o.count)).toEqual([0, 0, 0]);
		for (const o of optionRows) expect(parts.map((p) => p.xmin)).not.toContain(o.xmin);
		// nothing else of the vote holds an option id beside a voter
		const logged = await raw<{ detail: unknown }>(sql`select detail from audit_log where target_type = 'vote' and target_id = ${id}`);
		for (const l of logged) expect(JSON.stringify(l.detail)).not.toMatch(/option/i);

		const closed = (await votes.close(s.committee.actor, id)) as votes.PollResult;
		expect(closed.options.map((o) => o.count)).toEqual([1, 1, 2]);
		const [after] = await db.select().from(table.vote).where(eq(table.vote.id, id));
		expect(after.choiceSalt).toBeNull();
		expect(await db.select().from(table.voteSealedChoice).where(eq(table.voteSealedChoice.voteId, id))).toEqual([]);
		const counted = await raw<{ xmin: string; count: number }>(sql`select xmin::text as xmin, count from vote_option where vote_id = ${id} order by position`);
		expect(counted.map((o) => o.count)).toEqual([1, 1, 2]);
		expect(new Set(counted.map((o) => o.xmin)).size).toBe(1);
		expect(parts.map((p) => p.xmin)).not.toContain(counted[0].xmin);
	});

	it('a refused ballot leaves nothing: a second one from the household, a bad option, one after close', async () => {
		const { s, id, options, vid } = await anonymousPoll();
		await call(ballotsPost, s.owners[0].actor, vid, { optionIds: [options[0]] });
		const rows = async () => ({
			parts: (await db.select().from(table.voteParticipation).where(eq(table.voteParticipation.voteId, id))).length,
			sealed: (await db.select().from(table.voteSealedChoice).where(eq(table.voteSealedChoice.voteId, id))).length
		});
		expect(await rows()).toEqual({ parts: 1, sealed: 1 });
		expect((await call(ballotsPost, s.owners[0].actor, vid, { optionIds: [options[1]] })).status).toBe(409);
		expect((await call(ballotsPost, s.committee.actor, vid, { unitId: s.units[0].id, optionIds: [options[1]], method: 'paper' })).status).toBe(409);
		expect((await call(ballotsPost, s.owners[1].actor, vid, { optionIds: [999_999] })).status).toBe(400);
		// concurrent first ballots from one household: one goes in, with one sealed choice
		const race = await Promise.all(Array.from({ length: 8 }, (_, i) => call(ballotsPost, s.owners[2].actor, vid, { optionIds: [options[i % 3]] })));
		expect(race.filter((r) => r.status === 201)).toHaveLength(1);
		expect(race.filter((r) => r.status === 409)).toHaveLength(7);
		expect(await rows()).toEqual({ parts: 2, sealed: 2 });
		await votes.close(s.committee.actor, id);
		expect((await call(ballotsPost, s.owners[3].actor, vid, { optionIds: [options[2]] })).status).toBe(409);
		expect(await rows()).toEqual({ parts: 2, sealed: 0 });
		const r = (await votes.result(s.owners[3].actor, id)) as votes.PollResult;
		expect(r.participated.heads).toBe(2);
		expect(r.options.reduce((n, o) => n + o.count!, 0)).toBe(2);
	});

	it('closes by itself at its closing time with the sealed choices counted', async () => {
		const { s, id, options, vid } = await anonymousPoll({ closesAt: new Date(Date.now() + 60_000).toISOString() });
		await call(ballotsPost, s.owners[0].actor, vid, { optionIds: [options[2]] });
		await call(ballotsPost, s.committee.actor, vid, { unitId: s.units[1].id, optionIds: [options[2]], method: 'door' });
		await db.update(table.vote).set({ closesAt: sql`now() - interval '1 minute'` }).where(eq(table.vote.id, id));
		const r = await call(resultGet, s.owners[3].actor, vid);
		expect(r.body).toMatchObject({ stage: 'final', participated: { heads: 2 } });
		expect(r.body.options.map((o: { count: number }) => o.count)).toEqual([0, 0, 2]);
		const [after] = await db.select().from(table.vote).where(eq(table.vote.id, id));
		expect(after.choiceSalt).toBeNull();
		expect(await db.select().from(table.voteSealedChoice).where(eq(table.voteSealedChoice.voteId, id))).toEqual([]);
	});
});

describe('a sealed choice', () => {
	const order = [11, 12, 13, 1400];
	const salt = randomBytes(32).toString('base64url');

	it('opens with its vote and salt into the options chosen, and seals every choice to one length', () => {
		const sealedOnes = [[11], [1400], [12, 13], []].map((c) => seal(7, salt, order, c));
		expect(new Set(sealedOnes.map((x) => x.length)).size).toBe(1);
		expect(sealedOnes.map((x) => unseal(7, salt, order, x))).toEqual([[11], [1400], [12, 13], []]);
		// the same choice twice seals differently
		expect(seal(7, salt, order, [11])).not.toBe(sealedOnes[0]);
	});

	it('does not open under another vote, another salt, or when altered', () => {
		const x = seal(7, salt, order, [12]);
		expect(() => unseal(8, salt, order, x)).toThrow();
		expect(() => unseal(7, randomBytes(32).toString('base64url'), order, x)).toThrow();
		const bytes = Buffer.from(x, 'base64url');
		bytes[bytes.length - 1] ^= 1;
		expect(() => unseal(7, salt, order, bytes.toString('base64url'))).toThrow();
	});
});
