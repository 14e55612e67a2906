/**
 * Owners' meetings (业主大会会议) with several matters on one ballot and elections of the owners' committee
 * (选举业主委员会). Both are binding owners' decisions (kind 'binding', the roll, the open register, the objection
 * window are those of a single matter); what differs is here: the parts on the ballot, the 15-day notice before
 * voting starts (物业管理条例), the marks on a ballot and the count (the pure rules of $lib/domain/meeting).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import * as meeting from '$lib/domain/meeting';
import { shanghaiDate, shanghaiTime } from '$lib/time';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { BallotChoice, VoteForm } from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { notify } from '../notify';
import { ServiceError } from '../errors';
import * as communities from '../communities';
import { dropBlank, parseInput } from '../http/validate';
import { ownersRulesSchema, type CreateInput, type CastInput } from './input';
import type { Q, Vote } from './roll';

/** owners in scope are told at least this many days before voting starts */
export const NOTICE_DAYS = 15;
const DAY_MS = 86_400_000;

export const isMeeting = (vote: Pick<Vote, 'form'>) => vote.form !== 'single';

const invalid = (field: string, message: string) => new ServiceError(400, 'invalid_input', message, { [field]: message });

const classOf = (matter: string): { matter: art278.Matter | null; matterClass: art278.MatterClass } =>
	matter === 'ordinary' || matter === 'special'
		? { matter: null, matterClass: matter }
		: { matter: matter as art278.Matter, matterClass: art278.MATTERS[matter as art278.Matter].class };

export interface Parts {
	form: VoteForm;
	matter: art278.Matter | null;
	matterClass: art278.MatterClass | null;
	seats: number | null;
	items: { title: string; matter: art278.Matter | null; matterClass: art278.MatterClass }[];
	candidates: { name: string; unitId: number | null; statement: string; nominators: string }[];
}

/** what a meeting or an election puts on its ballot, checked; 400 beside the field otherwise */
export function partsOf(data: CreateInput): Parts {
	if (data.kind === 'meeting') {
		if (!data.items?.length) throw invalid('items', m.meeting_err_items());
		return {
			form: 'meeting',
			matter: null,
			matterClass: null,
			seats: null,
			items: data.items.map((i) => ({ title: i.title, ...classOf(i.matter) })),
			candidates: []
		};
	}
	if (!data.seats) throw invalid('seats', m.election_err_seats());
	if (!data.candidates?.length) throw invalid('candidates', m.election_err_candidates());
	if (new Set(data.candidates.map((c) => c.name)).size !== data.candidates.length) throw invalid('candidates', m.election_err_candidate_twice());
	return {
		form: 'election',
		// 选举业主委员会或者更换业主委员会成员: Art. 278 ¶1 (3), an ordinary matter
		matter: 'elect_committee',
		matterClass: 'ordinary',
		seats: data.seats,
		items: [],
		candidates: data.candidates.map((c) => ({ name: c.name, unitId: c.unitId ?? null, statement: c.statement, nominators: c.nominators }))
	};
}

/** writes a new meeting's matters or an election's candidates; a candidate's unit must be one of the community's */
export async function insertParts(tx: Tx, communityId: number, voteId: number, parts: Parts) {
	if (parts.items.length > 0) {
		await tx.insert(table.voteItem).values(parts.items.map((i, position) => ({ communityId, voteId, position, ...i })));
	}
	if (parts.candidates.length > 0) {
		const unitIds = [...new Set(parts.candidates.flatMap((c) => (c.unitId ? [c.unitId] : [])))];
		if (unitIds.length > 0) {
			const found = await tx
				.select({ id: table.unit.id })
				.from(table.unit)
				.where(and(inArray(table.unit.id, unitIds), eq(table.unit.communityId, communityId)));
			if (found.length !== unitIds.length) throw invalid('candidates', m.election_err_candidate_unit());
		}
		await tx.insert(table.voteCandidate).values(parts.candidates.map((c, position) => ({ communityId, voteId, position, ...c })));
	}
}

export const itemsOf = (q: Q, voteId: number) =>
	q
		.select({ id: table.voteItem.id, title: table.voteItem.title, matter: table.voteItem.matter, matterClass: table.voteItem.matterClass })
		.from(table.voteItem)
		.where(eq(table.voteItem.voteId, voteId))
		.orderBy(asc(table.voteItem.position));

