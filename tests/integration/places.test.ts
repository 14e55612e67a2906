import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, count, countDistinct, eq, gt, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import * as demo from '$lib/server/demo';
import * as places from '$lib/server/places';
import { GET as listApi } from '../../src/routes/api/v1/communities/[communityId]/units/+server';
import { POST as importApi } from '../../src/routes/api/v1/communities/[communityId]/units/import/+server';
import { makeCommunity, makeUser, refusal } from './fixtures';

const enc = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => enc(lines.join('\n') + '\n');
const HEADER = 'building,entrance,room,area_m2,owner_key,owner_name,owner_phone,developer';

async function committeeOf(communityId: number) {
	return (await makeUser({ communityId, role: 'committee' })).actor;
}

const unitsOf = (communityId: number) =>
	db
		.select({ room: table.unit.room, areaDm2: table.unit.areaDm2, ownerKey: table.unit.ownerKey, developer: table.unit.developer, id: table.unit.id })
		.from(table.unit)
		.where(eq(table.unit.communityId, communityId))
		.orderBy(table.unit.id);

type Handler = (event: never) => Response | Promise<Response>;
async function call(handler: Handler, o: { communityId: number; user: unknown; body?: BodyInit; type?: string; query?: string }) {
	const url = new URL(`http://localhost/api/v1/communities/${o.communityId}/units${o.body ? '/import' : ''}${o.query ?? ''}`);
	const request = new Request(url, o.body ? { method: 'POST', body: o.body, headers: { 'content-type': o.type ?? 'text/csv' } } : {});
	return handler({ locals: { user: o.user }, params: { communityId: String(o.communityId) }, request, url } as never);
}

// the demo runs first, while this file's database is still empty
describe('demo data', () => {
	// every domain seeds its real cases here (安公's 1,225 requests, four quarters of ratings…): generous on a busy machine
	it('loads into an empty database, with shared owner keys, developer units, accounts and topics', { timeout: 120_000 }, async () => {
		expect(await demo.seedIfEmpty()).toBe(true);

		const communities = await db.select().from(table.community);
		expect(communities.map((c) => c.name)).toEqual(expect.arrayContaining(['金阳社区', '安公社区']));
		const [{ units }] = await db.select({ units: count() }).from(table.unit);
		expect(units).toBeGreaterThanOrEqual(200);
		expect(units).toBeLessThanOrEqual(1000);

		const shared = await db
			.select({ ownerKey: table.unit.ownerKey, n: count() })
			.from(table.unit)
			.where(eq(table.unit.developer, false))
			.groupBy(table.unit.communityId, table.unit.ownerKey)
			.having(gt(count(), 1));
		expect(shared.length).toBeGreaterThanOrEqual(5);
		const [{ developer }] = await db.select({ developer: count() }).from(table.unit).where(eq(table.unit.developer, true));
		expect(developer).toBeGreaterThanOrEqual(3);
		const [{ min, max }] = await db
			.select({ min: sql<number>`min(${table.unit.areaDm2})`, max: sql<number>`max(${table.unit.areaDm2})` })
			.from(table.unit);
		expect(min).toBeGreaterThanOrEqual(6000);
		expect(max).toBeLessThanOrEqual(14000);

		// every demo account signs in with demo1234
		for (const a of demo.DEMO_ACCOUNTS) {
			const [u] = await db.select().from(table.user).where(eq(table.user.phone, a.phone));
			expect(u?.name).toBe(a.name);
		}
		const [committee] = await db.select().from(table.user).where(eq(table.user.phone, '13800000001'));
		expect(await auth.verifyPassword(committee.passwordHash, 'demo1234')).toBe(true);

		// the demo owner's flat is registered under her phone; the pending registration is pending
		const [ownerMs] = await db
			.select({ status: table.membership.status, unitPhone: table.unit.ownerPhone })
			.from(table.membership)
			.innerJoin(table.user, eq(table.user.id, table.membership.userId))
			.innerJoin(table.unit, eq(table.unit.id, table.membership.unitId))
			.where(eq(table.user.phone, '13800000003'));
		expect(ownerMs).toEqual({ status: 'verified', unitPhone: '13800000003' });
		const [pending] = await db
			.select({ status: table.membership.status })
			.from(table.membership)
			.innerJoin(table.user, eq(table.user.id, table.membership.userId))
			.where(eq(table.user.phone, '13800000009'));
		expect(pending.status).toBe('pending');

		const topics = await db.select().from(table.topic);
		const lights = topics.find((t) => t.title.includes('路灯损坏'))!;
		// accepted by the committee, then 协商中 since its session was published (demo-sessions.ts)
		expect(lights.status).toBe('deliberating');
		expect(lights.secondCount).toBeGreaterThan(0);
		const [{ seconds }] = await db.select({ seconds: count() }).from(table.topicSecond).where(eq(table.topicSecond.topicId, lights.id));
		expect(seconds).toBe(lights.secondCount);
		const timeline = await db.select().from(table.topicEvent).where(eq(table.topicEvent.topicId, lights.id)).orderBy(table.topicEvent.createdAt);
		expect(timeline[0]).toMatchObject({ kind: 'proposed', toStatus: 'collecting' });
		expect(timeline.find((e) => e.toStatus === 'accepted')).toMatchObject({ fromStatus: 'collecting', actorName: '张桂兰' });
		expect(timeline.at(-1)).toMatchObject({ fromStatus: 'accepted', toStatus: 'deliberating' });
		expect(topics.find((t) => t.title === '小区路灯维修改造')).toMatchObject({ status: 'implementing' });
		expect(new Set(topics.map((t) => t.status)).size).toBeGreaterThanOrEqual(3);
	});

	it('is skipped when the database already has a community', async () => {
		const [{ before }] = await db.select({ before: count() }).from(table.unit);
		expect(await demo.seedIfEmpty()).toBe(false);
		const [{ after }] = await db.select({ after: count() }).from(table.unit);
		expect(after).toBe(before);
	});
});

