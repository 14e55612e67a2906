/**
 * What the vote pages and files hand out: nothing that ties an anonymous choice to a person, names for the
 * committee only, paper ballots one per owner with the vote page's QR code, and an XLSX register that
 * opens in a spreadsheet with the ballots in it.
 */
import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { connection, db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as votes from '$lib/server/votes';
import { makeCommunity, makeUser, refusal, makeCommunityWithOwners } from './fixtures';

const setup = makeCommunityWithOwners;


type Load = (event: never) => Promise<unknown>;
const pageLoad = async (user: unknown, cid: number, vid: number) => {
	const { load } = await import('../../src/routes/c/[cid]/votes/[vid]/+page.server');
	return (load as unknown as Load)({
		locals: { user },
		params: { cid: String(cid), vid: String(vid) },
		url: new URL(`http://localhost/c/${cid}/votes/${vid}`)
	} as never);
};

/** the SQL text of every statement sent to the database while `run` runs (PGlite's query, postgres.js's unsafe) */
async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
	const c = await connection();
	const client = (c.db as unknown as { $client: Record<string, (...args: unknown[]) => unknown> }).$client;
	const spy = vi.spyOn(client, c.kind === 'pglite' ? 'query' : 'unsafe');
	try {
		await run();
		return spy.mock.calls.map((call) => String(call[0]));
	} finally {
		spy.mockRestore();
	}
}
const voteReads = (sent: string[]) => sent.filter((q) => /from "vote" where "vote"\."id" = \$1$/.test(q)).length;
const communityReads = (sent: string[]) => sent.filter((q) => /from "community" where "community"\."id" = \$1$/.test(q)).length;

async function rowsOf(bytes: Uint8Array): Promise<string[][]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(bytes as unknown as ArrayBuffer);
	const rows: string[][] = [];
	book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((c) => String(c ?? ''))));
	return rows;
}

describe('anonymous polls on the page and in the register', () => {
	it('no page output or register row ties a choice to a voter', async () => {
		const s = await setup();
		const residents = [];
		for (let i = 0; i < 3; i++) residents.push(await makeUser({ communityId: s.community.id, role: 'resident', name: `居民${i}` }));
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '小区活动选哪天',
			kind: 'poll',
			options: '周六上午\n周日下午\n工作日晚上',
			anonymous: 'on'
		});
		const v = await votes.get(s.committee.actor, id);
		expect(v.options.map((o) => o.label)).toEqual(['周六上午', '周日下午', '工作日晚上']);
		await votes.open(s.committee.actor, id);
		for (const [i, r] of residents.entries()) await votes.cast(r.actor, id, { optionIds: [v.options[i === 0 ? 0 : 2].id] });

		const committeePage = (await pageLoad(s.committee.actor, s.community.id, id)) as Awaited<ReturnType<typeof votes.view>>;
		expect(committeePage.register).toHaveLength(3);
		for (const row of committeePage.register!) {
			expect(row).not.toHaveProperty('choice');
			expect((row as { optionIds: unknown }).optionIds).toBeNull();
		}
		// the voter's own page does not know what they chose either
		const mine = (await pageLoad(residents[0].actor, s.community.id, id)) as Awaited<ReturnType<typeof votes.view>>;
		expect(mine.me).toMatchObject({ voted: true, canCast: false, optionIds: null, choice: null });
		// while open, everyone sees participation only; the option counts come at close
		const closed = (await votes.close(s.committee.actor, id)) as votes.PollResult;
		expect(closed.options.map((o) => o.count)).toEqual([1, 0, 2]);
		const after = JSON.stringify(await pageLoad(s.committee.actor, s.community.id, id));
		for (const r of residents) expect(after).not.toMatch(new RegExp(`"userId":${r.user.id}\\b`));

		const rows = await rowsOf((await votes.registerWorkbook(s.committee.actor, id)).bytes);
		expect(rows).toHaveLength(4);
		expect(rows.slice(1).map((r) => r[3])).toEqual(['（匿名，不记录）', '（匿名，不记录）', '（匿名，不记录）']);
		expect(rows.slice(1).map((r) => r[1]).sort()).toEqual(['居民0', '居民1', '居民2']);
	});
});

