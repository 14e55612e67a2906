/**
 * Counting: the authoritative tally at close (the whole roll through the pure Art. 278 tally), the live count
 * while open (sums in SQL, decided by the same rule), and a poll's option counters.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import * as art278 from '$lib/domain/art278';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { BallotChoice } from '../db/schema';
import * as meetings from './meetings';
import type { Q, Vote } from './roll';

type Figures = art278.Count;

export interface BindingResult {
	stage: Vote['status'];
	kind: 'binding';
	matter: string | null;
	matterClass: art278.MatterClass;
	ruleVersion: string;
	eligible: Figures;
	participated: Figures;
	yes: Figures;
	no: Figures;
	abstain: Figures;
	/** participation as tenths of a percent of the scope, rounded down */
	participationPermille: { heads: number; areaDm2: number };
	quorumMet: boolean;
	passed: boolean;
}

export interface PollResult {
	stage: Vote['status'];
	kind: 'poll';
	eligibility: string;
	anonymous: boolean;
	eligible: { heads: number };
	participated: { heads: number };
	participationPermille: { heads: number };
	/** count is null while an anonymous poll is open: its choices are sealed until close (sealed.ts) */
	options: { id: number; label: string; count: number | null }[];
}

/** the authoritative count at close: the whole roll and every ballot through the pure tally */
export async function fullTally(tx: Tx, vote: Vote) {
	const roll = await tx
		.select({ key: table.voteRoll.headKey, areaDm2: table.voteRoll.areaDm2 })
		.from(table.voteRoll)
		.where(eq(table.voteRoll.voteId, vote.id));
	const ballots = await tx
		.select({ key: table.voteBallot.headKey, choice: table.voteBallot.choice })
		.from(table.voteBallot)
		.where(eq(table.voteBallot.voteId, vote.id));
	// a single matter's ballots always carry a choice (a meeting's are counted in meetings.ts)
	return art278.tally(roll, ballots.map((b) => ({ key: b.key, choice: b.choice ?? 'abstain' })), art278.ruleOf(vote.ruleVersion!), vote.matterClass!);
}

/** the live count while open: sums in SQL, decided by the same rule */
async function liveTally(q: Q, vote: Vote) {
	const rows = await q
		.select({
			choice: table.voteBallot.choice,
			heads: count(),
			areaDm2: sql<number>`coalesce(sum(${table.voteRoll.areaDm2}), 0)`.mapWith(Number)
		})
		.from(table.voteBallot)
		.innerJoin(
			table.voteRoll,
			and(eq(table.voteRoll.voteId, table.voteBallot.voteId), eq(table.voteRoll.headKey, table.voteBallot.headKey))
		)
		.where(eq(table.voteBallot.voteId, vote.id))
		.groupBy(table.voteBallot.choice);
	const counts: Record<BallotChoice, Figures> = {
		yes: { heads: 0, areaDm2: 0 },
		no: { heads: 0, areaDm2: 0 },
		abstain: { heads: 0, areaDm2: 0 }
	};
	for (const r of rows) if (r.choice) counts[r.choice] = { heads: r.heads, areaDm2: r.areaDm2 };
	return art278.decide(
		{ heads: vote.eligibleHeads, areaDm2: vote.eligibleAreaDm2 },
		counts,
		art278.ruleOf(vote.ruleVersion!),
		vote.matterClass!
	);
}

export function bindingFigures(vote: Vote, t: Omit<art278.Tally, 'ignored'>): Omit<BindingResult, 'stage'> {
	return {
		kind: 'binding',
		matter: vote.matter,
		matterClass: vote.matterClass!,
		ruleVersion: vote.ruleVersion!,
		eligible: t.eligible,
		participated: t.participated,
		yes: t.yes,
		no: t.no,
		abstain: t.abstain,
		participationPermille: {
			heads: art278.permille(t.participated.heads, t.eligible.heads),
			areaDm2: art278.permille(t.participated.areaDm2, t.eligible.areaDm2)
		},
		quorumMet: t.quorumMet,
		passed: t.passed
	};
}

export async function pollFigures(q: Q, vote: Vote): Promise<Omit<PollResult, 'stage'>> {
	const counted = !vote.anonymous || vote.status === 'final';
	const options = await q
		.select({
			id: table.voteOption.id,
			label: table.voteOption.label,
			count: table.voteOption.count
		})
		.from(table.voteOption)
		.where(eq(table.voteOption.voteId, vote.id))
		.orderBy(asc(table.voteOption.position));
	const [{ n }] = await q.select({ n: count() }).from(table.voteParticipation).where(eq(table.voteParticipation.voteId, vote.id));
	return {
		kind: 'poll',
		eligibility: vote.eligibility,
		anonymous: vote.anonymous,
		eligible: { heads: vote.eligibleHeads },
		participated: { heads: n },
		participationPermille: { heads: art278.permille(n, vote.eligibleHeads) },
		options: counted ? options : options.map((o) => ({ ...o, count: null }))
	};
}

/** the totals of a vote already loaded: live while open (an anonymous poll's participation only), the count taken at close afterwards */
export type AnyResult = BindingResult | PollResult | (meetings.MeetingResult & { stage: Vote['status'] }) | (meetings.ElectionResult & { stage: Vote['status'] });

export async function resultOf(vote: Vote): Promise<AnyResult> {
	const stage = vote.status;
	if (vote.result && (stage === 'preliminary' || stage === 'final')) {
		return { ...(vote.result as unknown as Omit<BindingResult, 'stage'> | Omit<PollResult, 'stage'>), stage } as AnyResult;
	}
	if (vote.kind === 'binding' && meetings.isMeeting(vote)) return { stage, ...(await meetings.meetingFigures(db, vote)) };
	if (vote.kind === 'binding') return { stage, ...bindingFigures(vote, await liveTally(db, vote)) };
	return { stage, ...(await pollFigures(db, vote)) };
}
