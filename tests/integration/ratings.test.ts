/**
 * Quarterly cadre ratings: one rating per resident and cadre (a change replaces, also under
 * concurrent submissions), who may rate, no figures below the minimum, and nothing anywhere
 * — pages, API, export, audit log, the rating tables themselves — that ties a rating to its rater.
 */
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { connection, db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as ratings from '$lib/server/ratings';
import * as audit from '$lib/server/audit';
import { makeCommunityWithOwners, makeUser, refusal } from './fixtures';
import { readsOf } from './reads';

const HOUR = 3600_000;

async function setup(cadreCount = 2) {
	const s = await makeCommunityWithOwners();
	const cadres = [];
	for (let i = 0; i < cadreCount; i++) {
		cadres.push(await ratings.createCadre(s.committee.actor, s.community.id, { name: `干部${i}号`, post: i === 0 ? '社区书记' : '网格员' }));
	}
	const { id: roundId } = await ratings.createRound(s.committee.actor, s.community.id, {
		year: 2026,
		quarter: 4,
		opensAt: new Date(Date.now() - HOUR).toISOString(),
		closesAt: new Date(Date.now() + 24 * HOUR).toISOString()
	});
	return { ...s, cadres, roundId };
}

const ballotsOf = (roundId: number, cadreId: number) =>
	db.select().from(table.ratingBallot).where(and(eq(table.ratingBallot.roundId, roundId), eq(table.ratingBallot.cadreId, cadreId)));

describe('one rating per resident and cadre', () => {
	it('a second rating of the same cadre replaces the first and is counted once', async () => {
		const s = await setup();
		const [a, b] = s.cadres;
		await ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: a.id, level: 2, comment: '办事拖拉' }, { cadreId: b.id, level: 5 }] });
		let view = await ratings.view(s.owners[0].actor, s.roundId);
		expect(view.cadres.map((c) => c.mine?.level)).toEqual([2, 5]);
		await ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: a.id, level: 4, comment: '' }] });
		view = await ratings.view(s.owners[0].actor, s.roundId);
		expect(view.cadres.map((c) => c.mine?.level)).toEqual([4, 5]);
		expect(view.ratersSoFar).toBe(1);
		// another resident's view knows nothing of the first resident's ratings
		expect((await ratings.view(s.owners[1].actor, s.roundId)).cadres.map((c) => c.mine)).toEqual([null, null]);
		expect(await ballotsOf(s.roundId, a.id)).toHaveLength(1);

		await ratings.updateSettings(s.committee.actor, s.community.id, { minCount: 1, flagThresholdPercent: '90', followUpDays: 15 });
		await ratings.close(s.committee.actor, s.roundId);
		const r = await ratings.results(s.committee.actor, s.roundId);
		expect(r.cadres[0]).toMatchObject({ shown: true, valid: 1, counts: { 5: 0, 4: 1, 3: 0, 2: 0, 1: 0 } });
		expect(r.raters).toBe(1);
		expect(r.eligible).toBe(4);
		expect(r.participation).toBe('25.0%');
		// the replaced low rating left no follow-up behind
		expect((await ratings.view(s.committee.actor, s.roundId)).followUps).toEqual([]);
	});

	it('20 concurrent submissions by one resident leave one rating, the count stays 1 (PostgreSQL when DATABASE_URL is set)', async () => {
		expect((await connection()).kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
		const s = await setup();
		const [a, b] = s.cadres;
		const levels = Array.from({ length: 20 }, (_, i) => (i % 5) + 1);
		const outcomes = await Promise.allSettled(
			levels.map((level) => ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: a.id, level }, { cadreId: b.id, level: 6 - level }] }))
		);
		expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
		const rows = await ballotsOf(s.roundId, a.id);
		expect(rows).toHaveLength(1);
		expect(levels).toContain(rows[0].level);
		expect(await ballotsOf(s.roundId, b.id)).toHaveLength(1);
		// and a paper form for the same resident replaces it too
		await ratings.enterPaper(s.committee.actor, s.roundId, { phone: s.owners[0].user.phone, ratings: [{ cadreId: a.id, level: 3 }] });
		expect((await ballotsOf(s.roundId, a.id)).map((r) => [r.level, r.method, r.enteredById])).toEqual([[3, 'paper', s.committee.user.id]]);
		const view = await ratings.view(s.committee.actor, s.roundId);
		expect(view.ratersSoFar).toBe(1);
	});

	it('ratings after the round closes are refused and the rater keys are gone', async () => {
		const s = await setup();
		await ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 5 }] });
		const before = (await ballotsOf(s.roundId, s.cadres[0].id)).map((b) => b.id);
		await ratings.close(s.committee.actor, s.roundId);
		// the ballots were written anew, so their row versions no longer carry the order people rated in
		const after = (await ballotsOf(s.roundId, s.cadres[0].id)).map((b) => b.id);
		expect(after).toHaveLength(1);
		expect(after).not.toEqual(before);
		const e = await refusal(ratings.rate(s.owners[1].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 5 }] }));
		expect([e.status, e.code]).toEqual([409, 'round_closed']);
		const [round] = await db.select().from(table.ratingRound).where(eq(table.ratingRound.id, s.roundId));
		expect(round.raterSalt).toBeNull();
		expect((await ballotsOf(s.roundId, s.cadres[0].id)).map((b) => b.raterKey)).toEqual([null]);
		expect(await db.select().from(table.ratingParticipant).where(eq(table.ratingParticipant.roundId, s.roundId))).toEqual([]);
	});
});

