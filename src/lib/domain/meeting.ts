/**
 * Owners' meetings (业主大会会议) with several matters on one ballot, and elections of the owners' committee
 * (选举业主委员会), counted under Civil Code Art. 278 with the rule of art278.ts. Pure functions, integers only.
 *
 * One returned ballot is one participant in every matter of the meeting: the quorum is the same for all, and a
 * matter left blank on a returned ballot counts as 弃权 for that matter. An election is an ordinary matter counted
 * per candidate: consenting heads and consenting area each more than half of the participating ones.
 */
import { meets, tally, type Choice, type Count, type MatterClass, type RollEntry, type Rule } from './art278';

export interface MeetingItem {
	id: number;
	title: string;
	matter: string | null;
	matterClass: MatterClass;
}

export interface MeetingBallot {
	key: string;
	/** item id → choice; an item missing here was left blank (弃权) */
	choices: Readonly<Record<number, Choice | undefined>>;
}

export interface ItemResult extends MeetingItem {
	yes: Count;
	no: Count;
	abstain: Count;
	passed: boolean;
}

export interface MeetingTally {
	eligible: Count;
	participated: Count;
	quorumMet: boolean;
	items: ItemResult[];
	/** ballots whose key is not on the roll (not counted) */
	ignored: number;
}

/** Counts a meeting: each item through the Art. 278 tally under its own class, blanks as abstentions. */
export function tallyMeeting(
	roll: readonly RollEntry[],
	ballots: readonly MeetingBallot[],
	rule: Rule,
	items: readonly MeetingItem[]
): MeetingTally {
	const empty: Count = { heads: 0, areaDm2: 0 };
	let head = { eligible: empty, participated: empty, quorumMet: false, ignored: 0 };
	const results: ItemResult[] = [];
	for (const item of items) {
		const t = tally(
			roll,
			ballots.map((b) => ({ key: b.key, choice: b.choices[item.id] ?? 'abstain' })),
			rule,
			item.matterClass
		);
		head = { eligible: t.eligible, participated: t.participated, quorumMet: t.quorumMet, ignored: t.ignored };
		results.push({ ...item, yes: t.yes, no: t.no, abstain: t.abstain, passed: t.passed });
	}
	if (items.length === 0) {
		const t = tally(roll, ballots.map((b) => ({ key: b.key, choice: 'abstain' as const })), rule, 'ordinary');
		head = { eligible: t.eligible, participated: t.participated, quorumMet: t.quorumMet, ignored: t.ignored };
	}
	return { ...head, items: results };
}

/** how passing candidates are ranked for the seats, by the community's rules of procedure */
export const ELECTION_ORDERS = ['heads_then_area', 'area_then_heads'] as const;
export type ElectionOrder = (typeof ELECTION_ORDERS)[number];
export const DEFAULT_ELECTION_ORDER: ElectionOrder = 'heads_then_area';

export interface Candidate {
	id: number;
	name: string;
}

export interface ElectionBallot {
	key: string;
	/** the candidates marked 同意; at most as many as there are seats */
	candidateIds: readonly number[];
}

export interface CandidateResult extends Candidate {
	/** owners consenting: heads and their area */
	yes: Count;
	passed: boolean;
	elected: boolean;
	/** passed, tied exactly with others at the last seat: a run-off decides, never a silent pick */
	tie: boolean;
}

export interface ElectionTally {
	eligible: Count;
	participated: Count;
	quorumMet: boolean;
	seats: number;
	order: ElectionOrder;
	/** in ranking order: passed first (by the order), then the others by the same order, then by id */
	candidates: CandidateResult[];
	/** seats left for the run-off between the tied candidates (0 when none) */
	runoffSeats: number;
	ignored: number;
}

const keysOf = (c: Count, order: ElectionOrder) => (order === 'heads_then_area' ? [c.heads, c.areaDm2] : [c.areaDm2, c.heads]);

/** >0 when a ranks before b */
function rank(a: Count, b: Count, order: ElectionOrder): number {
	const ka = keysOf(a, order);
	const kb = keysOf(b, order);
	return ka[0] !== kb[0] ? ka[0] - kb[0] : ka[1] - kb[1];
}

/**
 * Counts an election. A ballot marking more candidates than seats, a candidate twice or one not standing is a
 * programming error here: the service refuses such a ballot before it is stored.
 */
export function tallyElection(
	roll: readonly RollEntry[],
	ballots: readonly ElectionBallot[],
	rule: Rule,
	candidates: readonly Candidate[],
	seats: number,
	order: ElectionOrder = DEFAULT_ELECTION_ORDER
): ElectionTally {
	if (!Number.isInteger(seats) || seats < 1) throw new Error(`an election needs at least one seat, not ${seats}`);
	const standing = new Set(candidates.map((c) => c.id));
	for (const b of ballots) {
		if (b.candidateIds.length > seats) throw new Error(`ballot of ${b.key} marks more candidates than seats`);
		if (new Set(b.candidateIds).size !== b.candidateIds.length) throw new Error(`ballot of ${b.key} marks a candidate twice`);
		for (const id of b.candidateIds) if (!standing.has(id)) throw new Error(`ballot of ${b.key} marks ${id}, who is not standing`);
	}
	const ordinary = rule.pass.ordinary;
	let head = { eligible: { heads: 0, areaDm2: 0 }, participated: { heads: 0, areaDm2: 0 }, quorumMet: false, ignored: 0 };
	const counted = candidates.map((c) => {
		const t = tally(roll, ballots.map((b) => ({ key: b.key, choice: b.candidateIds.includes(c.id) ? ('yes' as const) : ('abstain' as const) })), rule, 'ordinary');
		head = { eligible: t.eligible, participated: t.participated, quorumMet: t.quorumMet, ignored: t.ignored };
		const passed = t.quorumMet && meets(t.yes.heads, t.participated.heads, ordinary) && meets(t.yes.areaDm2, t.participated.areaDm2, ordinary);
		return { ...c, yes: t.yes, passed, elected: false, tie: false };
	});
	if (candidates.length === 0) {
		const t = tally(roll, ballots.map((b) => ({ key: b.key, choice: 'abstain' as const })), rule, 'ordinary');
		head = { eligible: t.eligible, participated: t.participated, quorumMet: t.quorumMet, ignored: t.ignored };
	}
	counted.sort((a, b) => Number(b.passed) - Number(a.passed) || rank(b.yes, a.yes, order) || a.id - b.id);
	const passing = counted.filter((c) => c.passed);
	let runoffSeats = 0;
	if (passing.length <= seats) {
		for (const c of passing) c.elected = true;
	} else {
		const last = passing[seats - 1];
		const tied = passing.filter((c) => rank(c.yes, last.yes, order) === 0);
		if (rank(passing[seats].yes, last.yes, order) === 0) {
			for (const c of passing) {
				if (rank(c.yes, last.yes, order) > 0) c.elected = true;
			}
			for (const c of tied) c.tie = true;
			runoffSeats = seats - passing.filter((c) => c.elected).length;
		} else {
			for (const c of passing.slice(0, seats)) c.elected = true;
		}
	}
	return { ...head, seats, order, candidates: counted, runoffSeats };
}
