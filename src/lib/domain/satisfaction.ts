/**
 * Quarterly cadre satisfaction ratings (季度民心测评): rates from raw counts per level, kept as exact
 * fractions and rounded only for display; Shanghai calendar quarters and rating windows.
 */

export type Level = 5 | 4 | 3 | 2 | 1;

export const LEVELS: readonly { level: Level; zh: string; en: string }[] = [
	{ level: 5, zh: '非常满意', en: 'Very satisfied' },
	{ level: 4, zh: '满意', en: 'Satisfied' },
	{ level: 3, zh: '基本满意', en: 'Fairly satisfied' },
	{ level: 2, zh: '不满意', en: 'Dissatisfied' },
	{ level: 1, zh: '非常不满意', en: 'Very dissatisfied' }
];

export type Counts = Record<Level, number>;

/** den is 0 when there are no valid ratings */
export interface Fraction {
	num: number;
	den: number;
}

export interface Rates {
	valid: number;
	/** the satisfaction rate in permille, rounded half up; absent without ratings */
	satisfactionPermille?: number;
	/** (非常满意 + 满意 + 基本满意) / valid: the figure communities publish */
	satisfaction: Fraction;
	/** (非常满意 + 满意) / valid */
	strict: Fraction;
	/** Σ level × count / valid, on 1–5 */
	meanScore: Fraction;
}

export function rates(counts: Counts): Rates {
	for (const { level } of LEVELS) {
		const n = counts[level];
		if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`count for level ${level} is not a whole number ≥ 0: ${n}`);
	}
	const valid = counts[5] + counts[4] + counts[3] + counts[2] + counts[1];
	const satisfied = counts[5] + counts[4] + counts[3];
	const r: Rates = {
		valid,
		satisfaction: { num: satisfied, den: valid },
		strict: { num: counts[5] + counts[4], den: valid },
		meanScore: { num: 5 * counts[5] + 4 * counts[4] + 3 * counts[3] + 2 * counts[2] + counts[1], den: valid }
	};
	if (valid > 0) r.satisfactionPermille = Number(roundHalfUp(BigInt(satisfied) * 1000n, BigInt(valid)));
	return r;
}

/** num/den to the nearest integer, halves up; num ≥ 0, den > 0 */
function roundHalfUp(num: bigint, den: bigint): bigint {
	return (2n * num + den) / (2n * den);
}

/** the fraction as a decimal with `decimals` places, halves rounded up: {num: 9, den: 2} → "4.5"; "—" when den is 0 */
export function decimal(frac: Fraction, decimals = 2): string {
	if (frac.den === 0) return '—';
	const scale = 10n ** BigInt(decimals);
	const q = roundHalfUp(BigInt(frac.num) * scale, BigInt(frac.den));
	const whole = (q / scale).toString();
	return decimals === 0 ? whole : `${whole}.${(q % scale).toString().padStart(decimals, '0')}`;
}

/** 2201/2212 → "99.5%"; "—" when there are no ratings */
export function percent(frac: Fraction, decimals = 1): string {
	if (frac.den === 0) return '—';
	return `${decimal({ num: frac.num * 100, den: frac.den }, decimals)}%`;
}

/**
 * Whether a cadre is flagged for a reminder talk (提醒谈话): the satisfaction rate is strictly
 * below the threshold. Under minCount ratings nothing is shown or flagged, since a handful of
 * ratings would let the committee guess who rated what.
 */
export function belowThreshold(r: Rates, thresholdPermille: number, minCount: number): boolean {
	if (r.valid === 0 || r.valid < minCount) return false;
	return r.satisfaction.num * 1000 < thresholdPermille * r.satisfaction.den;
}

/** whether the aggregates may be shown at all */
export function publishable(r: Rates, minCount: number): boolean {
	return r.valid > 0 && r.valid >= minCount;
}

/*
 * Asia/Shanghai has kept UTC+8 all year since 1991 (no daylight saving), so a fixed offset gives the
 * same calendar as the tz database for every date this platform will hold, without depending on
 * the ICU data the Node build happens to ship.
 */