describe('who may rate', () => {
	it('refuses an unverified user, another community’s resident, a committee member without residence and a bad level', async () => {
		const s = await setup();
		const other = await makeCommunityWithOwners();
		const pending = await makeUser({ communityId: s.community.id, role: 'resident', status: 'pending' });
		const body = { ratings: [{ cadreId: s.cadres[0].id, level: 5 }] };
		const e1 = await refusal(ratings.rate(pending.actor, s.roundId, body));
		expect([e1.status, e1.code]).toEqual([403, 'not_verified']);
		const e2 = await refusal(ratings.rate(other.owners[0].actor, s.roundId, body));
		expect([e2.status, e2.code]).toEqual([403, 'forbidden']);
		const e3 = await refusal(ratings.rate(s.committee.actor, s.roundId, body));
		expect(e3.status).toBe(403);
		const e4 = await refusal(ratings.rate(null, s.roundId, body));
		expect(e4.status).toBe(401);
		const e5 = await refusal(ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 6 }] }));
		expect(e5.status).toBe(400);
		expect(e5.fields['ratings.0.level']).toBe('请选择五个等级之一');
		const e6 = await refusal(ratings.rate(s.owners[0].actor, s.roundId, ratings.ratingsFromForm({ _form: 'rate', comment_1: '好' })));
		expect(e6.fields.ratings).toBe('请至少为一位干部选择满意程度');
		// a cadre of another community's round
		const e7 = await refusal(ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: 999999, level: 5 }] }));
		expect(e7.fields['level_999999']).toBeTruthy();
		// a cadre who is also a resident does not rate themselves
		const [self] = await db.insert(table.ratingCadre).values({ communityId: s.community.id, name: '业主兼干部', post: '楼栋长', userId: s.owners[1].user.id }).returning();
		await db.insert(table.ratingRoundCadre).values({ roundId: s.roundId, cadreId: self.id, communityId: s.community.id });
		const e9 = await refusal(ratings.rate(s.owners[1].actor, s.roundId, { ratings: [{ cadreId: self.id, level: 5 }] }));
		expect(e9.fields[`level_${self.id}`]).toBe('不能给自己评价');
		// nothing was written by any of them
		expect(await db.select().from(table.ratingBallot).where(eq(table.ratingBallot.roundId, s.roundId))).toEqual([]);
		// another community's resident cannot even read the round
		expect((await refusal(ratings.view(other.owners[0].actor, s.roundId))).status).toBe(403);
		expect((await refusal(ratings.list(other.owners[0].actor, s.community.id))).status).toBe(403);
		// a paper form needs a verified resident of this community
		const e8 = await refusal(ratings.enterPaper(s.committee.actor, s.roundId, { phone: other.owners[0].user.phone, ...body }));
		expect(e8.fields.phone).toBe('找不到本社区已核实居民的这个手机号');
		expect((await refusal(ratings.enterPaper(s.owners[0].actor, s.roundId, { phone: s.owners[1].user.phone, ...body }))).status).toBe(403);
	});
});

