import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as plans from '$lib/server/plans';
import * as votes from '$lib/server/votes';
import { makeCommunityWithOwners, makeUser, refusal } from './fixtures';
import { readsOf } from './reads';

type Setup = Awaited<ReturnType<typeof makeCommunityWithOwners>>;

async function makeTopic(s: Setup) {
	const [t] = await db
		.insert(table.topic)
		.values({ communityId: s.community.id, title: '小区路灯损坏', description: '12盏路灯不亮', category: 'facility', status: 'accepted', proposerId: s.owners[0].user.id })
		.returning();
	return t;
}

/** the 安公 lights: one item, quotes of 12,000 and 8,000 元, the cheaper chosen */
async function lightsPlan(s: Setup, extra: Record<string, unknown> = {}) {
	const topic = await makeTopic(s);
	const c = s.committee.actor;
	const { id } = await plans.create(c, s.community.id, { topicId: topic.id, title: '更换12盏路灯', splitRule: 'voluntary', ...extra });
	const item = await plans.addItem(c, id, { name: '12盏路灯', note: '' });
	const dear = await plans.addQuote(c, id, { itemId: item.id, supplier: '物业报价', amount: '12000' });
	const cheap = await plans.addQuote(c, id, { itemId: item.id, supplier: '太阳能灯厂', amount: '8000.00', note: '太阳能路灯，免布线、免电费' });
	return { id, topic, item, dear, cheap };
}

/** the lights plan with the cheap quote chosen, covered by one source of 8,000 元, published */
async function publishedLightsPlan(s: Setup, kind: 'hoa_income' | 'residents' = 'residents') {
	const c = s.committee.actor;
	const p = await lightsPlan(s);
	await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '便宜' });
	await plans.addSource(c, p.id, { kind, amount: '8000' });
	await plans.publish(c, p.id);
	return p;
}

describe('a voluntary plan (安公 lights)', () => {
	it('chooses the 8,000 元 quote, is covered by estate income, a subsidy and pledges, and the ledger balances to the 分', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { surplusPolicy: 'refund' });
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '太阳能路灯，省电好维护' });
		await plans.addSource(c, p.id, { kind: 'hoa_income', name: '业委会', amount: '5000' });
		await plans.addSource(c, p.id, { kind: 'community_fund', name: '社区', amount: '2000' });
		// sources must add up to the total before publishing
		const short = await refusal(plans.publish(c, p.id));
		expect(short.code).toBe('sources_mismatch');
		expect(short.message).toContain('8,000.00');
		await plans.addSource(c, p.id, { kind: 'residents', amount: '1000' });
		await plans.publish(c, p.id);

		const view0 = await plans.view(s.owners[0].actor, p.id);
		expect(view0.totalFen).toBe(800_000);
		expect(view0.items[0].chosenReason).toContain('太阳能');
		expect(view0.approval.canCollect).toBe(true);

		await plans.pledge(s.owners[0].actor, p.id, { amount: '333.33', showName: 'on' });
		await plans.pledge(s.owners[1].actor, p.id, { amount: '666.67' });
		expect((await refusal(plans.pledge(s.owners[1].actor, p.id, { amount: '1' }))).code).toBe('already_pledged');

		const srcs = (await plans.view(c, p.id)).sources;
		for (const src of srcs.filter((x) => x.kind !== 'residents')) await plans.receiveSource(c, p.id, src.id, { reference: `R-${src.id}` });
		const pledges = (await plans.view(c, p.id)).pledges;
		await plans.recordPayment(c, p.id, { pledgeId: pledges[0].id, amount: '333.33', method: 'cash', receiptNo: 'A001', paidOn: '2026-11-20' });
		await plans.recordPayment(c, p.id, { pledgeId: pledges[1].id, amount: '666.67', method: 'transfer', receiptNo: 'A002' });
		const dup = await refusal(plans.recordPayment(c, p.id, { payerName: '某人', amount: '1', method: 'cash', receiptNo: 'A002' }));
		expect(dup.fields.receiptNo).toBeTruthy();

		const progress = (await plans.view(s.owners[2].actor, p.id)).progress;
		expect(progress).toMatchObject({ neededFen: 800_000, raisedFen: 800_000, percent: 100 });

		// the owner sees what their household paid
		const mine = (await plans.view(s.owners[0].actor, p.id)).mine;
		expect(mine[0].paidFen).toBe(33_333);

		await plans.recordExpense(c, p.id, { amount: '7900', note: '太阳能路灯12盏', reference: 'FP-001' });
		const closed = await plans.close(c, p.id, { actualCost: '7900' });
		expect(closed.surplusFen).toBe(10_000);
		expect(closed.balanceFen).toBe(0);
		const led = await plans.ledger(s.owners[3].actor, p.id);
		const refunds = led.lines.filter((l) => l.kind === 'refund');
		// 100 元 back in proportion to 5000 / 2000 / 333.33 / 666.67
		expect(refunds.map((r) => -r.amountFen).sort((a, b) => a - b)).toEqual([417, 833, 2500, 6250]);
		expect(led.lines.at(-1)!.balanceFen).toBe(0);
		expect(led.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(0);
	});

	it('takes a JSON list for no body of fields: receiving a source with [] is a 400 and the source stays promised', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await publishedLightsPlan(s, 'hoa_income');
		const [src] = (await plans.view(c, p.id)).sources;
		const bad = await refusal(plans.receiveSource(c, p.id, src.id, []));
		expect([bad.status, bad.message]).toEqual([400, '填写的内容有误，请按提示修改']);
		expect((await plans.view(c, p.id)).sources[0].status).toBe('promised');
		expect((await plans.ledger(c, p.id)).lines).toEqual([]);
	});

	it('moves a surplus to the estate fund when the plan says so', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await publishedLightsPlan(s, 'hoa_income');
		const [src] = (await plans.view(c, p.id)).sources;
		await plans.receiveSource(c, p.id, src.id);
		const closed = await plans.close(c, p.id, { actualCost: '7999.99' });
		expect(closed).toEqual({ surplusFen: 1, balanceFen: 0 });
		const led = await plans.ledger(c, p.id);
		expect(led.lines.map((l) => [l.kind, l.amountFen])).toEqual([
			['source', 800_000],
			['expense', -799_999],
			['to_estate_fund', -1]
		]);
	});
});

