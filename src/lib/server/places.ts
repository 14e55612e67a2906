/**
 * The unit register: importing the committee's spreadsheet (CSV or XLSX) all or nothing, and listing units.
 * Rows are checked by the pure rules in $lib/domain/register; this module reads files, words the problems
 * and writes in one transaction.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { and, asc, count, countDistinct, eq, inArray, sql, sum, type SQL } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import {
	cellText,
	csvLine,
	MAX_FILE_BYTES,
	MAX_LENGTH,
	MAX_ROWS,
	parseRegister,
	problemsByLine,
	templateRows,
	type RegisterColumn,
	type RegisterRow,
	type RowProblem,
	type SheetRow
} from '$lib/domain/register';
import { hasRole, requireCommittee, requireUser, streetsAdministered, type Actor } from './access';
import * as audit from './audit';
import * as communities from './communities';
import { db, type DB, type Tx } from './db';
import * as table from './db/schema';
import { ServiceError } from './errors';
import { id, parseInput } from './http/validate';

export type FileKind = 'csv' | 'xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportResult {
	imported: number;
	updated: number;
}

export interface RowError {
	line: number;
	reason: string;
}

/** A file with bad rows: nothing was written; `rows` lists every bad line with its reason. */
export class RegisterError extends ServiceError {
	constructor(readonly rows: RowError[]) {
		super(
			400,
			'invalid_rows',
			m.unit_err_invalid_rows({ count: rows.length }),
			Object.fromEntries(rows.map((r) => [`line ${r.line}`, r.reason]))
		);
	}
}

const COLUMN_NAME: Record<RegisterColumn, () => string> = {
	estate: m.unit_col_estate,
	building: m.unit_col_building,
	entrance: m.unit_col_entrance,
	room: m.unit_col_room,
	area_m2: m.unit_col_area_m2,
	owner_key: m.unit_col_owner_key,
	owner_name: m.unit_col_owner_name,
	owner_phone: m.unit_col_owner_phone,
	developer: m.unit_col_developer
};

/** one problem in the reader's language */
export function reasonOf(p: RowProblem): string {
	const column = p.column ? COLUMN_NAME[p.column]() : '';
	const value = p.value ?? '';
	switch (p.code) {
		case 'empty_file':
			return m.unit_err_empty_file();
		case 'missing_column':
			return m.unit_err_missing_column({ column });
		case 'duplicate_column':
			return m.unit_err_duplicate_column({ column });
		case 'required':
			return m.unit_err_required({ column });
		case 'too_long':
			return m.unit_err_too_long({ column, max: p.column ? MAX_LENGTH[p.column] : 0 });
		case 'area_invalid':
			return m.unit_err_area_invalid({ value });
		case 'area_decimals':
			return m.unit_err_area_decimals({ value });
		case 'area_not_positive':
			return m.unit_err_area_not_positive({ value });
		case 'area_too_large':
			return m.unit_err_area_too_large({ value });
		case 'phone_invalid':
			return m.unit_err_phone_invalid({ value });
		case 'developer_invalid':
			return m.unit_err_developer_invalid({ value });
		case 'duplicate_unit':
			return m.unit_err_duplicate_unit({ line: p.firstLine ?? 0 });
	}
}

// ---- reading files ----

/** a refusal of the file as a whole, shown beside the file field */
const fileError = (status: 400 | 413, code: string, message: string) => new ServiceError(status, code, message, { file: message });

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOldExcel = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** What the bytes are: an .xlsx is a zip; an old .xls is refused; anything else is read as CSV text. */
export function kindOf(bytes: Uint8Array, hint?: { fileName?: string; contentType?: string | null }): FileKind {
	if (isOldExcel(bytes) || /\.xls$/i.test(hint?.fileName ?? '')) throw fileError(400, 'unsupported_type', m.unit_err_file_type());
	if (isZip(bytes)) return 'xlsx';
	const type = (hint?.contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === XLSX_TYPE || /\.xlsx$/i.test(hint?.fileName ?? '')) throw fileError(400, 'bad_xlsx', m.unit_err_xlsx());
	if (type && !['text/csv', 'text/plain', 'application/csv', 'application/octet-stream', 'multipart/form-data'].includes(type)) {
		throw fileError(400, 'unsupported_type', m.unit_err_file_type());
	}
	return 'csv';
}