describe('figures', () => {
	it('below the minimum count a cadre shows no figures (page, API, export, trend); from the minimum on it does and is flagged under the threshold', async () => {
		const s = await setup();
		const [a, b] = s.cadres;
		const residents = [...s.owners];
		residents.push(await makeUser({ communityId: s.community.id, role: 'resident' }));
		// cadre a: 5 ratings (3 satisfied of 5 = 60%); cadre b: 4 ratings
		const levelsA = [5, 4, 3, 2, 1];
		for (const [i, r] of residents.entries()) {
			const list = [{ cadreId: a.id, level: levelsA[i], comment: levelsA[i] <= 2 ? `意见${i}` : '' }];
			if (i < 4) list.push({ cadreId: b.id, level: 5, comment: '' });
			await ratings.rate(r.actor, s.roundId, { ratings: list });
		}
		// nobody sees figures while the round is open
		expect((await refusal(ratings.results(s.committee.actor, s.roundId))).status).toBe(409);
		expect((await ratings.view(s.committee.actor, s.roundId)).figures).toBeNull();
		await ratings.close(s.committee.actor, s.roundId);
		// residents see them only after publication
		expect((await refusal(ratings.results(s.owners[0].actor, s.roundId))).status).toBe(409);
		await ratings.publish(s.committee.actor, s.roundId);

		const r = await ratings.results(s.owners[0].actor, s.roundId);
		const [fa, fb] = r.cadres;
		expect(fa).toMatchObject({ shown: true, valid: 5, satisfaction: '60.0%', strict: '40.0%', mean: '3.00', flagged: true });
		expect(fb).toEqual({ cadreId: b.id, name: '干部1号', post: '网格员', grid: null, shown: false, flagged: false });
		// the hidden cadre's four ratings are in no total: "total minus the cadres shown" gives nothing away
		expect(r.total).toMatchObject({ shown: true, valid: 5, satisfaction: '60.0%', counts: (fa as { counts: unknown }).counts });
		expect(r.formulas.satisfaction).toContain('非常满意 + 满意 + 基本满意');

		const page = JSON.stringify(await pageLoad('[rid]', s.owners[0].actor, s.community.id, s.roundId));
		expect(page).toContain('60.0%');
		expect(JSON.stringify((JSON.parse(page) as { figures: { cadres: unknown[] } }).figures.cadres[1])).not.toMatch(/valid|counts|satisfaction/);

		const rows = await sheetText((await ratings.workbook(s.committee.actor, s.roundId)).bytes);
		expect(rows.find((row) => row.startsWith('干部1号'))).toContain('评价数不足，不显示');
		expect(rows.find((row) => row.startsWith('干部0号'))).toContain('60.0%');
		const totalRow = rows.find((row) => row.startsWith('全社区')) ?? '';
		expect(totalRow).toContain('60.0%');
		expect(totalRow).not.toContain('77.8%');
		expect(totalRow.split('|')).toContain('5');
		expect(totalRow.split('|')).not.toContain('9');

		const trend = await ratings.trend(s.owners[0].actor, s.community.id);
		expect(trend.cadreSeries.map((x) => x.values)).toEqual([[60], [null]]);
		expect(trend.communitySeries.values).toEqual([60]);

		// the two low ratings with comments became follow-ups due in 15 working days; the talk is recorded
		const view = await ratings.view(s.committee.actor, s.roundId);
		expect(view.followUps.map((f) => [f.level, f.comment, f.overdue])).toEqual([
			[1, '意见4', false],
			[2, '意见3', false]
		]);
		const due = view.followUps[0].dueAt.getTime() - view.round.closedAt!.getTime();
		expect(due).toBeGreaterThanOrEqual(19 * 24 * HOUR);
		expect(due).toBeLessThanOrEqual(21 * 24 * HOUR);
		await ratings.recordTalk(s.committee.actor, s.roundId, { cadreId: a.id, heldAt: '2026-11-26', note: '谈话提醒改进作风' });
		await ratings.completeFollowUp(s.committee.actor, view.followUps[0].id, { action: '已上门回访' });
		const after = await ratings.view(s.committee.actor, s.roundId);
		expect(after.talks.map((t) => t.note)).toEqual(['谈话提醒改进作风']);
		expect(after.followUps[0].doneAt).not.toBeNull();
		const log = await audit.list(s.committee.actor, s.community);
		expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['rating.round_closed', 'rating.round_published', 'rating.talk_recorded', 'rating.follow_up_done']));
	});

	it('a round’s thresholds are fixed at its close: lowering the minimum or the flag threshold later re-shows and re-flags nothing (API, page, notice, export, trend)', async () => {
		const s = await setup();
		const [a, b] = s.cadres;
		const residents = [...s.owners, await makeUser({ communityId: s.community.id, role: 'resident' })];
		// a: five ratings, 4 satisfied of 5 = 80% (flagged under 90%); b: one rating of 非常不满意 (hidden under 5)
		for (const [i, r] of residents.entries()) {
			const list = [{ cadreId: a.id, level: [5, 5, 4, 3, 2][i], comment: '' }];
			if (i === 0) list.push({ cadreId: b.id, level: 1, comment: '' });
			await ratings.rate(r.actor, s.roundId, { ratings: list });
		}
		await ratings.close(s.committee.actor, s.roundId);
		await ratings.publish(s.committee.actor, s.roundId);
		const before = await ratings.results(s.owners[0].actor, s.roundId);
		expect(before.cadres.map((c) => [c.shown, c.flagged])).toEqual([[true, true], [false, false]]);

		// after publication the committee lowers the minimum to 1 and the flag threshold to 50%
		await ratings.updateSettings(s.committee.actor, s.community.id, { minCount: 1, flagThresholdPermille: 500, followUpDays: 15 });
		expect((await ratings.settings(s.committee.actor, s.community.id)).minCount).toBe(1);

		const r = await ratings.results(s.owners[0].actor, s.roundId);
		expect(r.minCount).toBe(5);
		expect(r.flagThresholdPermille).toBe(900);
		expect(r.cadres.map((c) => [c.shown, c.flagged])).toEqual([[true, true], [false, false]]);
		expect(JSON.stringify(r.cadres[1])).not.toMatch(/valid|counts|satisfaction/);
		expect(r.total).toMatchObject({ valid: 5, satisfaction: '80.0%' });
		const page = (await pageLoad('[rid]', s.owners[0].actor, s.community.id, s.roundId)) as { figures: { cadres: unknown[] }; settings: { minCount: number; flagThresholdPermille: number } };
		expect(JSON.stringify(page.figures.cadres[1])).not.toMatch(/valid|counts|satisfaction/);
		expect(page.settings).toMatchObject({ minCount: 5, flagThresholdPermille: 900 });
		const notice = (await pageLoad('[rid]/notice', s.owners[0].actor, s.community.id, s.roundId)) as { cadres: unknown[]; minCount: number };
		expect(notice.minCount).toBe(5);
		expect(JSON.stringify(notice.cadres[1])).not.toMatch(/valid|counts|satisfaction/);
		const rows = await sheetText((await ratings.workbook(s.committee.actor, s.roundId)).bytes);
		expect(rows.find((row) => row.startsWith('干部1号'))).toContain('评价数不足，不显示');
		expect(rows.join('\n')).toContain('评价少于 5 条的干部不显示数字');
		const trend = await ratings.trend(s.owners[0].actor, s.community.id);
		expect(trend.cadreSeries.map((x) => x.values)).toEqual([[80], [null]]);
		expect(trend.communitySeries.values).toEqual([80]);
	});

	it('a hidden cadre is in no figure a reader can see: every total is the shown cadres’ sum exactly, the same on the API, the pages, the notice, the file, the trend and the log', async () => {
		const s = await setup(3);
		const [a, b, c] = s.cadres;
		const residents = [...s.owners];
		while (residents.length < 6) residents.push(await makeUser({ communityId: s.community.id, role: 'resident' }));
		// a: 6 ratings, 4 satisfied (66.7%); b: 6 ratings, 5 satisfied (83.3%); c: two 非常不满意 from raters of a and b, hidden under 5
		const levels = { a: [5, 4, 3, 3, 2, 1], b: [5, 5, 5, 4, 4, 1] };
		for (const [i, r] of residents.slice(0, 6).entries()) {
			const list = [{ cadreId: a.id, level: levels.a[i] }, { cadreId: b.id, level: levels.b[i] }];
			if (i < 2) list.push({ cadreId: c.id, level: 1 });
			await ratings.rate(r.actor, s.roundId, { ratings: list });
		}
		await ratings.close(s.committee.actor, s.roundId);
		await ratings.publish(s.committee.actor, s.roundId);

		// the shown cadres' sums, and what any figure would read if the hidden cadre's ratings were in it
		const sum = { 5: 4, 4: 3, 3: 2, 2: 1, 1: 2 };
		const leaked = ['64.3%', '50.0%', '3.14'];
		const reader = s.owners[0].actor;
		const api = JSON.parse(await apiGet('results', reader, { roundId: String(s.roundId) })) as Awaited<ReturnType<typeof ratings.results>>;
		const page = (await pageLoad('[rid]', reader, s.community.id, s.roundId)) as { figures: Awaited<ReturnType<typeof ratings.results>>; trend: unknown };
		const committeePage = (await pageLoad('[rid]', s.committee.actor, s.community.id, s.roundId)) as typeof page;
		const notice = (await pageLoad('[rid]/notice', reader, s.community.id, s.roundId)) as Awaited<ReturnType<typeof ratings.results>> & { trend: unknown };
		for (const [where, f] of Object.entries({ api, page: page.figures, 'committee page': committeePage.figures, notice })) {
			expect(f.cadres.map((x) => x.shown), where).toEqual([true, true, false]);
			expect(f.total, where).toMatchObject({ shown: true, valid: 12, counts: sum, satisfaction: '75.0%', strict: '58.3%', mean: '3.50' });
			const [fa, fb] = f.cadres as { counts: Record<number, number> }[];
			for (const l of [5, 4, 3, 2, 1]) expect(fa.counts[l] + fb.counts[l], `${where} level ${l}`).toBe(f.total.counts![l as 1]);
			expect(f.raters, where).toBe(6);
			// one set of figures: every page and the notice show what the API shows
			expect({ cadres: f.cadres, total: f.total, raters: f.raters, eligible: f.eligible, participation: f.participation }, where).toEqual({
				cadres: api.cadres,
				total: api.total,
				raters: api.raters,
				eligible: api.eligible,
				participation: api.participation
			});
		}
		const trend = JSON.parse(await apiGet('trend', reader, { communityId: String(s.community.id) })) as Awaited<ReturnType<typeof ratings.trend>>;
		expect(trend.communitySeries.values).toEqual([75]);
		expect(trend.cadreSeries.map((x) => x.values)).toEqual([[66.7], [83.3], [null]]);
		expect(page.trend).toEqual(trend);
		expect(notice.trend).toEqual(trend);
		expect(((await pageLoad('', reader, s.community.id)) as { trend: unknown }).trend).toEqual(trend);

		const rows = await sheetText((await ratings.workbook(reader, s.roundId)).bytes);
		const totalRow = (rows.find((row) => row.startsWith('全社区')) ?? '').split('|');
		expect(totalRow.slice(2, 11)).toEqual(['4', '3', '2', '1', '2', '12', '75.0%', '58.3%', '3.50']);
		expect(rows.find((row) => row.startsWith('干部2号'))).toContain('评价数不足，不显示');
		expect(rows.find((row) => row.startsWith('参评人数'))?.split('|').slice(0, 2)).toEqual(['参评人数', '6']);

		const closedLog = (await audit.list(s.committee.actor, s.community)).find((l) => l.action === 'rating.round_closed');
		expect(closedLog?.detail).toMatchObject({ raters: 6 });

		// nothing anywhere reads as if the hidden cadre's two ratings were counted
		const everything = [JSON.stringify(api), JSON.stringify(page), JSON.stringify(committeePage), JSON.stringify(notice), JSON.stringify(trend), rows.join('\n')];
		for (const out of everything) {
			for (const figure of leaked) expect(out.split(/[|",:{}[\]\n]/), figure).not.toContain(figure);
		}
	});

	it('an overdue follow-up shows as overdue', async () => {
		const s = await setup();
		await ratings.updateSettings(s.committee.actor, s.community.id, { minCount: 1, flagThresholdPermille: 900, followUpDays: 1 });
		await ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 1, comment: '从不回电话' }] });
		await ratings.close(s.committee.actor, s.roundId);
		await db.update(table.ratingFollowUp).set({ dueAt: new Date(Date.now() - HOUR) });
		expect((await ratings.view(s.committee.actor, s.roundId)).followUps.map((f) => f.overdue)).toEqual([true]);
	});
});

