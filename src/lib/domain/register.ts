/**
 * The unit register (房屋/业主名册) as committees keep it in spreadsheets: header names, cell text,
 * and the checks every row must pass before anything is written. Pure functions, no I/O; problems are
 * codes with parameters so that the caller words them in the reader's language.
 */

export const REGISTER_COLUMNS = [
	'estate',
	'building',
	'entrance',
	'room',
	'area_m2',
	'owner_key',
	'owner_name',
	'owner_phone',
	'developer'
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly RegisterColumn[] = ['building', 'entrance', 'room', 'area_m2', 'owner_key'];

/** Chinese header of each column, as in the template */
export const CHINESE_HEADERS: Record<RegisterColumn, string> = {
	estate: '小区',
	building: '楼栋',
	entrance: '单元',
	room: '房号',
	area_m2: '面积',
	owner_key: '业主编号',
	owner_name: '业主姓名',
	owner_phone: '业主电话',
	developer: '开发商'
};

const ALIASES: Record<string, RegisterColumn> = {
	小区: 'estate',
	小区名称: 'estate',
	楼栋: 'building',
	楼号: 'building',
	栋: 'building',
	单元: 'entrance',
	单元号: 'entrance',
	房号: 'room',
	房间号: 'room',
	门牌号: 'room',
	面积: 'area_m2',
	专有部分面积: 'area_m2',
	建筑面积: 'area_m2',
	业主编号: 'owner_key',
	业主姓名: 'owner_name',
	业主: 'owner_name',
	业主电话: 'owner_phone',
	联系电话: 'owner_phone',
	手机号: 'owner_phone',
	开发商: 'developer',
	是否开发商: 'developer',
	开发商持有: 'developer'
};
for (const c of REGISTER_COLUMNS) ALIASES[c] = c;

/** the longest text each column may hold */
export const MAX_LENGTH: Record<RegisterColumn, number> = {
	estate: 50,
	building: 20,
	entrance: 20,
	room: 20,
	area_m2: 20,
	owner_key: 64,
	owner_name: 50,
	owner_phone: 20,
	developer: 10
};

/** owner key given to developer-held units when the row leaves it empty */
export const DEVELOPER_KEY = 'DEVELOPER';
/** 100,000 m² in 0.01 m² */
export const MAX_AREA_DM2 = 10_000_000;
export const MAX_ROWS = 20_000;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** "面积(㎡)", " Area_M2 ", "面积（平方米）" → the column it names, or null */
export function columnOf(header: string): RegisterColumn | null {
	const key = header
		.replace(/^\uFEFF/, '')
		.replace(/[（(][^）)]*[）)]\s*$/, '')
		.replace(/\s+/g, '')
		.toLowerCase();
	return ALIASES[key] ?? null;
}

/** what an XLSX cell may hold after reading (exceljs cell values) */
export type Cell =
	| string
	| number
	| boolean
	| Date
	| null
	| undefined
	| { richText: { text: string }[] }
	| { text: string; hyperlink?: string }
	| { formula?: string; sharedFormula?: string; result?: unknown }
	| { error: string };

/** The text a committee member sees in a cell. Numbers keep at most 15 significant digits, as Excel shows them. */
export function cellText(cell: Cell | unknown): string {
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'string') return cell.trim();
	if (typeof cell === 'number') {
		if (!Number.isFinite(cell)) return '';
		return String(Number(cell.toPrecision(15)));
	}
	if (typeof cell === 'boolean') return cell ? 'true' : 'false';
	if (cell instanceof Date) return cell.toISOString().slice(0, 10);
	if (typeof cell === 'object') {
		const o = cell as Record<string, unknown>;
		if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => String(r?.text ?? '')).join('').trim();
		if ('result' in o || 'formula' in o || 'sharedFormula' in o) return cellText(o.result);
		if (typeof o.text === 'string') return o.text.trim();
		if ('error' in o) return '';
	}
	return String(cell).trim();
}

export type AreaResult = { ok: true; dm2: number } | { ok: false; code: 'area_invalid' | 'area_decimals' | 'area_not_positive' | 'area_too_large' };