/** UTF-8 (BOM or not); Excel on Chinese Windows saves "CSV" as GBK, which is read too */
function decodeText(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		try {
			return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
		} catch {
			throw fileError(400, 'bad_encoding', m.unit_err_encoding());
		}
	}
}

export function readCsv(bytes: Uint8Array): SheetRow[] {
	const text = decodeText(bytes).replace(/^\uFEFF/, '');
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parseCsv(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: false, bom: true }) as unknown as typeof records;
	} catch (e) {
		const line = Number((e as { lines?: unknown }).lines) || 1;
		throw fileError(400, 'bad_csv', m.unit_err_csv({ line }));
	}
	// a record's line is where it starts: one past where the previous record ended
	let previousEnd = 0;
	return records.map(({ record, info }) => {
		const row = { line: previousEnd + 1, cells: record.map((c) => c.trim()) };
		previousEnd = info.lines;
		return row;
	});
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
	// loaded when a register is uploaded, not by every module that imports places (it is the heaviest dependency)
	const { default: ExcelJS } = await import('exceljs');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	} catch {
		throw fileError(400, 'bad_xlsx', m.unit_err_xlsx());
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return [];
	const rows: SheetRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		// row.values is 1-based: index 0 is always empty
		const values = (row.values as unknown[]).slice(1);
		rows.push({ line: rowNumber, cells: Array.from(values, (c) => cellText(c)) });
	});
	return rows;
}

async function readSheet(bytes: Uint8Array, kind: FileKind): Promise<SheetRow[]> {
	if (bytes.byteLength === 0) throw fileError(400, 'no_file', m.unit_err_no_file());
	if (bytes.byteLength > MAX_FILE_BYTES) throw fileError(413, 'too_large', m.unit_err_file_too_large());
	const sheet = kind === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
	// the header is one of the lines; a blank tail (common in spreadsheets) is not counted
	const filled = sheet.filter((r) => r.cells.some((c) => c !== '')).length;
	if (filled - 1 > MAX_ROWS) throw fileError(413, 'too_many_rows', m.unit_err_too_many_rows({ max: MAX_ROWS }));
	return sheet;
}

/** an API request body, refused early when it is larger than a register may be */
export function bodyReader(request: Request): () => Promise<Uint8Array> {
	return async () => {
		if (Number(request.headers.get('content-length') ?? 0) > MAX_FILE_BYTES) {
			throw fileError(413, 'too_large', m.unit_err_file_too_large());
		}
		return new Uint8Array(await request.arrayBuffer());
	};
}

/** an uploaded form file: its bytes (read after the authorisation check) and name */
export function uploaded(file: FormDataEntryValue | null): Pick<ImportInput, 'bytes' | 'fileName'> {
	const given = file && typeof file !== 'string' && file.size > 0 ? file : null;
	return {
		fileName: given?.name,
		bytes: async () => {
			if (!given) throw fileError(400, 'no_file', m.unit_err_no_file());
			if (given.size > MAX_FILE_BYTES) throw fileError(413, 'too_large', m.unit_err_file_too_large());
			return new Uint8Array(await given.arrayBuffer());
		}
	};
}

// ---- import ----

export const estateChoice = v.object({
	estateId: v.optional(v.union([v.literal(''), id], m.unit_err_estate_other), '')
});

export interface ImportInput {
	/** the file, or a reader called once the actor is known to be allowed */
	bytes: Uint8Array | (() => Promise<Uint8Array>);
	/** from the Content-Type of an API body or the name of an uploaded file */
	contentType?: string | null;
	fileName?: string;
	/** the estate for rows that name none; optional when the file has an estate column or there is one estate */
	estateId?: unknown;
}

/**
 * Imports the register all or nothing. Units are matched by estate + building + entrance + room:
 * a known unit is updated in place (its id, and the memberships that point at it, stay), a new one is added.
 * Units missing from the file are left as they are.
 */
