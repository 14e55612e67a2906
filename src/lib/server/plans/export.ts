/** The committee's workbook (xlsx): the ledger with every name, the households' shares and payments, pledges. */
import { m } from '$lib/paraglide/messages';
import { formatYuan } from '$lib/domain/cost-split';
import { ledgerKindName, paymentMethodName } from '$lib/labels/plans';
import { shanghaiTime } from '$lib/time';
import { requireCommittee, type Actor } from '../access';
import * as communities from '../communities';
import { paymentsOf, pledgesOf } from './payments';
import { loadPlan } from './records';
import { billsOf, ledgerOf } from './views';

/** The committee's workbook: ledger, households' shares and payments, pledges, payments. */
export async function workbook(actor: Actor, planId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
	const plan = await loadPlan(planId);
	const user = requireCommittee(actor, plan.communityId);
	const shown = { plan, community: await communities.get(plan.communityId), user, committee: true };
	const led = await ledgerOf(shown, true);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Yishiting';
	const money = (fen: number) => Number(formatYuan(fen));

	const l = book.addWorksheet(m.plan_xlsx_ledger());
	l.columns = [
		{ header: m.plan_xlsx_col_no(), key: 'id', width: 8 },
		{ header: m.plan_xlsx_col_time(), key: 'at', width: 18 },
		{ header: m.plan_xlsx_col_kind(), key: 'kind', width: 12 },
		{ header: m.plan_xlsx_col_party(), key: 'party', width: 24 },
		{ header: m.plan_xlsx_col_unit(), key: 'unit', width: 24 },
		{ header: m.plan_xlsx_col_amount(), key: 'amount', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_balance(), key: 'balance', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_reference(), key: 'reference', width: 16 },
		{ header: m.plan_xlsx_col_note(), key: 'note', width: 30 }
	];
	for (const line of led.lines) {
		l.addRow({
			id: line.no,
			at: line.at,
			kind: ledgerKindName(line.kind),
			party: line.party ?? '',
			unit: line.unit ?? '',
			amount: money(line.amountFen),
			balance: money(line.balanceFen),
			reference: line.reference,
			note: line.correctsNo ? `${m.plan_corrects({ id: line.correctsNo })} ${line.note}` : line.note
		});
	}

	// a draft has no notices yet
	const b = plan.status === 'draft' ? null : await billsOf(shown);
	const h = book.addWorksheet(m.plan_xlsx_households());
	h.columns = [
		{ header: m.plan_xlsx_col_unit(), key: 'unit', width: 28 },
		{ header: m.plan_xlsx_col_owner(), key: 'owner', width: 12 },
		{ header: m.plan_xlsx_col_area(), key: 'area', width: 10, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_due(), key: 'due', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_paid(), key: 'paid', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_owed(), key: 'owed', width: 12, style: { numFmt: '0.00' } }
	];
	for (const r of b?.bills ?? []) h.addRow({ unit: r.label, owner: r.ownerName, area: r.areaDm2 / 100, due: money(r.dueFen), paid: money(r.paidFen), owed: money(r.owedFen) });

	const p = book.addWorksheet(m.plan_xlsx_payments());
	p.columns = [
		{ header: m.plan_xlsx_col_receipt(), key: 'receipt', width: 14 },
		{ header: m.plan_xlsx_col_date(), key: 'date', width: 12 },
		{ header: m.plan_xlsx_col_unit(), key: 'unit', width: 24 },
		{ header: m.plan_xlsx_col_party(), key: 'payer', width: 12 },
		{ header: m.plan_xlsx_col_method(), key: 'method', width: 10 },
		{ header: m.plan_xlsx_col_amount(), key: 'amount', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_public(), key: 'public', width: 10 }
	];
	for (const r of await paymentsOf(plan.id)) {
		p.addRow({ receipt: r.receiptNo, date: r.paidOn, unit: r.unit, payer: r.payerName, method: paymentMethodName(r.method), amount: money(r.amountFen), public: r.showName ? m.plan_yes() : m.plan_no() });
	}

	const pl = book.addWorksheet(m.plan_xlsx_pledges());
	pl.columns = [
		{ header: m.plan_xlsx_col_party(), key: 'name', width: 14 },
		{ header: m.plan_xlsx_col_amount(), key: 'amount', width: 12, style: { numFmt: '0.00' } },
		{ header: m.plan_xlsx_col_public(), key: 'public', width: 10 },
		{ header: m.plan_xlsx_col_time(), key: 'at', width: 18 }
	];
	for (const r of await pledgesOf(plan.id, true)) pl.addRow({ name: r.name ?? '', amount: money(r.amountFen), public: r.showName ? m.plan_yes() : m.plan_no(), at: shanghaiTime(r.createdAt) });

	for (const sheet of [l, h, p, pl]) sheet.getRow(1).font = { bold: true };
	const bytes = new Uint8Array(await book.xlsx.writeBuffer());
	return { fileName: `plan-${plan.id}.xlsx`, bytes };
}
