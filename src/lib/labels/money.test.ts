import { describe, expect, it } from 'vitest';
import { yuan, yuanFigure } from './money';

describe('money in words', () => {
	it.each([
		[1_200_000, '12,000.00'],
		[800_000, '8,000.00'],
		[99_999, '999.99'],
		[100_000, '1,000.00'],
		[60_000_000_000, '600,000,000.00'],
		[-45_000, '-450.00'],
		[-123_456_789, '-1,234,567.89'],
		[5, '0.05'],
		[0, '0.00']
	])('%i 分 reads %s', (fen, text) => expect(yuanFigure(fen)).toBe(text));

	it('names the unit and shows a dash for nothing', () => {
		expect(yuan(1_200_000)).toBe('12,000.00 元');
		expect(yuan(null)).toBe('—');
	});
});
