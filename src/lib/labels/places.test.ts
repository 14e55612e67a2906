import { describe, expect, it } from 'vitest';
import { locationBeyond, unitLabel, whereText } from './places';

describe('unitLabel', () => {
	it('names the estate first, so A区 1栋 and B区 1栋 differ', () => {
		expect(unitLabel({ estate: '金阳花园A区', building: '1栋', entrance: '1单元', room: '301' })).toBe('金阳花园A区 1栋 1单元 301');
		expect(unitLabel({ estate: '金阳花园B区', building: '1栋', entrance: null, room: '301' })).toBe('金阳花园B区 1栋 301');
	});
});

describe('a request location beside its place', () => {
	const place = '金阳花园B区 1栋';
	it.each([
		['金阳花园B区 1栋', ''],
		['金阳花园B区1栋', ''],
		['1栋', ''],
		['  ', ''],
		['金阳花园B区 1栋 2单元门口', '2单元门口'],
		['1栋2单元1楼', '2单元1楼'],
		['1栋，楼顶', '楼顶'],
		['10栋门口', '10栋门口'],
		['小区主路', '小区主路']
	])('%s → %s', (location, rest) => {
		expect(locationBeyond(place, location)).toBe(rest);
	});
	it('is said once, with or without a place', () => {
		expect(whereText(place, '金阳花园B区1栋')).toBe('金阳花园B区 1栋');
		expect(whereText(place, '1栋2单元1楼')).toBe('金阳花园B区 1栋 2单元1楼');
		expect(whereText('', '东门')).toBe('东门');
	});
});