const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** the Shanghai wall clock as a Date whose UTC fields read it */
const wall = (d: Date) => new Date(d.getTime() + SHANGHAI_MS);
/** 00:00 Shanghai on the given calendar day (month 0-based; overflowing days roll over) */
const shanghaiMidnight = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day) - SHANGHAI_MS);

export interface Quarter {
	year: number;
	quarter: 1 | 2 | 3 | 4;
}

export function quarterOf(date: Date): Quarter {
	const w = wall(date);
	return { year: w.getUTCFullYear(), quarter: (Math.floor(w.getUTCMonth() / 3) + 1) as Quarter['quarter'] };
}

export function previousQuarter({ year, quarter }: Quarter): Quarter {
	return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as Quarter['quarter'] };
}

/**
 * The rating round's default window: the last 14 days of the quarter, Shanghai time. It opens
 * at 00:00 thirteen days before the quarter's last day and closes at 23:59:59.999 on that day
 * (Q4 2026: 18 Dec 00:00 – 31 Dec 23:59:59.999).
 */
export function defaultRoundWindow(year: number, quarter: number): { opensAt: Date; closesAt: Date } {
	if (!Number.isInteger(year) || ![1, 2, 3, 4].includes(quarter)) throw new RangeError(`no such quarter: ${year} Q${quarter}`);
	// day 0 of the month after the quarter is the quarter's last day
	const afterQuarter = quarter * 3;
	const lastDay = new Date(Date.UTC(year, afterQuarter, 0)).getUTCDate();
	return {
		opensAt: shanghaiMidnight(year, afterQuarter - 1, lastDay - 13),
		closesAt: new Date(shanghaiMidnight(year, afterQuarter, 1).getTime() - 1)
	};
}

/**
 * n working days (Monday to Friday on the Shanghai calendar) after date, at the same Shanghai time
 * of day: Friday + 1 → Monday; Saturday or Sunday + 1 → Monday. Public holidays and the weekend
 * days worked in their place (调休) are NOT modelled: they are announced year by year by the State
 * Council, so a deadline over 国庆 or 春节 comes out early, never late.
 */
export function addWorkingDays(date: Date, n: number): Date {
	if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
	let t = date.getTime();
	let left = n;
	while (left > 0) {
		t += DAY_MS;
		const weekday = wall(new Date(t)).getUTCDay();
		if (weekday !== 0 && weekday !== 6) left--;
	}
	return new Date(t);
}

/** what may be shown of one cadre's (or the community's) counts: nothing at all below minCount */
export interface Summary {
	shown: boolean;
	counts?: Counts;
	valid?: number;
	/** "99.5%" */
	satisfaction?: string;
	strict?: string;
	/** "4.71" */
	mean?: string;
	satisfactionPermille?: number;
	/** below the reminder-talk threshold */
	flagged: boolean;
}

export function summarize(counts: Counts, minCount: number, thresholdPermille: number): Summary {
	const r = rates(counts);
	const flagged = belowThreshold(r, thresholdPermille, minCount);
	if (!publishable(r, minCount)) return { shown: false, flagged };
	return {
		shown: true,
		counts: { ...counts },
		valid: r.valid,
		satisfaction: percent(r.satisfaction),
		strict: percent(r.strict),
		mean: decimal(r.meanScore, 2),
		satisfactionPermille: r.satisfactionPermille,
		flagged
	};
}

/**
 * The counts of a group of cadres that may be shown together: only the cadres whose own figures are publishable.
 * A hidden cadre's ratings must not be derivable as "total minus the cadres shown", so they stay out of every total.
 */
export function shownTotal(list: Counts[], minCount: number): Counts {
	return addCounts(list.filter((c) => publishable(rates(c), minCount)));
}

export function addCounts(list: Counts[]): Counts {
	const total: Counts = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
	for (const c of list) for (const { level } of LEVELS) total[level] += c[level];
	return total;
}
