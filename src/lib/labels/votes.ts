/** Words and figures for votes, shared by the vote pages, the notice and the paper ballots. */
import { m } from '$lib/paraglide/messages';
import { meets, ruleOf, type MatterClass, type Threshold } from '$lib/domain/art278';

const grouped = new Intl.NumberFormat('en-US');

/** 0.01 m² units as square metres with two decimals, integer arithmetic: 38000 → "380.00" */
export function areaM2(dm2: number): string {
	const sign = dm2 < 0 ? '-' : '';
	const abs = Math.abs(Math.trunc(dm2));
	return `${sign}${grouped.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/** tenths of a percent as text: 712 → "71.2%" */
export const percent = (permille: number) => `${Math.floor(permille / 10)}.${permille % 10}%`;

const STATUS: Record<string, () => string> = {
	draft: m.vote_status_draft,
	open: m.vote_status_open,
	preliminary: m.vote_status_preliminary,
	final: m.vote_status_final
};
export const voteStatusName = (s: string) => (STATUS[s] ?? (() => s))();

/** a binding vote's form (an owners' meeting, a committee election) names it more exactly than its kind */
export const kindName = (k: string, form?: string | null) =>
	form === 'meeting' ? m.vote_kind_meeting() : form === 'election' ? m.vote_kind_election() : k === 'binding' ? m.vote_kind_binding() : m.vote_kind_poll();

const MATTER: Record<string, () => string> = {
	rules_of_procedure: m.vote_matter_rules_of_procedure,
	management_rules: m.vote_matter_management_rules,
	elect_committee: m.vote_matter_elect_committee,
	property_firm: m.vote_matter_property_firm,
	use_fund: m.vote_matter_use_fund,
	raise_fund: m.vote_matter_raise_fund,
	rebuild: m.vote_matter_rebuild,
	common_use: m.vote_matter_common_use,
	other: m.vote_matter_other
};
export const matterName = (code: string | null) => (code && MATTER[code] ? MATTER[code]() : '');
export const matterClassName = (c: string | null) => (c === 'special' ? m.vote_class_special() : m.vote_class_ordinary());

const SCOPE: Record<string, () => string> = {
	community: m.vote_scope_community,
	estate: m.vote_scope_estate,
	building: m.vote_scope_building,
	entrance: m.vote_scope_entrance
};
export const scopeKindName = (s: string) => (SCOPE[s] ?? (() => s))();

const CHOICE: Record<string, () => string> = { yes: m.vote_choice_yes, no: m.vote_choice_no, abstain: m.vote_choice_abstain };
export const choiceName = (c: string) => (CHOICE[c] ?? (() => c))();

const METHOD: Record<string, () => string> = { online: m.vote_method_online, paper: m.vote_method_paper, door: m.vote_method_door };
export const methodName = (x: string) => (METHOD[x] ?? (() => x))();

const FRACTION: Record<string, () => string> = { '2/3': m.vote_frac_2_3, '3/4': m.vote_frac_3_4, '1/2': m.vote_frac_1_2 };

/** a threshold in words: 三分之二以上 / 过半数 */
export function thresholdWords(t: Threshold): string {
	if (t.strict && t.num * 2 === t.den) return m.vote_frac_majority();
	const f = (FRACTION[`${t.num}/${t.den}`] ?? (() => `${t.num}/${t.den}`))();
	return t.strict ? m.vote_frac_more_than({ fraction: f }) : m.vote_frac_at_least({ fraction: f });
}

export interface ThresholdLine {
	/** e.g. 参与面积 三分之二以上 */
	label: string;
	/** the share reached, as a percentage: 78% */
	actual: string;
	/** the comparison as decided: ≥ > < ≤ */
	sign: string;
	/** the threshold as a percentage: 66.7% */
	target: string;
	met: boolean;
}

/** a share as a percentage with at most `places` decimals, trailing zeros dropped: 0.03 → 3%, 2/3 → 66.7% */
const asPercent = (share: number, places: number) => `${Number((share * 100).toFixed(places))}%`;

/**
 * A share against a threshold for display, as percentages a resident reads. The decision is the integer rule
 * (meets); the percentages only show it, with as many decimals as it takes for them to agree with the decision.
 */
export function thresholdLine(label: string, part: number, whole: number, t: Threshold): ThresholdLine {
	const met = whole > 0 && meets(part, whole, t);
	const share = whole > 0 ? part / whole : 0;
	const goal = t.num / t.den;
	let places = 1;
	for (; places < 4; places++) {
		const a = Number((share * 100).toFixed(places));
		const g = Number((goal * 100).toFixed(places));
		const shown = t.strict ? a > g : a >= g;
		if (shown === met) break;
	}
	const sign = met ? (t.strict ? '>' : '≥') : t.strict ? '≤' : '<';
	return { label, actual: asPercent(share, places), sign, target: asPercent(goal, places), met };
}

interface Figures {
	heads: number;
	areaDm2: number;
}

/** the four Art. 278 checks of a binding result, in the order a resident reads them */
export function bindingChecks(r: { ruleVersion: string; matterClass: MatterClass; eligible: Figures; participated: Figures; yes: Figures }) {
	const rule = ruleOf(r.ruleVersion);
	const pass = rule.pass[r.matterClass];
	return {
		quorum: [
			thresholdLine(m.vote_check_part_heads({ threshold: thresholdWords(rule.quorum) }), r.participated.heads, r.eligible.heads, rule.quorum),
			thresholdLine(m.vote_check_part_area({ threshold: thresholdWords(rule.quorum) }), r.participated.areaDm2, r.eligible.areaDm2, rule.quorum)
		],
		pass: [
			thresholdLine(m.vote_check_yes_heads({ threshold: thresholdWords(pass) }), r.yes.heads, r.participated.heads, pass),
			thresholdLine(m.vote_check_yes_area({ threshold: thresholdWords(pass) }), r.yes.areaDm2, r.participated.areaDm2, pass)
		],
		quorumWords: thresholdWords(rule.quorum),
		passWords: thresholdWords(pass)
	};
}

/** participating units for the public, by entrance: 金阳花园A区 1栋1单元：101、102、301 */
export function roomsByEntrance(units: readonly { estate: string; building: string; entrance: string; room: string }[]) {
	const out = new Map<string, string[]>();
	for (const u of units) {
		const place = `${u.estate} ${u.building}${u.entrance}`;
		const rooms = out.get(place);
		if (rooms) rooms.push(u.room);
		else out.set(place, [u.room]);
	}
	return [...out.entries()].map(([place, rooms]) => ({ place, rooms: rooms.join('、') }));
}
