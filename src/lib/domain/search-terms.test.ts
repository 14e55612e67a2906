import { describe, expect, it } from 'vitest';
import { queryTerms, termsOf } from './search-terms';

describe('search terms', () => {
	it.each([
		['燃气管道', ['燃气', '气管', '管道']],
		['双福巷11家餐馆', ['双福', '福巷', '11', '家餐', '餐馆']],
		['2号楼 加装电梯', ['2', '号楼', '加装', '装电', '电梯']],
		['Ａ区路灯', ['a', '区路', '路灯']],
		['灯', ['灯']],
		['', []],
		['路灯，路灯！', ['路灯']]
	])('%s → %j', (text, expected) => {
		expect(termsOf(text)).toEqual(expected);
	});

	it('a query of two characters needs exactly that pair; of one character, nothing the index can give', () => {
		expect(queryTerms('燃气')).toEqual(['燃气']);
		expect(queryTerms('双福巷')).toEqual(['双福', '福巷']);
		expect(queryTerms('灯')).toEqual([]);
	});

	it('every two-character word of a text is among its terms', () => {
		const text = '双福巷11家餐馆想沿居民楼外墙铺设燃气管道';
		for (const w of ['燃气', '管道', '居民', '外墙', '餐馆']) expect(termsOf(text)).toContain(w);
	});
});