// ---------- nothing ties a rating to its rater ----------

type Load = (event: never) => Promise<unknown>;
async function pageLoad(page: '' | '[rid]' | '[rid]/notice' | 'cadres' | 'me', user: unknown, cid: number, rid?: number) {
	const mod =
		page === 'me'
			? await import('../../src/routes/c/[cid]/ratings/me/+page.server')
			: page === ''
			? await import('../../src/routes/c/[cid]/ratings/+page.server')
			: page === '[rid]'
				? await import('../../src/routes/c/[cid]/ratings/[rid]/+page.server')
				: page === '[rid]/notice'
					? await import('../../src/routes/c/[cid]/ratings/[rid]/notice/+page.server')
					: await import('../../src/routes/c/[cid]/ratings/cadres/+page.server');
	return (mod.load as unknown as Load)({
		locals: { user },
		params: { cid: String(cid), rid: String(rid ?? '') },
		url: new URL(`http://localhost/c/${cid}/ratings`)
	} as never);
}

async function apiGet(path: string, user: unknown, params: Record<string, string>) {
	const mods: Record<string, () => Promise<{ GET: unknown }>> = {
		list: () => import('../../src/routes/api/v1/communities/[communityId]/rating-rounds/+server'),
		trend: () => import('../../src/routes/api/v1/communities/[communityId]/rating-trend/+server'),
		cadres: () => import('../../src/routes/api/v1/communities/[communityId]/cadres/+server'),
		round: () => import('../../src/routes/api/v1/rating-rounds/[roundId]/+server'),
		results: () => import('../../src/routes/api/v1/rating-rounds/[roundId]/results/+server'),
		own: () => import('../../src/routes/api/v1/communities/[communityId]/ratings/mine/+server')
	};
	const { GET } = await mods[path]();
	const res = (await (GET as (e: never) => Promise<Response>)({ locals: { user }, params, url: new URL('http://localhost/api') } as never)) as Response;
	return res.text();
}