describe('binding votes on the page', () => {
	it('residents get totals and room numbers; the committee gets the register with names, methods and recorders', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, { title: '选聘物业', kind: 'binding', matter: 'property_firm' });
		await votes.open(s.committee.actor, id);
		await votes.cast(s.owners[0].actor, id, { choice: 'yes' });
		await votes.cast(s.committee.actor, id, { unitId: s.units[2].id, choice: 'no', method: 'door' });

		const resident = (await pageLoad(s.owners[3].actor, s.community.id, id)) as Awaited<ReturnType<typeof votes.view>>;
		expect(resident.register).toBeNull();
		expect(resident.recordable).toEqual([]);
		expect(resident.participating.units).toBe(2);
		expect(resident.participating.byEntrance.flatMap((g) => g.rooms.split('、'))).toEqual(['101', '201']);
		expect(JSON.stringify(resident)).not.toMatch(/业主0|业主2|ownerName|王主任/);
		expect(resident.me).toMatchObject({ canCast: true, voted: false });

		const owner = (await pageLoad(s.owners[0].actor, s.community.id, id)) as Awaited<ReturnType<typeof votes.view>>;
		expect(owner.me).toMatchObject({ canCast: false, voted: true, choice: 'yes' });

		const desk = (await pageLoad(s.committee.actor, s.community.id, id)) as Awaited<ReturnType<typeof votes.view>>;
		expect(desk.recordable.map((u) => [u.room, u.voted])).toEqual([
			['101', true],
			['102', false],
			['201', true],
			['202', false]
		]);

		const rows = await rowsOf((await votes.registerWorkbook(s.committee.actor, id)).bytes);
		expect(rows[0]).toEqual(['房屋', '业主', '面积（㎡）', '表决意见', '方式', '代录人', '时间']);
		expect(rows.slice(1).map((r) => r.slice(1, 6))).toEqual([
			['业主0', '80', '同意', '网上投票', ''],
			['业主2', '100', '反对', '入户投票', '王主任']
		]);
		expect(rows[1][0]).toMatch(/1栋 1单元 101$/);
		expect(rows[1][6]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
		expect((await refusal(votes.registerWorkbook(s.owners[0].actor, id))).status).toBe(403);

		// a page under another community's address is not found
		const other = await makeCommunity();
		await expect(pageLoad(s.committee.actor, other.community.id, id)).rejects.toMatchObject({ status: 404 });
	});

	it('the committee’s vote page, the notice and the paper ballots read the vote and its community once each', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, { title: '续聘物业', kind: 'binding', matter: 'property_firm' });
		await votes.open(s.committee.actor, id);
		await votes.cast(s.owners[0].actor, id, { choice: 'yes' });
		await votes.cast(s.committee.actor, id, { unitId: s.units[2].id, choice: 'no', method: 'paper' });

		let page: Awaited<ReturnType<typeof votes.view>> | undefined;
		const sent = await statementsDuring(async () => {
			page = (await pageLoad(s.committee.actor, s.community.id, id)) as Awaited<ReturnType<typeof votes.view>>;
		});
		// the page still shows everything: the register, the participating rooms, the recordable units
		expect(page!.register).toHaveLength(2);
		expect(page!.participating.byEntrance.flatMap((g) => g.rooms.split('、'))).toEqual(['101', '201']);
		expect(page!.recordable).toHaveLength(4);
		expect(page!.vote.canManage).toBe(true);
		expect([voteReads(sent), communityReads(sent)]).toEqual([1, 1]);

		const notice = await statementsDuring(() => votes.notice(s.owners[1].actor, id));
		expect([voteReads(notice), communityReads(notice)]).toEqual([1, 1]);
		const papers = await statementsDuring(() => votes.papers(s.committee.actor, id, 'https://yst.example.cn'));
		expect([voteReads(papers), communityReads(papers)]).toEqual([1, 1]);
	});

	it('paper ballots: one sheet per owner (two units, one sheet), with the QR code of the vote page', async () => {
		const s = await setup();
		await db.update(table.unit).set({ ownerKey: s.units[0].ownerKey }).where(eq(table.unit.id, s.units[3].id));
		const { id } = await votes.create(s.committee.actor, s.community.id, { title: '加装电梯', kind: 'binding', matter: 'rebuild' });
		const before = await votes.papers(s.committee.actor, id, 'https://yst.example.cn');
		expect(before.sheets).toHaveLength(3);
		expect(before.sheets[0]).toMatchObject({ ownerName: '业主0', areaDm2: 8000 + 11000 });
		expect(before.sheets[0].units.map((u) => u.split(' ').pop())).toEqual(['101', '202']);
		expect(before.url).toBe(`https://yst.example.cn/c/${s.community.id}/votes/${id}`);
		expect(before.qr).toBe(await QRCode.toString(before.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
		await votes.open(s.committee.actor, id);
		expect((await votes.papers(s.committee.actor, id, 'https://yst.example.cn')).sheets.map((x) => x.areaDm2)).toEqual(
			before.sheets.map((x) => x.areaDm2)
		);
		expect((await refusal(votes.papers(s.owners[1].actor, id, 'https://yst.example.cn'))).status).toBe(403);
	});
});