describe('a levy plan and its binding vote', () => {
	it('refuses to collect before its binding vote passed, then allows it', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { splitRule: 'area' });
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '太阳能' });
		await plans.addSource(c, p.id, { kind: 'hoa_income', amount: '4200' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '3800' });

		// the preview shows each household's share before publishing, adding up to the 分
		const prev = await plans.preview(c, p.id);
		expect(prev.fixed).toBe(false);
		expect(prev.rows.map((r) => r.amountFen)).toEqual([80_000, 90_000, 100_000, 110_000]);
		await plans.publish(c, p.id);
		const fixed = await plans.preview(c, p.id);
		expect(fixed.fixed).toBe(true);
		expect(fixed.rows.reduce((a, r) => a + r.amountFen, 0)).toBe(380_000);

		const pay = { unitId: s.units[0].id, amount: '800', method: 'cash', receiptNo: 'L001' };
		const noVote = await refusal(plans.recordPayment(c, p.id, pay));
		expect([noVote.status, noVote.code]).toEqual([409, 'plan_not_approved']);
		expect((await refusal(plans.pledge(s.owners[0].actor, p.id, { amount: '800' }))).code).toBe('plan_not_approved');

		const { id: voteId } = await votes.create(c, s.community.id, { title: '路灯费用按面积分摊', kind: 'binding', matter: 'ordinary', topicId: p.topic.id });
		await plans.linkVote(c, p.id, { voteId });
		await votes.open(c, voteId);
		for (const o of s.owners) await votes.cast(o.actor, voteId, { choice: 'yes' });
		await votes.close(c, voteId, { objectionDays: 0 });
		// a preliminary result is not yet enough
		expect((await refusal(plans.recordPayment(c, p.id, pay))).code).toBe('plan_not_approved');
		await votes.finalize(c, voteId);

		await plans.recordPayment(c, p.id, pay);
		const owner = await plans.view(s.owners[0].actor, p.id);
		expect(owner.mine[0]).toMatchObject({ shareFen: 80_000, paidFen: 80_000, owedFen: 0 });
		const other = await plans.view(s.owners[1].actor, p.id);
		expect(other.mine[0]).toMatchObject({ shareFen: 90_000, paidFen: 0, owedFen: 90_000 });
		const bill = await plans.bills(s.owners[1].actor, p.id);
		expect(bill.bills).toHaveLength(1);
		expect(bill.bills[0]).toMatchObject({ dueFen: 90_000, owedFen: 90_000 });
		// another owner's notice is not theirs to see
		expect((await refusal(plans.bills(s.owners[1].actor, p.id, s.units[0].id))).status).toBe(403);
	});

	it('a vote that failed never lets the levy collect', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { splitRule: 'equal' });
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '太阳能' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '8000' });
		const { id: voteId } = await votes.create(c, s.community.id, { title: '路灯费用', kind: 'binding', matter: 'ordinary' });
		await plans.update(c, p.id, { topicId: p.topic.id, title: '更换12盏路灯', splitRule: 'equal', voteId });
		await plans.publish(c, p.id);
		await votes.open(c, voteId);
		for (const o of s.owners) await votes.cast(o.actor, voteId, { choice: 'no' });
		await votes.close(c, voteId, { objectionDays: 0 });
		await votes.finalize(c, voteId);
		const r = await refusal(plans.recordPayment(c, p.id, { unitId: s.units[0].id, amount: '2000', method: 'cash', receiptNo: 'X1' }));
		expect(r.code).toBe('plan_not_approved');
		expect((await plans.view(c, p.id)).approval).toMatchObject({ needed: true, passed: false, canCollect: false });
	});

	it('splits by floor with the ground floor paying nothing', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { splitRule: 'floor', floorCoefficients: '1:0, 2:1000' });
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '太阳能' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '8000.01' });
		const prev = await plans.preview(c, p.id);
		// rooms 101, 102 on floor 1; 201, 202 on floor 2; 800001 分 split 400001 / 400000 by id
		expect(prev.rows.map((r) => r.amountFen)).toEqual([0, 0, 400_001, 400_000]);
		const missing = await refusal(plans.update(c, p.id, { topicId: p.topic.id, title: 'x', splitRule: 'floor', floorCoefficients: '1:0' }).then(() => plans.preview(c, p.id)));
		expect(missing.code).toBe('missing_floor_coefficient');
		expect(missing.message).toContain('2');
	});
});

