/**
 * Money as a resident reads it: integer 分 shown as 元 with two decimals and thousands separators
 * (12,000.00 元). Every page, notice and message that shows an amount goes through here; inputs and the
 * workbook keep plain digits (formatYuan), which parseYuan reads back.
 */
import { m } from '$lib/paraglide/messages';
import { formatYuan } from '$lib/domain/cost-split';

/** 1200000 → "12,000.00"; -45000 → "-450.00" */
export function yuanFigure(fen: number): string {
	const [whole, cents] = formatYuan(fen).split('.');
	return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

/** 1200000 → "12,000.00 元"; nothing → "—" */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `${yuanFigure(fen)} ${m.plan_yuan()}`);