describe('the new-vote form', () => {
	it('reads the closing time typed in a datetime-local field as Beijing time, and one option per line', async () => {
		const s = await setup();
		const { id } = await votes.create(s.committee.actor, s.community.id, {
			title: '楼道灯',
			kind: 'poll',
			options: ' 太阳能灯 \r\n\r\n声控灯\n',
			closesAt: '2031-01-01T08:00'
		});
		const v = await votes.get(s.committee.actor, id);
		expect(v.closesAt!.toISOString()).toBe('2031-01-01T00:00:00.000Z');
		expect(v.options.map((o) => o.label)).toEqual(['太阳能灯', '声控灯']);
		const form = await votes.newForm(s.committee.actor, s.community.id);
		expect(form.entrances).toEqual([expect.objectContaining({ id: s.entrance.id, name: '1单元', buildingName: '1栋' })]);
		expect(form.matters.find((x) => x.code === 'raise_fund')?.class).toBe('special');
		expect((await refusal(votes.newForm(s.owners[0].actor, s.community.id))).status).toBe(403);
	});

	it('the form action turns ticked buildings into the scope and keeps what was typed on a refusal', async () => {
		const s = await setup();
		const { actions } = await import('../../src/routes/c/[cid]/votes/new/+page.server');
		const post = (fields: Record<string, string>) => {
			const body = new FormData();
			for (const [k, val] of Object.entries(fields)) body.append(k, val);
			return (actions.default as unknown as Load)({
				locals: { user: s.committee.actor },
				params: { cid: String(s.community.id) },
				request: new Request('http://localhost/', { method: 'POST', body })
			} as never);
		};
		const refused = (await post({ title: '电梯', kind: 'binding', scope: 'building', [`building_${s.building.id}`]: 'on' })) as {
			status: number;
			data: { values: Record<string, string>; errors: Record<string, string> };
		};
		expect(refused.status).toBe(400);
		expect(refused.data.errors.matter).toContain('第二百七十八条');
		expect(refused.data.values[`building_${s.building.id}`]).toBe('on');

		await expect(post({ title: '电梯', kind: 'binding', matter: 'rebuild', scope: 'building', [`building_${s.building.id}`]: 'on' })).rejects.toMatchObject({
			status: 303
		});
		const [made] = await db.select().from(table.vote).where(eq(table.vote.communityId, s.community.id));
		expect(made).toMatchObject({ scope: 'building', scopeIds: [s.building.id], matterClass: 'special', eligibleHeads: 4 });
	});
});