/** the database's own message when it refuses a statement (drizzle wraps it as the cause) */
async function dbRefusal(p: PromiseLike<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		const messages: string[] = [];
		for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) messages.push(cur.message);
		return messages.join(' | ');
	}
	throw new Error('the database accepted the statement');
}

describe('the plan page', () => {
	async function pageLoad(user: unknown, cid: number, pid: number) {
		const mod = await import('../../src/routes/c/[cid]/plans/[pid]/+page.server');
		return (mod.load as unknown as (event: never) => Promise<Record<string, unknown>>)({
			locals: { user },
			params: { cid: String(cid), pid: String(pid) },
			url: new URL(`http://localhost/c/${cid}/plans/${pid}`)
		} as never);
	}

	it('reads the plan once for the committee, with the split of a levy and the form choices from the schema', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { splitRule: 'equal' });
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '便宜' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '8000' });

		// the service reads and authorises the plan once; the page adds only the URL's community check
		expect((await readsOf(table.plan, () => plans.page(c, p.id))).reads).toBe(1);
		const { reads, out } = await readsOf(table.plan, () => pageLoad(c, s.community.id, p.id));
		expect(reads).toBe(2);
		expect((out.preview as { rows: { amountFen: number }[] }).rows.reduce((a, r) => a + r.amountFen, 0)).toBe(800_000);
		expect(out.sourceKinds).toEqual(table.PLAN_SOURCE_KINDS);
		expect(out.paymentMethods).toEqual(table.PLAN_PAYMENT_METHODS);
		// a resident sees no split, and a draft not at all
		await expect(pageLoad(s.owners[0].actor, s.community.id, p.id)).rejects.toMatchObject({ status: 404 });
		await plans.publish(c, p.id);
		const resident = await pageLoad(s.owners[0].actor, s.community.id, p.id);
		expect(resident.preview).toBeNull();

		// the workbook reads it once too, not once for its ledger and again for its notices
		expect((await readsOf(table.plan, () => plans.workbook(c, p.id))).reads).toBe(1);
	});

	it('shows why a split cannot be computed instead of failing the page', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { splitRule: 'floor', floorCoefficients: '99:1000' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '8000' });
		const out = await pageLoad(c, s.community.id, p.id);
		expect(out.preview).toBeNull();
		expect(out.previewError).toBeTruthy();
	});
});