describe('importing the register', () => {
	it('imports a CSV with Chinese headers and a BOM, creating buildings and entrances', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const result = await places.importRegister(actor, community.id, {
			bytes: enc('\uFEFF楼栋,单元,房号,面积,业主编号,业主姓名,业主电话,开发商\n2栋,1单元,101,89.37,K1,张三,13912345678,否\n2栋,2单元,101,120.5,K2,李四,,\n'),
			contentType: 'text/csv'
		});
		expect(result).toEqual({ imported: 2, updated: 0 });
		const listed = await places.listUnits(actor, community.id);
		expect(listed.filter((u) => u.building === '2栋').map((u) => [u.entrance, u.room, u.areaDm2, u.ownerKey])).toEqual([
			['1单元', '101', 8937, 'K1'],
			['2单元', '101', 12050, 'K2']
		]);
		const [log] = await db.select().from(table.auditLog).where(eq(table.auditLog.communityId, community.id));
		expect(log).toMatchObject({ action: 'units.import', actorId: actor.id, detail: { imported: 2, updated: 0 } });
	});

	it('imports an XLSX with numbers, strings, booleans and rich text', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('名册');
		ws.addRow(['房号', '楼栋', '单元', '面积（㎡）', '业主编号', '业主电话', '开发商']);
		ws.addRow([301, '5栋', '1单元', 4.35, 'X1', 13912345678, false]);
		ws.addRow([302, { richText: [{ text: '5' }, { text: '栋' }] }, '1单元', '0.29', 'X2', '', true]);
		ws.addRow([]);
		ws.addRow(['303', '5栋', '1单元', 96, '', '', '是']);
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());

		const result = await places.importRegister(actor, community.id, { bytes, fileName: 'register.xlsx' });
		expect(result).toEqual({ imported: 3, updated: 0 });
		const five = (await unitsOf(community.id)).filter((u) => u.room.startsWith('30'));
		expect(five.map((u) => [u.room, u.areaDm2, u.ownerKey, u.developer])).toEqual([
			['301', 435, 'X1', false],
			['302', 29, 'X2', true],
			['303', 9600, 'DEVELOPER', true]
		]);
	});

	it('keeps decimal areas exact: no float rounding', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		await places.importRegister(actor, community.id, {
			bytes: csv(HEADER, '9栋,1单元,1,89.37,A,,,', '9栋,1单元,2,1.13,B,,,', '9栋,1单元,3,0.1,C,,,', '9栋,1单元,4,8.20,D,,,')
		});
		const areas = (await unitsOf(community.id)).filter((u) => /^\d$/.test(u.room)).map((u) => u.areaDm2);
		expect(areas).toEqual([8937, 113, 10, 820]);
	});

	it('one bad row among good ones: nothing is written, and the line and reason are given', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const before = await unitsOf(community.id);
		const e = await refusal(
			places.importRegister(actor, community.id, {
				bytes: csv(HEADER, '7栋,1单元,101,80,A,,,', '7栋,1单元,102,八十,B,,,', '7栋,1单元,103,70,C,,,')
			})
		);
		expect(e).toBeInstanceOf(places.RegisterError);
		expect(e.status).toBe(400);
		expect((e as places.RegisterError).rows).toEqual([{ line: 3, reason: expect.stringContaining('面积“八十”') }]);
		expect(e.fields['line 3']).toContain('面积');
		expect(await unitsOf(community.id)).toEqual(before);
		const buildings = await db.select().from(table.building).where(eq(table.building.communityId, community.id));
		expect(buildings.map((b) => b.name)).toEqual(['1栋']);
		const logs = await db.select().from(table.auditLog).where(eq(table.auditLog.communityId, community.id));
		expect(logs).toEqual([]);
	});

	it('many bad rows: every one is reported with its own reason', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const e = (await refusal(
			places.importRegister(actor, community.id, {
				bytes: csv(
					HEADER,
					'7栋,1单元,101,80,A,,,',
					'7栋,1单元,102,80.123,B,,,',
					'7栋,1单元,103,-3,C,,,',
					'7栋,1单元,104,70,,,,',
					'7栋,1单元,105,70,E,,1381234,',
					'7栋,1单元,101,70,F,,,',
					'7栋,1单元,106,70,G,,,也许',
					'7栋,1单元,107,200000,H,,,'
				)
			})
		)) as places.RegisterError;
		expect(e.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
		const reasons = e.rows.map((r) => r.reason);
		expect(reasons[0]).toContain('两位小数');
		expect(reasons[1]).toContain('大于 0');
		expect(reasons[2]).toContain('业主编号');
		expect(reasons[3]).toContain('手机');
		expect(reasons[4]).toContain('第 2 行');
		expect(reasons[5]).toContain('开发商');
		expect(reasons[6]).toContain('100000');
		expect(e.message).toContain('7 行');
		expect((await unitsOf(community.id)).length).toBe(4);
	});

	it('a missing column is reported on line 1', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const e = (await refusal(
			places.importRegister(actor, community.id, { bytes: csv('楼栋,房号,面积', '1栋,101,80') })
		)) as places.RegisterError;
		expect(e.rows).toEqual([{ line: 1, reason: '缺少“单元”列；缺少“业主编号”列' }]);
	});

	it('re-importing updates units in place, without duplicates, and counts new and updated', async () => {
		const { community, units } = await makeCommunity();
		const actor = await committeeOf(community.id);
		// the fixture has 1栋1单元 101, 102, 201, 202
		const result = await places.importRegister(actor, community.id, {
			bytes: csv(HEADER, '1栋,1单元,101,95.5,O-new,新业主,,', '1栋,1单元,102,90,O-x,,,', '1栋,1单元,301,100,O-y,,,')
		});
		expect(result).toEqual({ imported: 1, updated: 2 });
		const after = await unitsOf(community.id);
		expect(after.length).toBe(5);
		const room101 = after.find((u) => u.room === '101')!;
		expect(room101).toMatchObject({ id: units[0].id, areaDm2: 9550, ownerKey: 'O-new' });

		const again = await places.importRegister(actor, community.id, {
			bytes: csv(HEADER, '1栋,1单元,101,95.51,O-new,新业主,,', '1栋,1单元,301,100,O-y,,,')
		});
		expect(again).toEqual({ imported: 0, updated: 2 });
		expect((await unitsOf(community.id)).length).toBe(5);
		expect((await unitsOf(community.id)).find((u) => u.room === '101')!.areaDm2).toBe(9551);
	});

	it('an owner with two units keeps one owner key and counts as one owner', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		await places.importRegister(actor, community.id, {
			bytes: csv(HEADER, '8栋,1单元,101,80,TWO,王五,13911112222,', '8栋,1单元,102,60,TWO,王五,13911112222,', '8栋,1单元,103,60,,开发商,,1')
		});
		const rows = await db
			.select({ owners: countDistinct(table.unit.ownerKey), units: count() })
			.from(table.unit)
			.innerJoin(table.building, eq(table.building.id, table.unit.buildingId))
			.where(and(eq(table.unit.communityId, community.id), eq(table.building.name, '8栋')));
		expect(rows[0]).toEqual({ owners: 2, units: 3 });
		const page = await places.overview(actor, community.id);
		// fixture: 4 units with 4 owners; here 3 units with 2 owners (TWO and the developer)
		expect(page.totals).toEqual({ units: 7, owners: 6, areaDm2: 8000 + 9000 + 10000 + 11000 + 8000 + 6000 + 6000 });
	});

	it('places rows by the estate column, creating an unknown estate; asks which estate when it cannot tell', async () => {
		const { community, estate } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const r = await places.importRegister(actor, community.id, {
			bytes: csv('小区,' + HEADER, '新苑,1栋,1单元,101,80,N1,,,', ',2栋,1单元,101,80,N2,,,')
		});
		expect(r).toEqual({ imported: 2, updated: 0 });
		const estates = await db.select().from(table.estate).where(eq(table.estate.communityId, community.id));
		expect(estates.map((e) => e.name).sort()).toEqual([estate.name, '新苑'].sort());
		// now two estates: a file without the column needs a choice
		const e = await refusal(places.importRegister(actor, community.id, { bytes: csv(HEADER, '3栋,1单元,101,80,N3,,,') }));
		expect(e.fields.estateId).toBeTruthy();
		const chosen = estates.find((x) => x.name === '新苑')!;
		expect(await places.importRegister(actor, community.id, { bytes: csv(HEADER, '3栋,1单元,101,80,N3,,,'), estateId: String(chosen.id) })).toEqual({
			imported: 1,
			updated: 0
		});
		const other = await makeCommunity();
		const wrong = await refusal(
			places.importRegister(actor, community.id, { bytes: csv(HEADER, '3栋,1单元,101,80,N3,,,'), estateId: String(other.estate.id) })
		);
		expect(wrong.fields.estateId).toBeTruthy();
	});

	it('refuses an old .xls, a GBK CSV is read, and a file over 20,000 rows is refused whole', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const xls = await refusal(places.importRegister(actor, community.id, { bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), fileName: 'a.xls' }));
		expect(xls.fields.file).toContain('.xlsx');
		// "楼栋,单元,房号,面积,业主编号\n6栋,1单元,101,80,G1\n" in GBK
		const gbk = new Uint8Array([
			0xc2, 0xa5, 0xb6, 0xb0, 0x2c, 0xb5, 0xa5, 0xd4, 0xaa, 0x2c, 0xb7, 0xbf, 0xba, 0xc5, 0x2c, 0xc3, 0xe6, 0xbb, 0xfd, 0x2c, 0xd2, 0xb5, 0xd6,
			0xf7, 0xb1, 0xe0, 0xba, 0xc5, 0x0a, 0x36, 0xb6, 0xb0, 0x2c, 0x31, 0xb5, 0xa5, 0xd4, 0xaa, 0x2c, 0x31, 0x30, 0x31, 0x2c, 0x38, 0x30, 0x2c,
			0x47, 0x31, 0x0a
		]);
		expect(await places.importRegister(actor, community.id, { bytes: gbk })).toEqual({ imported: 1, updated: 0 });
		const big = [HEADER, ...Array.from({ length: 20_001 }, (_, i) => `9栋,1单元,${i + 1},80,K${i},,,`)];
		const tooMany = await refusal(places.importRegister(actor, community.id, { bytes: csv(...big) }));
		expect(tooMany.status).toBe(413);
	});
});