export async function importRegister(actor: Actor, communityId: number, input: ImportInput): Promise<ImportResult> {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const { estateId } = parseInput(estateChoice, { estateId: input.estateId ?? '' });

	const bytes = typeof input.bytes === 'function' ? await input.bytes() : input.bytes;
	const kind = kindOf(bytes, input);
	const sheet = await readSheet(bytes, kind);
	const parsed = parseRegister(sheet);
	if (!parsed.ok) {
		const rows = [...problemsByLine(parsed.problems)].map(([line, problems]) => ({
			line,
			reason: problems.map(reasonOf).join(m.unit_reason_sep())
		}));
		throw new RegisterError(rows);
	}

	return db.transaction(async (tx) => {
		const estates = await tx.select().from(table.estate).where(eq(table.estate.communityId, community.id));
		let defaultEstateId: number | null = null;
		const needsDefault = parsed.rows.some((r) => r.estate === null);
		if (estateId !== '') {
			if (!estates.some((e) => e.id === estateId)) {
				throw new ServiceError(400, 'invalid_input', m.unit_err_estate_other(), { estateId: m.unit_err_estate_other() });
			}
			defaultEstateId = estateId;
		} else if (needsDefault) {
			if (estates.length === 1) defaultEstateId = estates[0].id;
			else if (estates.length === 0) {
				const [created] = await tx.insert(table.estate).values({ communityId: community.id, name: community.name }).returning();
				estates.push(created);
				defaultEstateId = created.id;
			} else throw new ServiceError(400, 'invalid_input', m.unit_err_estate(), { estateId: m.unit_err_estate() });
		}

		const estateIds = await ensureEstates(tx, community.id, estates, parsed.rows);
		const estateOf = (r: RegisterRow) => (r.estate === null ? defaultEstateId! : estateIds.get(r.estate)!);
		const entranceIds = await ensureEntrances(tx, community.id, parsed.rows, estateOf);

		const existing = new Set<string>();
		const touched = [...new Set([...entranceIds.values()].map((e) => e.entranceId))];
		for (let i = 0; i < touched.length; i += 1000) {
			const found = await tx
				.select({ entranceId: table.unit.entranceId, room: table.unit.room })
				.from(table.unit)
				.where(inArray(table.unit.entranceId, touched.slice(i, i + 1000)));
			for (const u of found) existing.add(`${u.entranceId}|${u.room}`);
		}

		let updated = 0;
		const values = parsed.rows.map((r) => {
			const place = entranceIds.get(entranceKey(estateOf(r), r.building, r.entrance))!;
			if (existing.has(`${place.entranceId}|${r.room}`)) updated++;
			return {
				communityId: community.id,
				buildingId: place.buildingId,
				entranceId: place.entranceId,
				room: r.room,
				areaDm2: r.areaDm2,
				ownerKey: r.ownerKey,
				ownerName: r.ownerName,
				ownerPhone: r.ownerPhone,
				developer: r.developer
			};
		});
		for (let i = 0; i < values.length; i += 1000) {
			await tx
				.insert(table.unit)
				.values(values.slice(i, i + 1000))
				.onConflictDoUpdate({
					target: [table.unit.entranceId, table.unit.room],
					set: {
						areaDm2: sql`excluded.area_dm2`,
						ownerKey: sql`excluded.owner_key`,
						ownerName: sql`excluded.owner_name`,
						ownerPhone: sql`excluded.owner_phone`,
						developer: sql`excluded.developer`,
						updatedAt: sql`now()`
					}
				});
		}
		const result = { imported: values.length - updated, updated };
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'units.import',
			targetType: 'community',
			targetId: community.id,
			detail: { ...result, rows: values.length, file: input.fileName ?? kind }
		});
		return result;
	});
}

/** estate names from the file → ids, creating the unknown ones */
async function ensureEstates(
	tx: Tx,
	communityId: number,
	known: (typeof table.estate.$inferSelect)[],
	rows: RegisterRow[]
): Promise<Map<string, number>> {
	const ids = new Map(known.map((e) => [e.name, e.id]));
	const missing = [...new Set(rows.map((r) => r.estate))].filter((n): n is string => n !== null && !ids.has(n));
	if (missing.length > 0) {
		await tx
			.insert(table.estate)
			.values(missing.map((name) => ({ communityId, name })))
			.onConflictDoNothing();
		const all = await tx.select().from(table.estate).where(eq(table.estate.communityId, communityId));
		for (const e of all) ids.set(e.name, e.id);
	}
	return ids;
}

const entranceKey = (estateId: number, building: string, entrance: string) => JSON.stringify([estateId, building, entrance]);