describe('the ledger', () => {
	it('cannot be edited or deleted, in the service or in the database: corrections are new entries', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await publishedLightsPlan(s);
		const pay = await plans.recordPayment(c, p.id, { unitId: s.units[1].id, amount: '500', method: 'cash', receiptNo: 'C1' });
		const [entry] = await db.select().from(table.planLedger).where(eq(table.planLedger.paymentId, pay.id));

		expect(await dbRefusal(db.update(table.planLedger).set({ amountFen: 5000 }).where(eq(table.planLedger.id, entry.id)))).toMatch(/append-only/);
		expect(await dbRefusal(db.delete(table.planLedger).where(eq(table.planLedger.id, entry.id)))).toMatch(/append-only/);
		expect(await dbRefusal(db.update(table.planPayment).set({ amountFen: 5000 }).where(eq(table.planPayment.id, pay.id)))).toMatch(/append-only/);
		expect(await dbRefusal(db.execute(sql`truncate plan_ledger`))).toMatch(/append-only/);
		const [still] = await db.select().from(table.planLedger).where(eq(table.planLedger.id, entry.id));
		expect(still.amountFen).toBe(50_000);

		// it was really 50 元: a correction of −450 元 names the entry it corrects
		await plans.correct(c, p.id, entry.id, { amount: '-450', note: '实收50元，录入有误' });
		const led = await plans.ledger(c, p.id);
		expect(led.lines.map((l) => [l.kind, l.amountFen, l.correctsId])).toEqual([
			['payment', 50_000, null],
			['correction', -45_000, entry.id]
		]);
		expect(led.lines.at(-1)!.balanceFen).toBe(5_000);
		const owner = await plans.view(s.owners[1].actor, p.id);
		expect(owner.mine[0].paidFen).toBe(5_000);
		expect((await refusal(plans.correct(c, p.id, entry.id, { amount: '0', note: 'x' }))).fields.amount).toBeTruthy();
		const audit = await db.select().from(table.auditLog).where(eq(table.auditLog.targetId, p.id));
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['plan.create', 'plan.publish', 'plan.payment', 'plan.correction']));
	});

	it('keeps anonymous pledges and payments nameless to the public and names the ones who agreed', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await publishedLightsPlan(s);
		const named = await makeUser({ communityId: s.community.id, role: 'resident', name: '愿具名' });
		const hidden = await makeUser({ communityId: s.community.id, role: 'resident', name: '不具名' });
		await plans.pledge(named.actor, p.id, { amount: '100', showName: true });
		await plans.pledge(hidden.actor, p.id, { amount: '200', showName: false });
		const ps = (await plans.view(c, p.id)).pledges;
		for (const pl of ps) await plans.recordPayment(c, p.id, { pledgeId: pl.id, amount: pl.amountFen === 10_000 ? '100' : '200', method: 'cash', receiptNo: `P${pl.id}` });

		const publicView = JSON.stringify(await plans.view(s.owners[0].actor, p.id));
		const publicLedger = JSON.stringify(await plans.ledger(s.owners[0].actor, p.id));
		for (const text of [publicView, publicLedger]) {
			expect(text).toContain('愿具名');
			expect(text).not.toContain('不具名');
		}
		// the notice the committee prints is the public one; its workbook view has every name
		expect(JSON.stringify(await plans.ledger(c, p.id))).not.toContain('不具名');
		expect(JSON.stringify(await plans.ledger(c, p.id, true))).toContain('不具名');
	});
});

