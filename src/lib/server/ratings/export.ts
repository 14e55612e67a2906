/** The round's aggregates as a workbook: counts and rates per cadre, never a ballot. */
import { m } from '$lib/paraglide/messages';
import * as satisfaction from '$lib/domain/satisfaction';
import { levelName } from '$lib/labels/ratings';
import type { Actor } from '../access';
import { results } from './results';

export async function workbook(actor: Actor, roundId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
	const r = await results(actor, roundId);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Yishiting';
	const sheet = book.addWorksheet(m.rating_xlsx_sheet());
	sheet.addRow([m.rating_notice_title({ community: r.community.name, year: r.round.year, quarter: r.round.quarter })]).font = { bold: true };
	sheet.addRow([m.rating_formula_label(), r.formulas.satisfaction]);
	sheet.addRow(['', r.formulas.strict]);
	sheet.addRow(['', r.formulas.mean]);
	sheet.addRow(['', m.rating_min_note({ min: r.minCount })]);
	sheet.addRow([]);
	const header = sheet.addRow([
		m.rating_col_cadre(),
		m.rating_col_post(),
		...satisfaction.LEVELS.map((l) => levelName(l.level)),
		m.rating_col_valid(),
		m.rating_col_satisfaction(),
		m.rating_col_strict(),
		m.rating_col_mean(),
		m.rating_col_flag()
	]);
	header.font = { bold: true };
	const line = (name: string, post: string, f: Omit<satisfaction.Summary, 'flagged'>, flagged: boolean) =>
		sheet.addRow(
			f.shown && f.counts
				? [name, post, f.counts[5], f.counts[4], f.counts[3], f.counts[2], f.counts[1], f.valid, f.satisfaction, f.strict, f.mean, flagged ? m.rating_flagged() : '']
				: [name, post, m.rating_below_min_short(), '', '', '', '', '', '', '', '', '']
		);
	for (const c of r.cadres) line(c.name, c.post, c, c.flagged);
	line(m.rating_community_total(), '', r.total, false).font = { bold: true };
	sheet.addRow([]);
	sheet.addRow([m.rating_col_raters(), r.raters, m.rating_col_eligible(), r.eligible, m.rating_col_participation(), r.participation]);
	sheet.getColumn(1).width = 16;
	sheet.getColumn(2).width = 16;
	const bytes = new Uint8Array(await book.xlsx.writeBuffer());
	return { fileName: `ratings-${r.round.year}Q${r.round.quarter}.xlsx`, bytes };
}