/** (estate, building, entrance) of every row → ids, creating buildings and entrances as needed */
async function ensureEntrances(
	tx: Tx,
	communityId: number,
	rows: RegisterRow[],
	estateOf: (r: RegisterRow) => number
): Promise<Map<string, { buildingId: number; entranceId: number }>> {
	const loadBuildings = async () =>
		new Map(
			(await tx.select().from(table.building).where(eq(table.building.communityId, communityId))).map((b) => [
				JSON.stringify([b.estateId, b.name]),
				b.id
			])
		);
	let buildings = await loadBuildings();
	const wantedBuildings = new Map<string, { estateId: number; name: string }>();
	for (const r of rows) {
		const key = JSON.stringify([estateOf(r), r.building]);
		if (!buildings.has(key)) wantedBuildings.set(key, { estateId: estateOf(r), name: r.building });
	}
	if (wantedBuildings.size > 0) {
		const list = [...wantedBuildings.values()];
		for (let i = 0; i < list.length; i += 1000) {
			await tx
				.insert(table.building)
				.values(list.slice(i, i + 1000).map((b) => ({ communityId, estateId: b.estateId, name: b.name })))
				.onConflictDoNothing();
		}
		buildings = await loadBuildings();
	}

	const loadEntrances = async () =>
		new Map(
			(await tx.select().from(table.entrance).where(eq(table.entrance.communityId, communityId))).map((e) => [
				JSON.stringify([e.buildingId, e.name]),
				e.id
			])
		);
	let entrances = await loadEntrances();
	const wantedEntrances = new Map<string, { buildingId: number; name: string }>();
	for (const r of rows) {
		const buildingId = buildings.get(JSON.stringify([estateOf(r), r.building]))!;
		const key = JSON.stringify([buildingId, r.entrance]);
		if (!entrances.has(key)) wantedEntrances.set(key, { buildingId, name: r.entrance });
	}
	if (wantedEntrances.size > 0) {
		const list = [...wantedEntrances.values()];
		for (let i = 0; i < list.length; i += 1000) {
			await tx
				.insert(table.entrance)
				.values(list.slice(i, i + 1000).map((e) => ({ communityId, buildingId: e.buildingId, name: e.name })))
				.onConflictDoNothing();
		}
		entrances = await loadEntrances();
	}

	const out = new Map<string, { buildingId: number; entranceId: number }>();
	for (const r of rows) {
		const estateId = estateOf(r);
		const buildingId = buildings.get(JSON.stringify([estateId, r.building]))!;
		const entranceId = entrances.get(JSON.stringify([buildingId, r.entrance]))!;
		out.set(entranceKey(estateId, r.building, r.entrance), { buildingId, entranceId });
	}
	return out;
}

// ---- reading the register ----

/** natural order of names like 2栋 < 10栋: by the first run of digits, then by the text */
const natural = (column: typeof table.building.name | typeof table.entrance.name | typeof table.unit.room) => [
	sql`nullif(substring(${column} from '\\d{1,9}'), '')::integer asc nulls last`,
	asc(column)
];

/** units with the names of their estate, building and entrance; add where/orderBy. Inside a transaction pass it as q (PGlite has one connection). */
export function unitRows(q: DB | Tx = db) {
	return q
		.select({
			id: table.unit.id,
			estate: table.estate.name,
			building: table.building.name,
			entrance: table.entrance.name,
			room: table.unit.room,
			areaDm2: table.unit.areaDm2,
			ownerKey: table.unit.ownerKey,
			ownerName: table.unit.ownerName,
			developer: table.unit.developer
		})
		.from(table.unit)
		.innerJoin(table.building, eq(table.unit.buildingId, table.building.id))
		.innerJoin(table.estate, eq(table.building.estateId, table.estate.id))
		.innerJoin(table.entrance, eq(table.unit.entranceId, table.entrance.id))
		.$dynamic();
}

function unitsQuery(communityId: number) {
	return unitRows()
		.where(eq(table.unit.communityId, communityId))
		.orderBy(asc(table.estate.id), ...natural(table.building.name), ...natural(table.entrance.name), ...natural(table.unit.room), asc(table.unit.id));
}

/** The units of a community for the API: its committee, or the street admin of its street. Owner names and phones are left out. */
export async function listUnits(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireUser(actor);
	if (!hasRole(user, community.id, 'committee') && !streetsAdministered(user).includes(community.streetId)) {
		throw new ServiceError(403, 'forbidden', m.err_forbidden());
	}
	const rows = await unitsQuery(community.id);
	return rows.map(({ id, estate, building, entrance, room, areaDm2, ownerKey, developer }) => ({
		id,
		estate,
		building,
		entrance,
		room,
		areaDm2,
		ownerKey,
		developer
	}));
}

export const PAGE_SIZE = 50;