export const candidatesOf = (q: Q, voteId: number) =>
	q
		.select({
			id: table.voteCandidate.id,
			name: table.voteCandidate.name,
			unitId: table.voteCandidate.unitId,
			statement: table.voteCandidate.statement,
			nominators: table.voteCandidate.nominators
		})
		.from(table.voteCandidate)
		.where(eq(table.voteCandidate.voteId, voteId))
		.orderBy(asc(table.voteCandidate.position));

// ---------- the notice, 15 days before voting ----------

/** the first moment voting may start: 15 days after the notice; null before any notice */
export const earliestStart = (vote: Pick<Vote, 'noticedAt'>) => (vote.noticedAt ? new Date(vote.noticedAt.getTime() + NOTICE_DAYS * DAY_MS) : null);

/** refuses to open a meeting or election before its notice has run 15 days, saying why and from when */
export function checkStart(vote: Vote, now = Date.now()) {
	if (!isMeeting(vote)) return;
	const from = earliestStart(vote);
	if (!from) throw new ServiceError(409, 'notice_missing', m.meeting_err_no_notice({ days: NOTICE_DAYS }));
	if (now < from.getTime()) {
		throw new ServiceError(409, 'notice_period', m.meeting_err_notice_period({ days: NOTICE_DAYS, noticed: shanghaiDate(vote.noticedAt!), from: shanghaiTime(from) }));
	}
}

/** Publishes a draft meeting's or election's notice to the owners in scope; voting may start 15 days later. */
export async function publishNotice(actor: Actor, vote: Vote, tx: Tx) {
	const user = requireCommittee(actor, vote.communityId);
	if (!isMeeting(vote)) throw new ServiceError(400, 'not_meeting', m.meeting_err_not_meeting());
	if (vote.status !== 'draft') throw new ServiceError(409, 'vote_not_draft', m.vote_err_not_draft());
	if (vote.noticedAt) throw new ServiceError(409, 'already_noticed', m.meeting_err_already_noticed({ date: shanghaiDate(vote.noticedAt) }));
	const now = new Date();
	const [row] = await tx.update(table.vote).set({ noticedAt: now, updatedAt: now }).where(eq(table.vote.id, vote.id)).returning();
	await notify(tx, { kind: 'meeting_notice', actorId: user.id, vote: row });
	await audit.record(tx, user, {
		communityId: vote.communityId,
		action: 'vote.notice',
		targetType: 'vote',
		targetId: vote.id,
		detail: { form: vote.form, earliestStart: earliestStart(row)!.toISOString() }
	});
	return { noticedAt: now, earliestStart: earliestStart(row)! };
}

// ---------- ballots ----------

export interface Marks {
	choice: BallotChoice | null;
	choices: Record<string, BallotChoice> | null;
	candidateIds: number[] | null;
}

/** a meeting's or election's ballot marks, checked against what is on its ballot; 400 beside the field otherwise */
export async function marksOf(q: Q, vote: Vote, data: CastInput): Promise<Marks> {
	if (vote.form === 'meeting') {
		if (!data.choices) throw invalid('choices', m.meeting_err_choices());
		const items = new Set((await itemsOf(q, vote.id)).map((i) => String(i.id)));
		for (const key of Object.keys(data.choices)) if (!items.has(key)) throw invalid(`choices.${key}`, m.meeting_err_item());
		return { choice: null, choices: { ...data.choices }, candidateIds: null };
	}
	const ids = data.candidateIds ?? [];
	if (!data.candidateIds) throw invalid('candidateIds', m.election_err_marks({ seats: vote.seats ?? 0 }));
	if (new Set(ids).size !== ids.length) throw invalid('candidateIds', m.election_err_candidate());
	if (ids.length > (vote.seats ?? 0)) throw invalid('candidateIds', m.election_err_too_many({ seats: vote.seats ?? 0 }));
	const standing = new Set((await candidatesOf(q, vote.id)).map((c) => c.id));
	if (!ids.every((id) => standing.has(id))) throw invalid('candidateIds', m.election_err_candidate());
	return { choice: null, choices: null, candidateIds: [...ids].sort((a, b) => a - b) };
}

// ---------- the count ----------

type Figures = art278.Count;

export interface MeetingResult {
	kind: 'meeting';
	ruleVersion: string;
	eligible: Figures;
	participated: Figures;
	participationPermille: { heads: number; areaDm2: number };
	quorumMet: boolean;
	items: { id: number; title: string; matter: string | null; matterClass: art278.MatterClass; yes: Figures; no: Figures; abstain: Figures; passed: boolean }[];
}