/**
 * "89.37" → 8937 (0.01 m²), computed on the digits so that no float rounding creeps in
 * ("4.35" is 435, where 4.35 * 100 would give 434.99999999999994).
 */
export function parseArea(input: string): AreaResult {
	const s = input
		.trim()
		// full-width digits and point, as typed with a Chinese input method
		.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
		.replace(/\s*(㎡|m²|m2|平方米|平米)$/i, '')
		.trim();
	if (/^-\s*\d+(\.\d*)?$/.test(s)) return { ok: false, code: 'area_not_positive' };
	const match = /^(\d+)(?:\.(\d*))?$/.exec(s) ?? /^()\.(\d+)$/.exec(s);
	if (!match) return { ok: false, code: 'area_invalid' };
	const whole = match[1].replace(/^0+(?=\d)/, '');
	const fraction = (match[2] ?? '').replace(/0+$/, '');
	if (fraction.length > 2) return { ok: false, code: 'area_decimals' };
	// 100,000 m² has six digits; more cannot be a unit, and would strain Number
	if (whole.length > 6) return { ok: false, code: 'area_too_large' };
	const dm2 = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
	if (dm2 <= 0) return { ok: false, code: 'area_not_positive' };
	if (dm2 > MAX_AREA_DM2) return { ok: false, code: 'area_too_large' };
	return { ok: true, dm2 };
}

