import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	cellText,
	columnOf,
	DEVELOPER_KEY,
	formatArea,
	parseArea,
	parseDeveloper,
	parsePhone,
	parseRegister,
	problemsByLine,
	type SheetRow
} from './register';

const sheet = (...lines: string[][]): SheetRow[] => lines.map((cells, i) => ({ line: i + 1, cells }));
const HEADER = ['building', 'entrance', 'room', 'area_m2', 'owner_key', 'owner_name', 'owner_phone', 'developer'];

describe('area in 0.01 m², from the digits', () => {
	it.each([
		['89.37', 8937],
		['4.35', 435], // 4.35 * 100 = 434.99999999999994
		['1.13', 113], // 1.13 * 100 = 112.99999999999999
		['0.29', 29], // 0.29 * 100 = 28.999999999999996
		['0.3', 30],
		['120.5', 12050],
		['96', 9600],
		['96.', 9600],
		['.5', 50],
		['089.10', 8910],
		['89.370', 8937],
		[' 89.37 ㎡', 8937],
		['８９．３７', 8937],
		['100000', 10_000_000]
	])('%s → %i', (text, dm2) => {
		expect(parseArea(text)).toEqual({ ok: true, dm2 });
	});

	it.each([
		['89.375', 'area_decimals'],
		['0', 'area_not_positive'],
		['0.00', 'area_not_positive'],
		['-5', 'area_not_positive'],
		['100000.01', 'area_too_large'],
		['1234567', 'area_too_large'],
		['abc', 'area_invalid'],
		['1,000', 'area_invalid'],
		['1e3', 'area_invalid'],
		['', 'area_invalid'],
		['89.3.7', 'area_invalid']
	])('%s is refused (%s)', (text, code) => {
		expect(parseArea(text)).toEqual({ ok: false, code });
	});

	it('any 2-decimal text round-trips through formatArea exactly', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 10_000_000 }), (dm2) => {
				const text = formatArea(dm2);
				expect(parseArea(text)).toEqual({ ok: true, dm2 });
			})
		);
	});
});

describe('cells as a committee sees them', () => {
	it('reads numbers, rich text, formulas, booleans and hyperlinks', () => {
		expect(cellText(89.37)).toBe('89.37');
		expect(cellText(0.1 + 0.2)).toBe('0.3');
		expect(cellText(13912345678)).toBe('13912345678');
		expect(cellText({ richText: [{ text: '1' }, { text: '栋' }] })).toBe('1栋');
		expect(cellText({ formula: 'A1*2', result: 120.5 })).toBe('120.5');
		expect(cellText(true)).toBe('true');
		expect(cellText({ text: '张三', hyperlink: 'mailto:x' })).toBe('张三');
		expect(cellText(null)).toBe('');
		expect(cellText({ error: '#N/A' })).toBe('');
	});

	it('knows headers in English and Chinese, with units in brackets', () => {
		expect(columnOf('\uFEFFbuilding')).toBe('building');
		expect(columnOf(' Area_M2 ')).toBe('area_m2');
		expect(columnOf('面积（㎡）')).toBe('area_m2');
		expect(columnOf('楼栋')).toBe('building');
		expect(columnOf('小区')).toBe('estate');
		expect(columnOf('备注')).toBeNull();
	});

	it('developer flags and phones', () => {
		expect(['true', '1', '是', 'TRUE'].map(parseDeveloper)).toEqual([true, true, true, true]);
		expect(['false', '0', '否', ''].map(parseDeveloper)).toEqual([false, false, false, false]);
		expect(parseDeveloper('maybe')).toBeNull();
		expect(parsePhone('139 1234 5678')).toBe('13912345678');
		expect(parsePhone('+8613912345678')).toBe('13912345678');
		expect(parsePhone('')).toBe('');
		expect(parsePhone('12345678901')).toBeNull();
		expect(parsePhone('1391234567')).toBeNull();
	});
});

describe('parseRegister', () => {
	it('reads columns in any order with Chinese headers and skips blank rows', () => {
		const result = parseRegister(
			sheet(
				['业主编号', '房号', '面积', '单元', '楼栋', '备注'],
				['A1', '101', '89.37', '1单元', '1栋', '随便写'],
				['', '', '', '', '', ''],
				['A1', '102', '60', '1单元', '1栋', '']
			)
		);
		expect(result).toEqual({
			ok: true,
			hasEstateColumn: false,
			rows: [
				{ line: 2, estate: null, building: '1栋', entrance: '1单元', room: '101', areaDm2: 8937, ownerKey: 'A1', ownerName: '', ownerPhone: '', developer: false },
				{ line: 4, estate: null, building: '1栋', entrance: '1单元', room: '102', areaDm2: 6000, ownerKey: 'A1', ownerName: '', ownerPhone: '', developer: false }
			]
		});
	});

	it('a developer unit without an owner key gets the developer key; others must have one', () => {
		const result = parseRegister(
			sheet(HEADER, ['1栋', '1单元', '101', '90', '', '置业公司', '', '是'], ['1栋', '1单元', '102', '90', '', '李四', '', '否'])
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual([{ line: 3, code: 'required', column: 'owner_key' }]);
		const good = parseRegister(sheet(HEADER, ['1栋', '1单元', '101', '90', '', '置业公司', '', '是']));
		expect(good.ok && good.rows[0].ownerKey).toBe(DEVELOPER_KEY);
	});

	it('reports every problem of every bad row, and a duplicate unit on its later line', () => {
		const result = parseRegister(
			sheet(
				HEADER,
				['1栋', '1单元', '101', '89.37', 'A1', '张三', '13912345678', ''],
				['1栋', '1单元', '102', 'abc', 'A2', '李四', '123', 'maybe'],
				['1栋', '1单元', '103', '80', 'A3', '', '', ''],
				['1栋', '1单元', '101', '80', 'A4', '', '', ''],
				['', '1单元', '104', '0', 'A5', '', '', '']
			)
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const byLine = problemsByLine(result.problems);
		expect([...byLine.keys()]).toEqual([3, 5, 6]);
		expect(byLine.get(3)!.map((p) => p.code)).toEqual(['area_invalid', 'developer_invalid', 'phone_invalid']);
		expect(byLine.get(5)).toEqual([{ line: 5, code: 'duplicate_unit', firstLine: 2 }]);
		expect(byLine.get(6)!.map((p) => p.code)).toEqual(['required', 'area_not_positive']);
	});

	it('the same room in two estates is not a duplicate', () => {
		const result = parseRegister(
			sheet(['小区', ...HEADER], ['A区', '1栋', '1单元', '101', '90', 'K1', '', '', ''], ['B区', '1栋', '1单元', '101', '90', 'K2', '', '', ''])
		);
		expect(result.ok && result.rows.map((r) => r.estate)).toEqual(['A区', 'B区']);
	});

	it('missing columns are named on line 1; an empty file is refused', () => {
		const result = parseRegister(sheet(['building', 'room', 'owner_key'], ['1栋', '101', 'A1']));
		expect(result).toEqual({
			ok: false,
			problems: [
				{ line: 1, code: 'missing_column', column: 'entrance' },
				{ line: 1, code: 'missing_column', column: 'area_m2' }
			]
		});
		expect(parseRegister([])).toEqual({ ok: false, problems: [{ line: 1, code: 'empty_file' }] });
		expect(parseRegister(sheet(HEADER))).toEqual({ ok: false, problems: [{ line: 1, code: 'empty_file' }] });
	});
});
