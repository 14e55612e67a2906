/**
 * Dates and times on the Asia/Shanghai calendar, whatever the server's or reader's zone: one module, one format
 * per use.
 * - a moment shown to a person: `shanghaiTime` → 2026-11-22 14:05
 * - a calendar day shown or stored: `shanghaiDate` / `shanghaiToday` → 2026-11-22
 * - a form's datetime-local value: `localInput` → 2026-11-22T14:05
 * - input from a person: `parseWallTime` / `parseDay` (refuse impossible dates and years outside 2000–2099)
 */
const PARTS = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** China has kept UTC+8 without summer time since 1992; before that the zone database (Intl) knows the offsets */
const FIXED_SINCE = Date.UTC(1992, 0, 1);
const EIGHT_HOURS = 8 * 3600_000;
export const DAY_MS = 86_400_000;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** the years a person may type: records of this site lie well inside them */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

function wall(at: Date | string | number): { y: string; mo: string; d: string; h: string; mi: string } {
	const ms = new Date(at).getTime();
	if (ms >= FIXED_SINCE) {
		// plain arithmetic: formatToParts costs ~2 % of a topic list page's CPU (20 rows, two times each)
		const t = new Date(ms + EIGHT_HOURS);
		return { y: String(t.getUTCFullYear()), mo: two(t.getUTCMonth() + 1), d: two(t.getUTCDate()), h: two(t.getUTCHours()), mi: two(t.getUTCMinutes()) };
	}
	const p = Object.fromEntries(PARTS.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
	return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute };
}

/** a moment as a person reads it: 2026-11-22 14:05 */
export function shanghaiTime(at: Date | string | number | null | undefined): string {
	if (at === null || at === undefined || at === '') return '';
	const w = wall(at);
	return `${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}`;
}

/** the calendar day of a moment: 2026-11-22 */
export const shanghaiDate = (at: Date | string | number | null | undefined) => shanghaiTime(at).slice(0, 10);

/** today on the Shanghai calendar: at 2026-11-25 17:00 UTC it is already 2026-11-26 there */
export const shanghaiToday = (now: Date = new Date()) => shanghaiDate(now);

/** an <input type="datetime-local"> value in Beijing time; '' for none */
export function localInput(at: Date | string | null | undefined): string {
	if (!at) return '';
	const w = wall(at);
	return `${w.y}-${w.mo}-${w.d}T${w.h}:${w.mi}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function realDay(y: number, mo: number, d: number): boolean {
	if (y < FIRST_YEAR || y > LAST_YEAR) return false;
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const realTime = (h: number, mi: number, s: number) => h <= 23 && mi <= 59 && s <= 59;

/** a real calendar day 'YYYY-MM-DD' within the years a person may type (no 2026-02-30, no 0000-01-01) */
export function isCalendarDay(s: string): boolean {
	const match = DAY.exec(s);
	return !!match && realDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** a calendar day typed by a person, as Shanghai midnight; null when it is not a real day */
export function parseDay(s: string): Date | null {
	return isCalendarDay(s) ? new Date(`${s}T00:00:00+08:00`) : null;
}

/**
 * A moment typed by a person: a form's datetime-local (no zone, read as Beijing wall time), a zoned ISO time, or
 * (with `date`) a bare day as Shanghai midnight. null for anything else, an impossible date or time, or a year
 * outside FIRST_YEAR–LAST_YEAR: `Date.parse` would roll 2026-02-30 over to March.
 */
export function parseWallTime(s: string, opts: { date?: boolean } = {}): Date | null {
	if (opts.date && DAY.test(s)) return parseDay(s);
	const local = WALL.exec(s);
	if (local) {
		const [y, mo, d, h, mi, sec] = local.slice(1).map((x) => Number(x ?? 0));
		if (!realDay(y, mo, d) || !realTime(h, mi, sec)) return null;
		return new Date(`${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${local[6] ?? '00'}+08:00`);
	}
	const zoned = ZONED.exec(s);
	if (zoned) {
		const [y, mo, d, h, mi, sec] = zoned.slice(1, 7).map((x) => Number(x ?? 0));
		if (!realDay(y, mo, d) || !realTime(h, mi, sec)) return null;
		const at = new Date(s);
		return Number.isNaN(at.getTime()) ? null : at;
	}
	return null;
}

/** the last millisecond of a Shanghai calendar day */
export const endOfDay = (day: string): Date | null => {
	const start = parseDay(day);
	return start ? new Date(start.getTime() + DAY_MS - 1) : null;
};