/** 8937 → "89.37" */
export function formatArea(dm2: number): string {
	const sign = dm2 < 0 ? '-' : '';
	const abs = Math.abs(dm2);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const TRUE_WORDS = new Set(['true', '1', '是', 'y', 'yes', '√']);
const FALSE_WORDS = new Set(['', 'false', '0', '否', 'n', 'no']);

/** true/false/1/0/是/否 (and yes/no); empty is false; anything else null */
export function parseDeveloper(input: string): boolean | null {
	const s = input.trim().toLowerCase();
	if (TRUE_WORDS.has(s)) return true;
	if (FALSE_WORDS.has(s)) return false;
	return null;
}

/** empty, or an 11-digit mainland mobile number (spaces and dashes dropped, +86 allowed); null when invalid */
export function parsePhone(input: string): string | null {
	const s = input.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
	if (s === '') return '';
	return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

export interface RegisterRow {
	line: number;
	/** null: the file has no estate for this row; the caller supplies the default */
	estate: string | null;
	building: string;
	entrance: string;
	room: string;
	areaDm2: number;
	ownerKey: string;
	ownerName: string;
	ownerPhone: string;
	developer: boolean;
}

export type ProblemCode =
	| 'empty_file'
	| 'missing_column'
	| 'duplicate_column'
	| 'required'
	| 'too_long'
	| 'area_invalid'
	| 'area_decimals'
	| 'area_not_positive'
	| 'area_too_large'
	| 'phone_invalid'
	| 'developer_invalid'
	| 'duplicate_unit';

export interface RowProblem {
	/** the line in the file; the header is line 1 */
	line: number;
	code: ProblemCode;
	column?: RegisterColumn;
	/** the offending text, when there is one */
	value?: string;
	/** duplicate_unit: the earlier line holding the same unit */
	firstLine?: number;
}

export interface SheetRow {
	line: number;
	cells: string[];
}

export type RegisterResult =
	| { ok: true; rows: RegisterRow[]; hasEstateColumn: boolean }
	| { ok: false; problems: RowProblem[] };

const unitKey = (estate: string | null, building: string, entrance: string, room: string) =>
	JSON.stringify([estate ?? '', building, entrance, room]);

/**
 * Reads a register: the first row is the header (columns in any order, English or Chinese names,
 * unknown columns ignored), blank rows are skipped. Either every row is good, or every problem
 * of every row is returned — the import is all or nothing.
 */
export function parseRegister(sheet: SheetRow[]): RegisterResult {
	const nonBlank = sheet.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (nonBlank.length === 0) return { ok: false, problems: [{ line: 1, code: 'empty_file' }] };
	const [head, ...body] = nonBlank;

	const index = new Map<RegisterColumn, number>();
	const problems: RowProblem[] = [];
	head.cells.forEach((text, i) => {
		const col = columnOf(text);
		if (!col) return;
		if (index.has(col)) problems.push({ line: head.line, code: 'duplicate_column', column: col, value: text.trim() });
		else index.set(col, i);
	});
	for (const col of REQUIRED_COLUMNS) {
		if (!index.has(col)) problems.push({ line: head.line, code: 'missing_column', column: col });
	}
	if (problems.length > 0) return { ok: false, problems };
	if (body.length === 0) return { ok: false, problems: [{ line: head.line, code: 'empty_file' }] };

	const hasEstateColumn = index.has('estate');
	const rows: RegisterRow[] = [];
	const seen = new Map<string, number>();
	for (const { line, cells } of body) {
		const get = (col: RegisterColumn) => {
			const i = index.get(col);
			return i === undefined ? '' : (cells[i] ?? '').trim();
		};
		const rowProblems: RowProblem[] = [];
		const textOf = (col: RegisterColumn, required: boolean) => {
			const value = get(col);
			if (required && value === '') rowProblems.push({ line, code: 'required', column: col });
			else if (value.length > MAX_LENGTH[col]) rowProblems.push({ line, code: 'too_long', column: col, value });
			return value;
		};

		const estate = hasEstateColumn ? textOf('estate', false) || null : null;
		const building = textOf('building', true);
		const entrance = textOf('entrance', true);
		const room = textOf('room', true);

		let areaDm2 = 0;
		const areaText = get('area_m2');
		if (areaText === '') rowProblems.push({ line, code: 'required', column: 'area_m2' });
		else {
			const area = parseArea(areaText);
			if (area.ok) areaDm2 = area.dm2;
			else rowProblems.push({ line, code: area.code, column: 'area_m2', value: areaText });
		}

		const developerText = get('developer');
		const developer = parseDeveloper(developerText);
		if (developer === null) rowProblems.push({ line, code: 'developer_invalid', column: 'developer', value: developerText });

		let ownerKey = textOf('owner_key', developer !== true);
		if (ownerKey === '' && developer === true) ownerKey = DEVELOPER_KEY;
		const ownerName = textOf('owner_name', false);

		const phoneText = get('owner_phone');
		const ownerPhone = parsePhone(phoneText);
		if (ownerPhone === null) rowProblems.push({ line, code: 'phone_invalid', column: 'owner_phone', value: phoneText });

		if (building && entrance && room) {
			const key = unitKey(estate, building, entrance, room);
			const first = seen.get(key);
			if (first !== undefined) rowProblems.push({ line, code: 'duplicate_unit', firstLine: first });
			else seen.set(key, line);
		}

		if (rowProblems.length > 0) {
			problems.push(...rowProblems);
			continue;
		}
		rows.push({
			line,
			estate,
			building,
			entrance,
			room,
			areaDm2,
			ownerKey,
			ownerName,
			ownerPhone: ownerPhone ?? '',
			developer: developer ?? false
		});
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, rows, hasEstateColumn };
}

/** problems grouped by line, in file order */
export function problemsByLine(problems: RowProblem[]): Map<number, RowProblem[]> {
	const out = new Map<number, RowProblem[]>();
	for (const p of [...problems].sort((a, b) => a.line - b.line)) {
		const list = out.get(p.line) ?? [];
		list.push(p);
		out.set(p.line, list);
	}
	return out;
}

/** the template's header row and two example rows */
export function templateRows(): string[][] {
	const cols: RegisterColumn[] = ['estate', 'building', 'entrance', 'room', 'area_m2', 'owner_key', 'owner_name', 'owner_phone', 'developer'];
	return [
		cols.map((c) => CHINESE_HEADERS[c]),
		['', '1栋', '1单元', '101', '89.37', 'A0001', '张三', '13912345678', '否'],
		['', '1栋', '1单元', '102', '120.5', 'A0001', '张三', '13912345678', '否'],
		['', '1栋', '2单元', '301', '96', '', '某某置业有限公司', '', '是']
	];
}

/** one CSV line, quoting where needed */
export function csvLine(cells: string[]): string {
	return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
