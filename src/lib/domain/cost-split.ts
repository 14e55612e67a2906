/**
 * Splitting the residents' share of a cost plan (费用分摊) among households, in integer 分.
 * Each household's exact share is total × weight / Σweight; every share is that exact value
 * rounded down, and the 分 left over go one each to the largest remainders (largest-remainder
 * rounding), so the shares add up to the total and none is 1 分 or more away from its exact share.
 * Products are taken in BigInt: 60,000,000 分 × a summed area in 0.01 m² passes 2^53.
 */

export interface Household {
	id: number;
	/** 专有部分面积, 0.01 m² */
	areaDm2: number;
	floor: number;
}

export type SplitRule =
	| { kind: 'equal' }
	/** Civil Code Art. 283: without an agreement, costs follow the share of exclusive area */
	| { kind: 'area' }
	/** elevators: weight per floor in permille; the ground floor usually weighs 0 */
	| { kind: 'floor'; coefficients: Record<number, number> }
	/** voluntary pledges (认捐) bind only the pledger, so nobody owes anything by rule */
	| { kind: 'voluntary' };

export type SplitError =
	| { code: 'invalid_total'; totalFen: number }
	| { code: 'invalid_household'; id: number }
	| { code: 'duplicate_household'; id: number }
	| { code: 'missing_floor_coefficient'; floor: number }
	| { code: 'invalid_coefficient'; floor: number }
	/** e.g. every household on a floor weighing 0: the total cannot be apportioned */
	| { code: 'zero_total_weight' };

export interface Share {
	id: number;
	weight: number;
	fen: number;
}

/**
 * Among equal remainders the leftover 分 go to the lower household id first, so the split
 * is the same whatever order the households were listed in.
 */
export const TIE_BREAK = 'household-id-ascending';

export type SplitResult =
	| { ok: true; shares: Share[]; allocatedFen: number; tieBreak: typeof TIE_BREAK }
	| { ok: false; error: SplitError };

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function weightOf(h: Household, rule: SplitRule): number | SplitError {
	switch (rule.kind) {
		case 'equal':
			return 1;
		case 'area':
			return h.areaDm2;
		case 'voluntary':
			return 0;
		case 'floor': {
			if (!Object.hasOwn(rule.coefficients, h.floor)) return { code: 'missing_floor_coefficient', floor: h.floor };
			const c = rule.coefficients[h.floor];
			return isCount(c) ? c : { code: 'invalid_coefficient', floor: h.floor };
		}
	}
}

/** shares in the order the households were given */
export function split(totalFen: number, households: readonly Household[], rule: SplitRule): SplitResult {
	if (!isCount(totalFen)) return { ok: false, error: { code: 'invalid_total', totalFen } };
	const seen = new Set<number>();
	const weights: number[] = [];
	for (const h of households) {
		if (!Number.isSafeInteger(h.id) || !isCount(h.areaDm2) || !Number.isSafeInteger(h.floor)) {
			return { ok: false, error: { code: 'invalid_household', id: h.id } };
		}
		if (seen.has(h.id)) return { ok: false, error: { code: 'duplicate_household', id: h.id } };
		seen.add(h.id);
		const w = weightOf(h, rule);
		if (typeof w !== 'number') return { ok: false, error: w };
		weights.push(w);
	}

	if (rule.kind === 'voluntary') {
		return { ok: true, shares: households.map((h) => ({ id: h.id, weight: 0, fen: 0 })), allocatedFen: 0, tieBreak: TIE_BREAK };
	}

	const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
	if (sum === 0n) return { ok: false, error: { code: 'zero_total_weight' } };

	const total = BigInt(totalFen);
	const floors: bigint[] = [];
	const remainders: bigint[] = [];
	let given = 0n;
	for (const w of weights) {
		const p = total * BigInt(w);
		const q = p / sum;
		floors.push(q);
		remainders.push(p - q * sum);
		given += q;
	}

	// fewer than households.length: each remainder is below sum, and they add up to leftover × sum
	const leftover = Number(total - given);
	const fen = floors.map(Number);
	if (leftover > 0) {
		const order = households.map((_, i) => i);
		order.sort((a, b) => {
			const ra = remainders[a];
			const rb = remainders[b];
			if (ra !== rb) return ra > rb ? -1 : 1;
			return households[a].id - households[b].id;
		});
		for (let k = 0; k < leftover; k++) fen[order[k]] += 1;
	}

	return {
		ok: true,
		shares: households.map((h, i) => ({ id: h.id, weight: weights[i], fen: fen[i] })),
		allocatedFen: totalFen,
		tieBreak: TIE_BREAK
	};
}

/** 800000 → "8000.00", -1250 → "-12.50" */
export function formatYuan(fen: number): string {
	if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of 分: ${fen}`);
	const abs = Math.abs(fen);
	const cents = String(abs % 100).padStart(2, '0');
	return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${cents}`;
}

const FULL_WIDTH = /[０-９．－]/g;
const YUAN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * "8000.5" → 800050; null for anything that is not yuan with at most two decimals.
 * Read as strings of digits, never through a float, so "0.29" is 29 分 and not 28.999….
 * Full-width digits and point (typed with a Chinese input method) are accepted.
 */
export function parseYuan(input: string): number | null {
	const s = input
		.trim()
		.replace(FULL_WIDTH, (c) => (c === '．' ? '.' : c === '－' ? '-' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
	const m = YUAN.exec(s);
	if (!m) return null;
	const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
	if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return null;
	const n = Number(fen);
	return m[1] === '-' && n !== 0 ? -n : n;
}

/**
 * Shares of an amount in proportion to integer weights (e.g. a surplus refunded pro rata to what each
 * contributor paid), by the same largest-remainder rounding and tie-break as split().
 */
export function prorata(totalFen: number, parts: readonly { id: number; weight: number }[]): SplitResult {
	return split(
		totalFen,
		parts.map((p) => ({ id: p.id, areaDm2: p.weight, floor: 0 })),
		{ kind: 'area' }
	);
}

/** the floor of a room number as the register writes it: "301" → 3, "1502" → 15, "2-0603" → 6, "12" or "A" → 1 */
export function floorOfRoom(room: string): number {
	// the last run of digits: "2-0603" is room 0603 of building 2
	const digits = room.match(/\d+/g)?.at(-1)?.replace(/^0+(?=\d{3})/, '');
	if (!digits || digits.length < 3) return 1;
	return Math.max(1, Math.floor(Number(digits.slice(0, 9)) / 100));
}
