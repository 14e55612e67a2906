/** The secretary's record: who spoke on each agenda item and their point. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import * as sessions from '../sessions';
import { recordEditSchema, recordSchema } from './input';
import { managed, requireHeld } from './session';

/** The secretary (committee) records who spoke on an agenda item and their point. */
export async function addRecord(actor: Actor, sessionId: number, input: unknown): Promise<{ id: number }> {
	const { session, user } = await managed(actor, sessionId);
	const data = parseInput(recordSchema, input);
	requireHeld(session);
	return db.transaction(async (tx) => {
		const [item] = await tx
			.select({ id: table.sessionAgendaItem.id })
			.from(table.sessionAgendaItem)
			.where(and(eq(table.sessionAgendaItem.id, data.agendaItemId), eq(table.sessionAgendaItem.sessionId, session.id)));
		if (!item) throw new ServiceError(400, 'invalid_input', m.mins_err_agenda_item(), { agendaItemId: m.mins_err_agenda_item() });
		const [row] = await tx
			.insert(table.sessionRecord)
			.values({
				communityId: session.communityId,
				sessionId: session.id,
				agendaItemId: item.id,
				speaker: data.speaker,
				speakerRole: data.speakerRole,
				point: data.point,
				recordedById: user.id
			})
			.returning({ id: table.sessionRecord.id });
		await audit.record(tx, user, {
			communityId: session.communityId,
			action: 'minutes.record',
			targetType: 'session',
			targetId: session.id,
			detail: { recordId: row.id, agendaItemId: item.id, speaker: data.speaker }
		});
		return { id: row.id };
	});
}

async function recordOf(actor: Actor, recordId: number) {
	const [rec] = await db.select().from(table.sessionRecord).where(eq(table.sessionRecord.id, recordId));
	if (!rec) throw new ServiceError(404, 'not_found', m.err_not_found());
	const user = requireCommittee(actor, rec.communityId);
	return { rec, user };
}

/** corrects a record; published minutes keep what they said until a correction is published */
export async function updateRecord(actor: Actor, recordId: number, input: unknown) {
	const { rec, user } = await recordOf(actor, recordId);
	const data = parseInput(recordEditSchema, input);
	await db.transaction(async (tx) => {
		await tx.update(table.sessionRecord).set({ ...data, updatedAt: new Date() }).where(eq(table.sessionRecord.id, rec.id));
		await audit.record(tx, user, {
			communityId: rec.communityId,
			action: 'minutes.record_edit',
			targetType: 'session',
			targetId: rec.sessionId,
			detail: { recordId: rec.id, before: { speaker: rec.speaker, speakerRole: rec.speakerRole, point: rec.point }, after: data }
		});
	});
}

export async function deleteRecord(actor: Actor, recordId: number) {
	const { rec, user } = await recordOf(actor, recordId);
	await db.transaction(async (tx) => {
		await tx.delete(table.sessionRecord).where(eq(table.sessionRecord.id, rec.id));
		await audit.record(tx, user, {
			communityId: rec.communityId,
			action: 'minutes.record_delete',
			targetType: 'session',
			targetId: rec.sessionId,
			detail: { recordId: rec.id, speaker: rec.speaker, point: rec.point }
		});
	});
}

export async function recordsOf(sessionId: number, q: DB | Tx = db) {
	return q
		.select({
			id: table.sessionRecord.id,
			agendaItemId: table.sessionRecord.agendaItemId,
			speaker: table.sessionRecord.speaker,
			speakerRole: table.sessionRecord.speakerRole,
			point: table.sessionRecord.point,
			createdAt: table.sessionRecord.createdAt
		})
		.from(table.sessionRecord)
		.where(eq(table.sessionRecord.sessionId, sessionId))
		.orderBy(asc(table.sessionRecord.id));
}

export async function records(actor: Actor, sessionId: number) {
	const { session } = await sessions.readable(actor, sessionId);
	return recordsOf(session.id);
}
