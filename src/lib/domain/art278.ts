/**
 * Owners' joint decisions under PRC Civil Code Art. 278: who counts, quorum and passing.
 * Pure functions over plain data, integer arithmetic only. The thresholds are data (RULES), keyed by
 * the rule version stored on each vote, so a later change of law is a new entry, not a new branch.
 */

/** a fraction compared with integers only: den*part >= num*whole, or > when strict */
export interface Threshold {
	num: number;
	den: number;
	/** true: strictly more than (过半数); false: the boundary itself passes (以上) */
	strict: boolean;
}

export type MatterClass = 'special' | 'ordinary';

export interface Rule {
	version: string;
	/** participating area and heads, each against the scope's total */
	quorum: Threshold;
	/** yes area and heads, each against the participants' (abstain and no count as participating) */
	pass: Record<MatterClass, Threshold>;
}

export const RULES = {
	'civil-code-2021': {
		version: 'civil-code-2021',
		// 参与表决: 专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主
		quorum: { num: 2, den: 3, strict: false },
		pass: {
			// 应当经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意
			special: { num: 3, den: 4, strict: false },
			// 应当经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意
			ordinary: { num: 1, den: 2, strict: true }
		}
	}
} as const satisfies Record<string, Rule>;

export type RuleVersion = keyof typeof RULES;
export const CURRENT_RULE: RuleVersion = 'civil-code-2021';

export function ruleOf(version: string): Rule {
	const rule = (RULES as Record<string, Rule>)[version];
	if (!rule) throw new Error(`unknown Art. 278 rule version ${version}`);
	return rule;
}

/** Art. 278 ¶1 items; the matter picked by the committee fixes the class. */
export const MATTERS = {
	rules_of_procedure: { item: 1, class: 'ordinary' }, // 制定和修改业主大会议事规则
	management_rules: { item: 2, class: 'ordinary' }, // 制定和修改管理规约
	elect_committee: { item: 3, class: 'ordinary' }, // 选举业主委员会或者更换业主委员会成员
	property_firm: { item: 4, class: 'ordinary' }, // 选聘和解聘物业服务企业或者其他管理人
	use_fund: { item: 5, class: 'ordinary' }, // 使用建筑物及其附属设施的维修资金
	raise_fund: { item: 6, class: 'special' }, // 筹集建筑物及其附属设施的维修资金
	rebuild: { item: 7, class: 'special' }, // 改建、重建建筑物及其附属设施
	common_use: { item: 8, class: 'special' }, // 改变共有部分的用途或者利用共有部分从事经营活动
	other: { item: 9, class: 'ordinary' } // 有关共有和共同管理权利的其他重大事项
} as const satisfies Record<string, { item: number; class: MatterClass }>;

export type Matter = keyof typeof MATTERS;
export const MATTER_CODES = Object.keys(MATTERS) as Matter[];

export function meets(part: number, whole: number, t: Threshold): boolean {
	return t.strict ? t.den * part > t.num * whole : t.den * part >= t.num * whole;
}

export type Choice = 'yes' | 'no' | 'abstain';

export interface RollEntry {
	/** one head: an owner key, or the developer */
	key: string;
	/** sum of the head's units in scope, 0.01 m² */
	areaDm2: number;
}

export interface Ballot {
	key: string;
	choice: Choice;
}

export interface Count {
	heads: number;
	areaDm2: number;
}

export interface Tally {
	eligible: Count;
	participated: Count;
	yes: Count;
	no: Count;
	abstain: Count;
	quorumMet: boolean;
	passed: boolean;
	/** ballots whose key is not on the roll (not counted) */
	ignored: number;
}

/**
 * Counts a binding vote. One entry per head on the roll; at most one ballot per head (a second is a
 * programming error: the database refuses it). Ballots from keys off the roll are not counted.
 */
export function tally(roll: readonly RollEntry[], ballots: readonly Ballot[], rule: Rule, matterClass: MatterClass): Tally {
	const index = new Map<string, number>();
	let eligibleArea = 0;
	for (let i = 0; i < roll.length; i++) {
		const r = roll[i];
		if (index.has(r.key)) throw new Error(`head ${r.key} twice on the roll`);
		index.set(r.key, i);
		eligibleArea += r.areaDm2;
	}
	const counts = { yes: { heads: 0, areaDm2: 0 }, no: { heads: 0, areaDm2: 0 }, abstain: { heads: 0, areaDm2: 0 } };
	const voted = new Uint8Array(roll.length);
	let ignored = 0;
	for (const b of ballots) {
		const i = index.get(b.key);
		if (i === undefined) {
			ignored++;
			continue;
		}
		if (voted[i]) throw new Error(`head ${b.key} has two ballots`);
		voted[i] = 1;
		const c = counts[b.choice];
		c.heads++;
		c.areaDm2 += roll[i].areaDm2;
	}
	return { ...decide({ heads: roll.length, areaDm2: eligibleArea }, counts, rule, matterClass), ignored };
}

/**
 * Quorum and passing from counts already taken (the service's live view sums them in SQL);
 * tally() ends here too, so both read the same rule.
 */
export function decide(
	eligible: Count,
	counts: Record<Choice, Count>,
	rule: Rule,
	matterClass: MatterClass
): Omit<Tally, 'ignored'> {
	const { yes, no, abstain } = counts;
	const participated = {
		heads: yes.heads + no.heads + abstain.heads,
		areaDm2: yes.areaDm2 + no.areaDm2 + abstain.areaDm2
	};
	const quorumMet =
		participated.heads > 0 &&
		meets(participated.areaDm2, eligible.areaDm2, rule.quorum) &&
		meets(participated.heads, eligible.heads, rule.quorum);
	const pass = rule.pass[matterClass];
	const passed = quorumMet && meets(yes.areaDm2, participated.areaDm2, pass) && meets(yes.heads, participated.heads, pass);
	return { eligible, participated, yes, no, abstain, quorumMet, passed };
}

export interface RollUnit {
	id: number;
	ownerKey: string;
	areaDm2: number;
	developer: boolean;
}

export const DEVELOPER_KEY = 'developer';

/** The head a unit counts towards: its owner, or the developer for all developer-held units together. */
export function headKeyOf(unit: { ownerKey: string; developer: boolean }): string {
	return unit.developer ? DEVELOPER_KEY : `o:${unit.ownerKey}`;
}

export interface RollHead extends RollEntry {
	unitIds: number[];
}

/** Groups the units in scope into heads: one per owner key, all developer units as one; areas summed. */
export function buildRoll(units: readonly RollUnit[]): RollHead[] {
	const heads = new Map<string, RollHead>();
	for (const u of units) {
		const key = headKeyOf(u);
		const head = heads.get(key);
		if (head) {
			head.areaDm2 += u.areaDm2;
			head.unitIds.push(u.id);
		} else {
			heads.set(key, { key, areaDm2: u.areaDm2, unitIds: [u.id] });
		}
	}
	return [...heads.values()];
}

/** share in tenths of a percent, rounded down, for showing participation (never used to decide) */
export function permille(part: number, whole: number): number {
	return whole <= 0 ? 0 : Math.floor((part * 1000) / whole);
}