/** The committee's register page: estates, totals and one page of units. */
export async function overview(actor: Actor, communityId: number, pageInput: unknown = 1) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const [totals] = await db
		.select({
			units: count(),
			owners: countDistinct(table.unit.ownerKey),
			areaDm2: sum(table.unit.areaDm2).mapWith(Number)
		})
		.from(table.unit)
		.where(eq(table.unit.communityId, community.id));
	const pages = Math.max(1, Math.ceil(totals.units / PAGE_SIZE));
	const asked = Number(pageInput);
	const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
	const [estates, units] = await Promise.all([
		db
			.select({ id: table.estate.id, name: table.estate.name })
			.from(table.estate)
			.where(eq(table.estate.communityId, community.id))
			.orderBy(asc(table.estate.id)),
		unitsQuery(community.id)
			.limit(PAGE_SIZE)
			.offset((page - 1) * PAGE_SIZE)
	]);
	return {
		community: { id: community.id, name: community.name },
		estates,
		totals: { units: totals.units, owners: totals.owners, areaDm2: totals.areaDm2 ?? 0 },
		units,
		page,
		pages
	};
}

/** the blank register to fill in, as CSV with a BOM so that Excel opens it as UTF-8 */
export function templateCsv(): string {
	return '\uFEFF' + templateRows().map(csvLine).join('\r\n') + '\r\n';
}

/** a vote's or plan's reach: the whole community, or some of its estates, buildings or entrances */
export interface ScopeOf {
	communityId: number;
	scope: table.VoteScope;
	scopeIds: number[];
}

/** condition on table.unit: the units in a scope (needs no join, so it fits any query on unit) */
export function unitsInScope(s: ScopeOf): SQL {
	const inCommunity = eq(table.unit.communityId, s.communityId);
	switch (s.scope) {
		case 'community':
			return inCommunity;
		case 'estate':
			return and(
				inCommunity,
				inArray(
					table.unit.buildingId,
					db.select({ id: table.building.id }).from(table.building).where(inArray(table.building.estateId, s.scopeIds))
				)
			)!;
		case 'building':
			return and(inCommunity, inArray(table.unit.buildingId, s.scopeIds))!;
		case 'entrance':
			return and(inCommunity, inArray(table.unit.entranceId, s.scopeIds))!;
	}
}

/** a scope's places in words, in id order: ['金阳花园A区 1栋 1单元'], empty for the whole community */
export async function scopeNames(s: { scope: table.VoteScope; scopeIds: number[] }): Promise<string[]> {
	if (s.scope === 'community' || s.scopeIds.length === 0) return [];
	if (s.scope === 'estate') {
		const rows = await db.select({ name: table.estate.name }).from(table.estate).where(inArray(table.estate.id, s.scopeIds)).orderBy(asc(table.estate.id));
		return rows.map((r) => r.name);
	}
	if (s.scope === 'building') {
		const rows = await db
			.select({ estate: table.estate.name, name: table.building.name })
			.from(table.building)
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(inArray(table.building.id, s.scopeIds))
			.orderBy(asc(table.building.id));
		return rows.map((r) => `${r.estate} ${r.name}`);
	}
	const rows = await db
		.select({ estate: table.estate.name, building: table.building.name, name: table.entrance.name })
		.from(table.entrance)
		.innerJoin(table.building, eq(table.building.id, table.entrance.buildingId))
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(inArray(table.entrance.id, s.scopeIds))
		.orderBy(asc(table.entrance.id));
	return rows.map((r) => `${r.estate} ${r.building} ${r.name}`);
}

/** a community's estates, buildings and entrances with the names above them, in id order (for scope pickers) */
export async function placeLists(communityId: number) {
	const [estates, buildings, entrances] = await Promise.all([
		db
			.select({ id: table.estate.id, name: table.estate.name })
			.from(table.estate)
			.where(eq(table.estate.communityId, communityId))
			.orderBy(asc(table.estate.id)),
		db
			.select({ id: table.building.id, name: table.building.name, estateName: table.estate.name })
			.from(table.building)
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(eq(table.building.communityId, communityId))
			.orderBy(asc(table.estate.id), asc(table.building.id)),
		db
			.select({ id: table.entrance.id, name: table.entrance.name, buildingName: table.building.name, estateName: table.estate.name })
			.from(table.entrance)
			.innerJoin(table.building, eq(table.building.id, table.entrance.buildingId))
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(eq(table.entrance.communityId, communityId))
			.orderBy(asc(table.estate.id), asc(table.building.id), asc(table.entrance.id))
	]);
	return { estates, buildings, entrances };
}