export interface ElectionResult {
	kind: 'election';
	ruleVersion: string;
	eligible: Figures;
	participated: Figures;
	participationPermille: { heads: number; areaDm2: number };
	quorumMet: boolean;
	seats: number;
	order: meeting.ElectionOrder;
	/** seats left to a run-off between the tied candidates */
	runoffSeats: number;
	candidates: { id: number; name: string; unitId: number | null; yes: Figures; passed: boolean; elected: boolean; tie: boolean }[];
}

/** the count of a meeting or election: the whole roll and every ballot through the pure rules (live and at close) */
export async function meetingFigures(q: Q, vote: Vote): Promise<MeetingResult | ElectionResult> {
	const rule = art278.ruleOf(vote.ruleVersion!);
	const roll = await q
		.select({ key: table.voteRoll.headKey, areaDm2: table.voteRoll.areaDm2 })
		.from(table.voteRoll)
		.where(eq(table.voteRoll.voteId, vote.id));
	const ballots = await q
		.select({ key: table.voteBallot.headKey, choices: table.voteBallot.choices, candidateIds: table.voteBallot.candidateIds })
		.from(table.voteBallot)
		.where(eq(table.voteBallot.voteId, vote.id));
	// before opening there is no roll: the scope's figures published at creation
	const eligibleNow = vote.status === 'draft' ? { heads: vote.eligibleHeads, areaDm2: vote.eligibleAreaDm2 } : null;
	const permille = (t: { eligible: Figures; participated: Figures }) => ({
		heads: art278.permille(t.participated.heads, t.eligible.heads),
		areaDm2: art278.permille(t.participated.areaDm2, t.eligible.areaDm2)
	});
	if (vote.form === 'meeting') {
		const items = await itemsOf(q, vote.id);
		const t = meeting.tallyMeeting(
			roll,
			ballots.map((b) => ({ key: b.key, choices: Object.fromEntries(Object.entries(b.choices ?? {}).map(([k, c]) => [Number(k), c])) })),
			rule,
			items
		);
		const eligible = eligibleNow ?? t.eligible;
		return {
			kind: 'meeting',
			ruleVersion: rule.version,
			eligible,
			participated: t.participated,
			participationPermille: permille({ eligible, participated: t.participated }),
			quorumMet: t.quorumMet,
			items: t.items.map((i) => ({ id: i.id, title: i.title, matter: i.matter, matterClass: i.matterClass, yes: i.yes, no: i.no, abstain: i.abstain, passed: i.passed }))
		};
	}
	const candidates = await candidatesOf(q, vote.id);
	const unitOf = new Map(candidates.map((c) => [c.id, c.unitId]));
	const order = vote.electionOrder ?? meeting.DEFAULT_ELECTION_ORDER;
	const t = meeting.tallyElection(
		roll,
		ballots.map((b) => ({ key: b.key, candidateIds: b.candidateIds ?? [] })),
		rule,
		candidates.map((c) => ({ id: c.id, name: c.name })),
		vote.seats ?? 1,
		order
	);
	const eligible = eligibleNow ?? t.eligible;
	return {
		kind: 'election',
		ruleVersion: rule.version,
		eligible,
		participated: t.participated,
		participationPermille: permille({ eligible, participated: t.participated }),
		quorumMet: t.quorumMet,
		seats: t.seats,
		order,
		runoffSeats: t.runoffSeats,
		candidates: t.candidates.map((c) => ({ id: c.id, name: c.name, unitId: unitOf.get(c.id) ?? null, yes: c.yes, passed: c.passed, elected: c.elected, tie: c.tie }))
	};
}

/** the parts on a vote's ballot, for its page and the API */
export async function ballotParts(vote: Vote) {
	if (vote.form === 'meeting') return { items: await itemsOf(db, vote.id), candidates: [] };
	if (vote.form === 'election') return { items: [], candidates: await candidatesOf(db, vote.id) };
	return { items: [], candidates: [] };
}

// ---------- the community's rules of procedure ----------

/** how elections rank passing candidates, and whether owners may change an online ballot until close */
export async function ownersRules(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	return { electionOrder: community.electionOrder, changeableBallots: community.changeableBallots };
}

/** The committee records the rules of procedure; votes created afterwards carry them (a running vote keeps its own). */
export async function updateOwnersRules(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const data = parseInput(ownersRulesSchema, dropBlank(input));
	await db.transaction(async (tx) => {
		await tx.update(table.community).set(data).where(eq(table.community.id, community.id));
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'community.owners_rules',
			targetType: 'community',
			targetId: community.id,
			detail: { from: { electionOrder: community.electionOrder, changeableBallots: community.changeableBallots }, to: data }
		});
	});
	return data;
}
