/** After a round: 提醒谈话 with a flagged cadre, and the follow-up of each low rating with a comment. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { followUpSchema, talkSchema } from './input';
import { loadRound, type Round } from './records';

export async function committeeRecords(round: Round) {
	const talks = await db
		.select({
			id: table.ratingTalk.id,
			cadreId: table.ratingTalk.cadreId,
			cadre: table.ratingCadre.name,
			heldAt: table.ratingTalk.heldAt,
			note: table.ratingTalk.note,
			recordedBy: table.user.name
		})
		.from(table.ratingTalk)
		.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingTalk.cadreId))
		.innerJoin(table.user, eq(table.user.id, table.ratingTalk.recordedById))
		.where(eq(table.ratingTalk.roundId, round.id))
		.orderBy(asc(table.ratingTalk.heldAt));
	const now = new Date();
	const followUps = (
		await db
			.select({
				id: table.ratingFollowUp.id,
				cadreId: table.ratingFollowUp.cadreId,
				cadre: table.ratingCadre.name,
				level: table.ratingFollowUp.level,
				comment: table.ratingFollowUp.comment,
				dueAt: table.ratingFollowUp.dueAt,
				action: table.ratingFollowUp.action,
				doneAt: table.ratingFollowUp.doneAt
			})
			.from(table.ratingFollowUp)
			.innerJoin(table.ratingCadre, eq(table.ratingCadre.id, table.ratingFollowUp.cadreId))
			.where(eq(table.ratingFollowUp.roundId, round.id))
			.orderBy(asc(table.ratingFollowUp.id))
	).map((f) => ({ ...f, overdue: !f.doneAt && f.dueAt < now }));
	return { talks, followUps };
}

export async function recordTalk(actor: Actor, roundId: number, input: unknown): Promise<{ id: number }> {
	const round = await loadRound(db, roundId);
	const member = requireCommittee(actor, round.communityId);
	// bad input is answered beside its field whatever the round's state (an impossible date is never a 409)
	const p = parseInput(talkSchema, dropBlank(input));
	if (round.status === 'open') throw new ServiceError(409, 'not_closed', m.rating_err_not_closed());
	return db.transaction(async (tx) => {
		const [inRound] = await tx
			.select({ id: table.ratingRoundCadre.cadreId })
			.from(table.ratingRoundCadre)
			.where(and(eq(table.ratingRoundCadre.roundId, round.id), eq(table.ratingRoundCadre.cadreId, p.cadreId)));
		if (!inRound) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { cadreId: m.rating_err_cadre() });
		const [row] = await tx
			.insert(table.ratingTalk)
			.values({ communityId: round.communityId, roundId: round.id, cadreId: p.cadreId, heldAt: p.heldAt, note: p.note, recordedById: member.id })
			.returning({ id: table.ratingTalk.id });
		await audit.record(tx, actor, { communityId: round.communityId, action: 'rating.talk_recorded', targetType: 'rating_talk', targetId: row.id, detail: { roundId: round.id, cadreId: p.cadreId } });
		return row;
	});
}

export async function completeFollowUp(actor: Actor, followUpId: number, input: unknown) {
	const [f] = await db.select().from(table.ratingFollowUp).where(eq(table.ratingFollowUp.id, followUpId));
	if (!f) throw new ServiceError(404, 'not_found', m.err_not_found());
	const member = requireCommittee(actor, f.communityId);
	const p = parseInput(followUpSchema, input);
	return db.transaction(async (tx) => {
		await tx.update(table.ratingFollowUp).set({ action: p.action, doneAt: f.doneAt ?? new Date(), doneById: member.id }).where(eq(table.ratingFollowUp.id, f.id));
		await audit.record(tx, actor, { communityId: f.communityId, action: 'rating.follow_up_done', targetType: 'rating_follow_up', targetId: f.id, detail: { roundId: f.roundId } });
		return { id: f.id };
	});
}