async function sheetText(bytes: Uint8Array): Promise<string[]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(bytes as unknown as ArrayBuffer);
	const rows: string[] = [];
	book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => String(c ?? '')).join('|')));
	return rows;
}

/** every key that could name a person holds something other than this user's id */
function userIdsIn(value: unknown, out: number[] = []): number[] {
	if (Array.isArray(value)) value.forEach((v) => userIdsIn(v, out));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			if (/(user|rater|voter|resident|member|actor)(Id)?$|ById$/i.test(k) && typeof v === 'number') out.push(v);
			userIdsIn(v, out);
		}
	}
	return out;
}

describe('anonymity', () => {
	it('no page, export, endpoint, audit entry or rating table column holds the rater’s id, name or phone', async () => {
		const s = await setup();
		const rater = await makeUser({ communityId: s.community.id, role: 'resident', name: '钱多多' });
		const paperRater = await makeUser({ communityId: s.community.id, role: 'owner', name: '孙奶奶' });
		await ratings.updateSettings(s.committee.actor, s.community.id, { minCount: 1, flagThresholdPermille: 900, followUpDays: 15 });
		const [a, b] = s.cadres;
		await ratings.rate(rater.actor, s.roundId, { ratings: [{ cadreId: a.id, level: 1, comment: '态度很差' }, { cadreId: b.id, level: 4 }] });
		await ratings.rate(rater.actor, s.roundId, { ratings: [{ cadreId: a.id, level: 2, comment: '态度较差' }] });
		await ratings.enterPaper(s.committee.actor, s.roundId, { phone: paperRater.user.phone, ratings: [{ cadreId: a.id, level: 5 }, { cadreId: b.id, level: 3, comment: '还行' }] });
		await ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: a.id, level: 3 }] });
		const cadre = await makeUser({ communityId: s.community.id, role: 'cadre' });
		// the cadre's own page: cadre a is this account
		await db.update(table.ratingCadre).set({ userId: cadre.user.id }).where(eq(table.ratingCadre.id, a.id));

		const outputs: string[] = [];
		const collect = async (label: string, p: Promise<unknown>) => outputs.push(`${label}:${typeof (await p) === 'string' ? await p : JSON.stringify(await p)}`);
		const whileOpen = async () => {
			for (const who of [rater, paperRater, s.committee, cadre]) {
				await collect('list', pageLoad('', who.actor, s.community.id));
				await collect('round', pageLoad('[rid]', who.actor, s.community.id, s.roundId));
				await collect('cadres', pageLoad('cadres', who.actor, s.community.id));
				await collect('api-round', apiGet('round', who.actor, { roundId: String(s.roundId) }));
				await collect('api-list', apiGet('list', who.actor, { communityId: String(s.community.id) }));
			}
			await collect('own', pageLoad('me', cadre.actor, s.community.id));
			await collect('api-own', apiGet('own', cadre.actor, { communityId: String(s.community.id) }));
		};
		const rows = async () => {
			const userColumns = (await db.execute(sql`
				select kcu.table_name as t, kcu.column_name as c
				from information_schema.referential_constraints rc
				join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name
				join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name
				where kcu.table_name like 'rating_%' and ccu.table_name = 'user'`)) as unknown as { rows?: { t: string; c: string }[] } & { t: string; c: string }[];
			const cols = (userColumns.rows ?? userColumns) as { t: string; c: string }[];
			expect(cols.map((c) => `${c.t}.${c.c}`).sort()).toEqual([
				'rating_ballot.entered_by_id',
				'rating_cadre.user_id',
				'rating_follow_up.done_by_id',
				'rating_round.created_by_id',
				'rating_talk.recorded_by_id'
			]);
			for (const { t, c } of cols) {
				const found = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(t)} where ${sql.identifier(c)} in (${rater.user.id}, ${paperRater.user.id})`)) as unknown as { rows?: { n: number }[] } & { n: number }[];
				expect(((found.rows ?? found) as { n: number }[])[0].n, `${t}.${c}`).toBe(0);
			}
			for (const t of ['rating_ballot', 'rating_participant', 'rating_result', 'rating_round', 'rating_round_cadre', 'rating_follow_up', 'rating_talk', 'rating_setting', 'rating_cadre', 'audit_log']) {
				const all = (await db.execute(sql`select * from ${sql.identifier(t)}`)) as unknown as { rows?: unknown[] } & unknown[];
				outputs.push(`${t}:${JSON.stringify(all.rows ?? all)}`);
			}
		};
		await whileOpen();
		await rows();

		await ratings.close(s.committee.actor, s.roundId);
		await ratings.publish(s.committee.actor, s.roundId);
		await ratings.recordTalk(s.committee.actor, s.roundId, { cadreId: a.id, heldAt: '2026-12-02', note: '提醒谈话' });
		await whileOpen();
		for (const who of [rater, s.committee, cadre]) {
			await collect('notice', pageLoad('[rid]/notice', who.actor, s.community.id, s.roundId));
			await collect('api-results', apiGet('results', who.actor, { roundId: String(s.roundId) }));
			await collect('api-trend', apiGet('trend', who.actor, { communityId: String(s.community.id) }));
			await collect('api-cadres', apiGet('cadres', who.actor, { communityId: String(s.community.id) }));
		}
		outputs.push(`xlsx:${(await sheetText((await ratings.workbook(s.committee.actor, s.roundId)).bytes)).join('\n')}`);
		await rows();

		// the comments are there (without names), so the search below looks at real output: on the cadre's own page too
		expect(outputs.join('\n')).toContain('态度较差');
		expect(outputs.filter((o) => o.startsWith('own:') || o.startsWith('api-own:')).join('\n')).toContain('态度较差');
		expect(outputs.join('\n')).not.toContain('态度很差');
		for (const out of outputs) {
			for (const who of [rater, paperRater]) {
				expect(out, out.slice(0, 40)).not.toContain(who.user.phone);
				expect(out, out.slice(0, 40)).not.toContain(who.user.name);
				const json = out.slice(out.indexOf(':') + 1);
				if (json.startsWith('{') || json.startsWith('[')) expect(userIdsIn(JSON.parse(json)), out.slice(0, 40)).not.toContain(who.user.id);
			}
		}
	});
});

describe('comments for the cadre and the committee', () => {
	it('are shown once the round has closed, only where the cadre reached the minimum count, by level and wording; only the cadre themselves opens their page', async () => {
		const s = await setup();
		const [a, b] = s.cadres;
		const residents = [...s.owners, await makeUser({ communityId: s.community.id, role: 'resident' })];
		// a: five ratings (the minimum, 5); b: four, each with a comment of its own
		const forA: [number, string][] = [[4, '下雨天帮忙疏通下水道'], [2, '电话经常打不通'], [5, '办事耐心'], [2, '材料要跑好几趟'], [3, '']];
		for (const [i, r] of residents.entries()) {
			const list = [{ cadreId: a.id, level: forA[i][0], comment: forA[i][1] }];
			if (i < 4) list.push({ cadreId: b.id, level: 1, comment: `只有四条评价的意见${i}` });
			await ratings.rate(r.actor, s.roundId, { ratings: list });
		}
		const cadreA = await makeUser({ communityId: s.community.id, role: 'cadre' });
		const gridB = await makeUser({ communityId: s.community.id, role: 'grid' });
		await db.update(table.ratingCadre).set({ userId: cadreA.user.id }).where(eq(table.ratingCadre.id, a.id));
		await db.update(table.ratingCadre).set({ userId: gridB.user.id }).where(eq(table.ratingCadre.id, b.id));

		// while the round is open nobody sees a comment: not the cadre, not the committee
		expect((await ratings.own(cadreA.actor, s.community.id)).rounds).toEqual([]);
		expect((await ratings.view(s.committee.actor, s.roundId)).comments).toEqual([]);

		await ratings.close(s.committee.actor, s.roundId);
		const ownA = await ratings.own(cadreA.actor, s.community.id);
		expect(ownA.cadre.name).toBe('干部0号');
		expect(ownA.rounds).toHaveLength(1);
		expect(ownA.rounds[0]).toMatchObject({ status: 'closed', minCount: 5, shown: true, valid: 5, satisfaction: '60.0%' });
		// by level, then wording; not in the order they were written; nothing but level and text
		expect(ownA.rounds[0].comments).toEqual([
			{ level: 2, comment: '材料要跑好几趟' },
			{ level: 2, comment: '电话经常打不通' },
			{ level: 4, comment: '下雨天帮忙疏通下水道' },
			{ level: 5, comment: '办事耐心' }
		]);
		expect(ownA.trend).toEqual({ xLabels: ['2026Q4'], values: [60] });

		// b had four ratings, under the minimum of five: no figures and none of the comments, on the page or through the API
		const ownB = await ratings.own(gridB.actor, s.community.id);
		expect(ownB.rounds[0]).toEqual(expect.objectContaining({ shown: false, comments: [] }));
		expect(JSON.stringify(ownB.rounds[0])).not.toMatch(/valid|counts|satisfaction"|意见/);
		const apiB = await apiGet('own', gridB.actor, { communityId: String(s.community.id) });
		expect(apiB).not.toContain('只有四条评价的意见');
		const pageB = JSON.stringify(await pageLoad('me', gridB.actor, s.community.id));
		expect(pageB).not.toContain('只有四条评价的意见');

		// the committee sees the same comments per cadre on the round page; b's stay hidden there too
		const view = await ratings.view(s.committee.actor, s.roundId);
		expect(view.comments).toEqual([{ cadreId: a.id, name: '干部0号', post: '社区书记', comments: ownA.rounds[0].comments }]);
		const roundPage = JSON.stringify(await pageLoad('[rid]', s.committee.actor, s.community.id, s.roundId));
		expect(roundPage).toContain('下雨天帮忙疏通下水道');
		expect(roundPage).not.toContain('只有四条评价的意见');
		// a resident reads the published round without any comment
		await ratings.publish(s.committee.actor, s.roundId);
		const residentView = JSON.stringify(await ratings.view(s.owners[0].actor, s.roundId));
		expect(residentView).not.toContain('下雨天帮忙疏通下水道');

		// the page is the cadre's own: a resident, the committee member who is not rated, an unlinked cadre and another community's are refused
		const other = await makeCommunityWithOwners();
		const unlinked = await makeUser({ communityId: s.community.id, role: 'cadre' });
		expect((await refusal(ratings.own(s.owners[0].actor, s.community.id))).status).toBe(403);
		expect((await refusal(ratings.own(s.committee.actor, s.community.id))).code).toBe('not_rated');
		expect((await refusal(ratings.own(unlinked.actor, s.community.id))).code).toBe('not_rated');
		expect((await refusal(ratings.own(other.committee.actor, s.community.id))).status).toBe(403);
		expect(JSON.parse(await apiGet('own', s.owners[0].actor, { communityId: String(s.community.id) }))).toMatchObject({ error: { code: 'forbidden' } });
		expect((await pageLoad('', cadreA.actor, s.community.id)) as { ownPage: boolean }).toMatchObject({ ownPage: true });
		expect((await pageLoad('', s.owners[0].actor, s.community.id)) as { ownPage: boolean }).toMatchObject({ ownPage: false });
	});
});

describe('cadre photos', () => {
	it('a photo is stored with the cadre and served to the community only; a file that is not a picture is refused beside the field', async () => {
		const s = await setup(1);
		const other = await makeCommunityWithOwners();
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
		const { id } = await ratings.createCadre(s.committee.actor, s.community.id, { name: '赵小梅', post: '网格员' }, { name: '赵小梅.png', bytes: png });
		const file = await ratings.photo(s.owners[0].actor, id);
		expect([file.mime, file.size]).toEqual(['image/png', png.length]);
		expect((await refusal(ratings.photo(other.owners[0].actor, id))).status).toBe(403);
		const e = await refusal(ratings.updateCadre(s.committee.actor, id, { name: '赵小梅', post: '网格员', active: 'on' }, { name: 'photo.png', bytes: new TextEncoder().encode('not a picture') }));
		expect(e.fields.photo).toBeTruthy();
		// the refused upload left the cadre and its photo as they were
		expect((await ratings.photo(s.owners[0].actor, id)).id).toBe(file.id);
		expect((await refusal(ratings.photo(s.owners[0].actor, s.cadres[0].id))).status).toBe(404);
	});
});

describe('JSON API', () => {
	const post = async (user: unknown, roundId: number, body: unknown) => {
		const { POST } = await import('../../src/routes/api/v1/rating-rounds/[roundId]/ratings/+server');
		const request = new Request('http://localhost/api', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
		return (POST as unknown as (e: never) => Promise<Response>)({ locals: { user }, params: { roundId: String(roundId) }, request, url: new URL(request.url) } as never);
	};

	it('rates, re-rates and refuses with {error:{code,message,fields}}; results are 409 while open and aggregates only after', async () => {
		const s = await setup();
		const other = await makeCommunityWithOwners();
		const ok = await post(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 4, comment: '不错' }] });
		expect([ok.status, await ok.json()]).toEqual([200, { rated: 1 }]);
		expect((await post(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 5 }] })).status).toBe(200);
		expect(await ballotsOf(s.roundId, s.cadres[0].id)).toHaveLength(1);

		const bad = await post(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 0 }] });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: { code: 'invalid_input', fields: { 'ratings.0.level': '请选择五个等级之一' } } });
		const foreign = await post(other.owners[0].actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 5 }] });
		expect(foreign.status).toBe(403);
		const paper = await post(s.committee.actor, s.roundId, { phone: s.owners[1].user.phone, ratings: [{ cadreId: s.cadres[1].id, level: 3 }] });
		expect([paper.status, await paper.json()]).toEqual([200, { rated: 1 }]);

		expect(JSON.parse(await apiGet('results', s.committee.actor, { roundId: String(s.roundId) }))).toMatchObject({ error: { code: 'not_published' } });
		expect(JSON.parse(await apiGet('round', other.owners[0].actor, { roundId: String(s.roundId) }))).toMatchObject({ error: { code: 'forbidden' } });
		const { document } = await import('$lib/server/openapi');
		const paths = Object.keys(document().paths);
		for (const p of ['/rating-rounds/{roundId}/ratings', '/rating-rounds/{roundId}/results', '/communities/{communityId}/rating-rounds', '/communities/{communityId}/rating-trend'])
			expect(paths).toContain(p);
	});
});

describe('the committee changes an open round', () => {
	it('moves the dates and the cadre list; a cadre with ratings stays, another community’s cadre and a past closing time are refused', async () => {
		const s = await setup(2);
		const other = await makeCommunityWithOwners();
		const [a, b] = s.cadres;
		const c = await ratings.createCadre(s.committee.actor, s.community.id, { name: '新来的干部', post: '网格员' });
		const foreign = await ratings.createCadre(other.committee.actor, other.community.id, { name: '别处干部', post: '主任' });
		await ratings.rate(s.owners[0].actor, s.roundId, { ratings: [{ cadreId: a.id, level: 5 }] });
		const opensAt = '2026-11-20T08:00';
		const closesAt = '2030-12-31';
		const e1 = await refusal(ratings.updateRound(s.committee.actor, s.roundId, { opensAt, closesAt, cadreIds: [b.id, c.id] }));
		expect([e1.status, e1.fields.cadreIds]).toEqual([409, '已有居民评价的干部不能从本轮名单中移除']);
		const e2 = await refusal(ratings.updateRound(s.committee.actor, s.roundId, { opensAt, closesAt, cadreIds: [a.id, foreign.id] }));
		expect(e2.fields.cadreIds).toBeTruthy();
		const e3 = await refusal(ratings.updateRound(s.committee.actor, s.roundId, { opensAt, closesAt: '2020-01-01', cadreIds: [a.id] }));
		expect(e3.fields.closesAt).toBe('请填写有效的起止日期，结束须晚于开始');
		expect((await refusal(ratings.updateRound(s.owners[0].actor, s.roundId, { opensAt, closesAt, cadreIds: [a.id] }))).status).toBe(403);

		await ratings.updateRound(s.committee.actor, s.roundId, { opensAt, closesAt, cadreIds: [a.id, String(c.id)] });
		const view = await ratings.view(s.owners[0].actor, s.roundId);
		expect(view.cadres.map((x) => x.name)).toEqual(['干部0号', '新来的干部']);
		expect(view.round.opensAt.toISOString()).toBe('2026-11-20T00:00:00.000Z');
		expect(view.round.closesAt.toISOString()).toBe('2030-12-31T15:59:59.999Z');
		// the resident's earlier rating is still theirs
		expect(view.cadres[0].mine?.level).toBe(5);
		const log = await audit.list(s.committee.actor, s.community);
		expect(log[0]).toMatchObject({ action: 'rating.round_updated', detail: { added: [c.id], removed: [b.id] } });
	});
});

describe('the round pages', () => {
	it('read the community’s rating rules once for the round, its figures and the trend', async () => {
		const s = await setup();
		for (const o of s.owners) await ratings.rate(o.actor, s.roundId, { ratings: [{ cadreId: s.cadres[0].id, level: 5 }] });
		await ratings.close(s.committee.actor, s.roundId);
		const round = await readsOf(table.ratingSetting, () => pageLoad('[rid]', s.committee.actor, s.community.id, s.roundId));
		expect(round.reads).toBe(1);
		expect((round.out as { trend: { xLabels: string[] } }).trend.xLabels).toEqual(['2026Q4']);
		expect((await readsOf(table.ratingSetting, () => pageLoad('[rid]/notice', s.committee.actor, s.community.id, s.roundId))).reads).toBe(1);
		expect((await readsOf(table.ratingSetting, () => pageLoad('', s.committee.actor, s.community.id))).reads).toBe(1);
	});
});