describe('who may do what', () => {
	it('refuses another community’s residents and committee, and residents’ committee actions', async () => {
		const s = await makeCommunityWithOwners();
		const other = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s);
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '便宜' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '8000' });
		// a draft is the committee's alone
		expect((await refusal(plans.view(s.owners[0].actor, p.id))).status).toBe(404);
		await plans.publish(c, p.id);
		for (const call of [
			() => plans.view(other.owners[0].actor, p.id),
			() => plans.ledger(other.owners[0].actor, p.id),
			() => plans.pledge(other.owners[0].actor, p.id, { amount: '10' }),
			() => plans.recordPayment(other.committee.actor, p.id, { payerName: 'x', amount: '10', method: 'cash', receiptNo: 'Z' }),
			() => plans.list(other.owners[0].actor, s.community.id),
			() => plans.workbook(other.committee.actor, p.id)
		]) {
			expect((await refusal(call())).status).toBe(403);
		}
		expect((await refusal(plans.recordPayment(s.owners[0].actor, p.id, { payerName: 'x', amount: '10', method: 'cash', receiptNo: 'Z' }))).status).toBe(403);
		expect((await refusal(plans.create(c, s.community.id, { topicId: (await makeTopic(other)).id, title: 'x', splitRule: 'equal' }))).fields.topicId).toBeTruthy();
		// after publishing the quotes are fixed
		expect((await refusal(plans.addQuote(c, p.id, { itemId: p.item.id, supplier: 'x', amount: '12' }))).status).toBe(409);
	});

	it('gives bad amounts a message beside the field', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s);
		for (const amount of ['', 'abc', '12.345', '-5', '0']) {
			const r = await refusal(plans.addQuote(c, p.id, { itemId: p.item.id, supplier: 'x', amount }));
			expect(r.status).toBe(400);
			expect(r.fields.amount).toBeTruthy();
		}
	});
});

describe('the committee’s workbook', () => {
	it('opens with the ledger, households and payments rows', async () => {
		const s = await makeCommunityWithOwners();
		const c = s.committee.actor;
		const p = await lightsPlan(s, { splitRule: 'equal' });
		await plans.chooseQuote(c, p.id, { quoteId: p.cheap.id, reason: '便宜' });
		await plans.addSource(c, p.id, { kind: 'residents', amount: '8000' });
		const { id: voteId } = await votes.create(c, s.community.id, { title: '路灯费用', kind: 'binding', matter: 'ordinary' });
		await plans.linkVote(c, p.id, { voteId });
		await plans.publish(c, p.id);
		await votes.open(c, voteId);
		for (const o of s.owners) await votes.cast(o.actor, voteId, { choice: 'yes' });
		await votes.close(c, voteId, { objectionDays: 0 });
		await votes.finalize(c, voteId);
		await plans.recordPayment(c, p.id, { unitId: s.units[0].id, amount: '2000', method: 'via_hoa', receiptNo: 'W1' });

		const { bytes, fileName } = await plans.workbook(c, p.id);
		expect(fileName).toMatch(/\.xlsx$/);
		const { default: ExcelJS } = await import('exceljs');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
		const values = (name: string) =>
			book.getWorksheet(name)!.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : []));
		const ledger = values('公示台账');
		expect(ledger).toHaveLength(2);
		expect(ledger[1]).toEqual(expect.arrayContaining(['居民缴费', 2000, 2000, 'W1']));
		const households = values('住户分摊');
		expect(households).toHaveLength(5);
		expect(households.slice(1).map((r) => r[3])).toEqual([2000, 2000, 2000, 2000]);
		expect(households[1].slice(3)).toEqual([2000, 2000, 0]);
		const payments = values('缴费登记');
		expect(payments[1]).toEqual(expect.arrayContaining(['W1', '经业委会代收', 2000]));
	});
});

describe('impossible dates', () => {
	it.each(['2026-02-30', '2026-04-31', '0000-01-01', '9999-12-31'])(
		'a payment dated %s is a Chinese 400 beside paidOn from the JSON API, and the ledger gains no row',
		async (paidOn) => {
			const s = await makeCommunityWithOwners();
			const p = await publishedLightsPlan(s);
			const { POST } = await import('../../src/routes/api/v1/plans/[planId]/payments/+server');
			const entries = async () => (await db.select().from(table.planLedger).where(eq(table.planLedger.planId, p.id))).length;
			const before = await entries();
			const request = new Request('http://localhost/api/v1/x', {
				method: 'POST',
				body: JSON.stringify({ payerName: '王秀英', amount: '100', method: 'cash', receiptNo: 'D001', paidOn }),
				headers: { 'content-type': 'application/json' }
			});
			const res = await POST({ request, url: new URL(request.url), params: { planId: String(p.id) }, locals: { user: s.committee.actor, session: null } } as never);
			expect(res.status).toBe(400);
			expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.paidOn).toBe('请填写日期，如 2026-11-25');
			expect(await entries()).toBe(before);
		}
	);
});