describe('who may import and list', () => {
	it('a resident and another community’s committee are refused; the street admin of its street may list', async () => {
		const { community, street } = await makeCommunity();
		const other = await makeCommunity();
		const resident = (await makeUser({ communityId: community.id, role: 'resident' })).actor;
		const foreignCommittee = await committeeOf(other.community.id);
		const streetAdmin = (await makeUser({ role: 'street_admin', streetId: street.id })).actor;
		const otherStreetAdmin = (await makeUser({ role: 'street_admin', streetId: other.street.id })).actor;
		const body = csv(HEADER, '1栋,1单元,999,80,Z,,,');

		for (const actor of [resident, foreignCommittee, streetAdmin]) {
			expect((await refusal(places.importRegister(actor, community.id, { bytes: body }))).status).toBe(403);
			const res = await call(importApi, { communityId: community.id, user: actor, body });
			expect(res.status).toBe(403);
			expect((await res.json()).error.code).toBe('forbidden');
		}
		for (const actor of [resident, foreignCommittee, otherStreetAdmin]) {
			expect((await refusal(places.listUnits(actor, community.id))).status).toBe(403);
			expect((await call(listApi, { communityId: community.id, user: actor })).status).toBe(403);
		}
		expect((await refusal(places.overview(resident, community.id))).status).toBe(403);
		expect((await call(listApi, { communityId: community.id, user: null })).status).toBe(401);
		expect((await unitsOf(community.id)).map((u) => u.room)).not.toContain('999');

		const res = await call(listApi, { communityId: community.id, user: streetAdmin });
		expect(res.status).toBe(200);
		const listed = await res.json();
		expect(listed.map((u: { room: string }) => u.room)).toEqual(['101', '102', '201', '202']);
		expect(Object.keys(listed[0]).sort()).toEqual(['areaDm2', 'building', 'developer', 'entrance', 'estate', 'id', 'ownerKey', 'room']);
	});

	it('the JSON API imports CSV text and XLSX bodies, and lists every bad row in the error', async () => {
		const { community } = await makeCommunity();
		const actor = await committeeOf(community.id);
		const ok = await call(importApi, { communityId: community.id, user: actor, body: csv(HEADER, '2栋,1单元,101,66.6,Q1,,,'), type: 'text/csv; charset=utf-8' });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ imported: 1, updated: 0 });

		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('s').addRows([
			['building', 'entrance', 'room', 'area_m2', 'owner_key'],
			['2栋', '1单元', '101', 70, 'Q1'],
			['2栋', '1单元', '102', 70, 'Q2']
		]);
		const xlsx = await call(importApi, {
			communityId: community.id,
			user: actor,
			body: new Uint8Array(await wb.xlsx.writeBuffer()),
			type: places.XLSX_TYPE
		});
		expect(await xlsx.json()).toEqual({ imported: 1, updated: 1 });

		const bad = await call(importApi, { communityId: community.id, user: actor, body: csv(HEADER, '2栋,1单元,103,x,Q3,,,', '2栋,1单元,104,1,,,,') });
		expect(bad.status).toBe(400);
		const { error } = await bad.json();
		expect(error.code).toBe('invalid_rows');
		expect(error.rows.map((r: { line: number }) => r.line)).toEqual([2, 3]);
		expect(Object.keys(error.fields)).toEqual(['line 2', 'line 3']);
		expect(error.message).toContain('2 行');
	});
});
