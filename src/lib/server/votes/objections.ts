/**
 * Objections (询异) to a binding vote's preliminary count: owners on the roll object during the notice period,
 * the committee answers each before the count can become final.
 */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { answerSchema, objectionSchema } from './input';
import { loadVote, readable } from './lifecycle';
import { ownerUnits, rollHeadOfUnit, type Vote } from './roll';

/** An owner in scope objects to the preliminary count during the notice period. */
export async function object(actor: Actor, voteId: number, input: unknown): Promise<{ id: number }> {
	const { vote, user } = await readable(actor, voteId);
	const data = parseInput(objectionSchema, input);
	if (vote.kind !== 'binding') throw new ServiceError(400, 'not_binding', m.vote_err_not_binding());
	if (vote.status !== 'preliminary') throw new ServiceError(409, 'vote_not_preliminary', m.vote_err_not_preliminary());
	if (vote.objectionEndsAt && Date.now() >= vote.objectionEndsAt.getTime()) {
		throw new ServiceError(409, 'objection_window_closed', m.vote_err_window_closed());
	}
	const own = ownerUnits(user, vote.communityId);
	let onRoll = false;
	for (const u of own) if (await rollHeadOfUnit(db, vote.id, u)) onRoll = true;
	if (!onRoll) throw new ServiceError(403, 'not_owner_in_scope', m.vote_err_objection_not_owner());
	const [row] = await db
		.insert(table.voteObjection)
		.values({ communityId: vote.communityId, voteId: vote.id, userId: user.id, body: data.body })
		.returning({ id: table.voteObjection.id });
	return { id: row.id };
}

/** objections and answers; the objector's name is for the committee only */
export async function objections(actor: Actor, voteId: number) {
	const { vote, user } = await readable(actor, voteId);
	return objectionsOf(vote, hasRole(user, vote.communityId, 'committee'));
}

/** the objections of a vote already loaded, names included when the reader is on its committee */
export async function objectionsOf(vote: Vote, committee: boolean) {
	const rows = await db
		.select({
			id: table.voteObjection.id,
			body: table.voteObjection.body,
			answer: table.voteObjection.answer,
			createdAt: table.voteObjection.createdAt,
			answeredAt: table.voteObjection.answeredAt,
			userName: table.user.name
		})
		.from(table.voteObjection)
		.innerJoin(table.user, eq(table.user.id, table.voteObjection.userId))
		.where(eq(table.voteObjection.voteId, vote.id))
		.orderBy(asc(table.voteObjection.id));
	return rows.map(({ userName, ...r }) => (committee ? { ...r, userName } : r));
}

export async function answerObjection(actor: Actor, voteId: number, objectionId: number, input: unknown) {
	const vote = await loadVote(voteId);
	const user = requireCommittee(actor, vote.communityId);
	const data = parseInput(answerSchema, input);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(table.voteObjection)
			.where(and(eq(table.voteObjection.id, objectionId), eq(table.voteObjection.voteId, vote.id)))
			.for('update');
		if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
		if (row.answeredAt) throw new ServiceError(409, 'already_answered', m.vote_err_objection_answered());
		await tx
			.update(table.voteObjection)
			.set({ answer: data.answer, answeredById: user.id, answeredAt: new Date() })
			.where(eq(table.voteObjection.id, objectionId));
		await audit.record(tx, user, {
			communityId: vote.communityId,
			action: 'vote.objection_answered',
			targetType: 'vote',
			targetId: vote.id,
			detail: { objectionId }
		});
	});
}
