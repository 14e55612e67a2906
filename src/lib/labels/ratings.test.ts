import { describe, expect, it } from 'vitest';
import { chartFloor, levelName } from './ratings';

describe('rating labels', () => {
	it('a trend of 98–99.5% starts its axis at 90, one with 60% at 50, an empty one at 0', () => {
		expect(chartFloor([{ values: [98.9, 99.5, null] }])).toBe(90);
		expect(chartFloor([{ values: [99.5] }, { values: [60, null] }])).toBe(50);
		expect(chartFloor([{ values: [null] }])).toBe(0);
		expect(chartFloor([{ values: [3] }])).toBe(0);
	});
	it('names the five levels', () => expect([5, 4, 3, 2, 1].map(levelName)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']));
});
