/**
 * A topic's life: proposed (提出议题), screened by the committee (确定议题: accepted, declined with a public reason,
 * or merged into another), then moved along the status table by hand or by the sessions, votes and resolutions
 * that take it further. Every move is written on the public timeline.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { canTransition, manualNext } from '$lib/domain/topic-status';
import { statusName } from '$lib/labels/topics';
import { db } from '../db';
import * as table from '../db/schema';
import type { TopicStatus } from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import { notify } from '../notify';
import { ServiceError } from '../errors';
import { dropBlank, filled, id, parseInput } from '../http/validate';
import { invalid, ProgressInput, ProposeInput, ScreenInput } from './input';
import { addEvent, findTopic, RECORD, requireProposer, type Q, type Topic } from './records';

/** 提出议题: a verified resident, owner, grid worker or committee member of the community proposes a topic. */
export async function propose(actor: Actor, communityId: number, input: unknown): Promise<Topic> {
	const community = await communities.get(communityId);
	const user = requireProposer(actor, community.id);
	const data = parseInput(ProposeInput, dropBlank(filled(input, 'title', 'description', 'category'), 'scope', 'estateId', 'buildingId'));

	let estateId: number | null = null;
	let buildingId: number | null = null;
	if (data.scope === 'estate') {
		if (data.estateId === undefined) throw invalid({ estateId: m.topic_err_estate() });
		const [row] = await db
			.select({ id: table.estate.id })
			.from(table.estate)
			.where(and(eq(table.estate.id, data.estateId), eq(table.estate.communityId, community.id)));
		if (!row) throw invalid({ estateId: m.topic_err_estate() });
		estateId = row.id;
	} else if (data.scope === 'building') {
		if (data.buildingId === undefined) throw invalid({ buildingId: m.topic_err_building() });
		const [row] = await db
			.select({ id: table.building.id, estateId: table.building.estateId })
			.from(table.building)
			.where(and(eq(table.building.id, data.buildingId), eq(table.building.communityId, community.id)));
		if (!row) throw invalid({ buildingId: m.topic_err_building() });
		buildingId = row.id;
		estateId = row.estateId;
	}

	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(table.topic)
			.values({
				communityId: community.id,
				title: data.title,
				description: data.description,
				scope: data.scope,
				estateId,
				buildingId,
				category: data.category,
				status: 'collecting',
				proposerId: user.id
			})
			.returning();
		await addEvent(tx, created, user, { kind: 'proposed', toStatus: 'collecting' });
		return created;
	});
}


/**
 * Moves a topic one step along the status table and writes it on the public timeline, inside the
 * caller's transaction. `actor` is the committee member doing it (checked, and audited), or null when
 * the system does it (e.g. a vote closing on time). Merging needs a target: use screen().
 */
export async function advance(tx: Q, actor: Actor, topicId: number, toStatus: TopicStatus, note = ''): Promise<Topic> {
	const t = await findTopic(tx, topicId, true);
	if (actor) requireCommittee(actor, t.communityId);
	return move(tx, actor, t, toStatus, note);
}

async function move(
	tx: Q,
	actor: Actor,
	t: Topic,
	toStatus: TopicStatus,
	note: string,
	extra: Partial<Pick<Topic, 'mergedIntoId'>> = {},
	action = 'topic.status'
): Promise<Topic> {
	if (!canTransition(t.status, toStatus)) {
		throw new ServiceError(409, 'illegal_transition', m.topic_err_transition({ from: statusName(t.status), to: statusName(toStatus) }));
	}
	if (toStatus === 'merged' && !extra.mergedIntoId) throw invalid({ mergeIntoId: m.topic_err_merge_target() });
	if (toStatus === 'declined' && !note.trim()) throw invalid({ reason: m.topic_err_reason_required() });
	const [updated] = await tx
		.update(table.topic)
		.set({
			status: toStatus,
			updatedAt: new Date(),
			...(toStatus === 'declined' ? { declineReason: note.trim() } : {}),
			...extra
		})
		.where(and(eq(table.topic.id, t.id), eq(table.topic.status, t.status)))
		.returning();
	if (!updated) {
		throw new ServiceError(409, 'illegal_transition', m.topic_err_transition({ from: statusName(t.status), to: statusName(toStatus) }));
	}
	await addEvent(tx, t, actor, { kind: 'status', fromStatus: t.status, toStatus, note: note.trim() });
	await notify(tx, { kind: 'topic_status', actorId: actor?.id ?? null, topic: t, status: toStatus, note: note.trim() });
	if (actor) {
		await audit.record(tx, actor, {
			communityId: t.communityId,
			action,
			targetType: 'topic',
			targetId: t.id,
			detail: { title: t.title, from: t.status, to: toStatus, ...(note.trim() ? { note: note.trim() } : {}), ...extra }
		});
	}
	return updated;
}

/**
 * 确定议题: the committee accepts a collecting topic, declines it with a public reason, or merges it into
 * another open topic of the same community (its seconds stay with it; both pages link to each other).
 */
export async function screen(actor: Actor, topicId: number, input: unknown): Promise<Topic> {
	const t0 = await findTopic(db, topicId);
	const user = requireCommittee(actor, t0.communityId);
	const data = parseInput(ScreenInput, dropBlank(filled(input, 'decision'), 'reason', 'mergeIntoId'));
	let mergeIntoId: number | null = null;
	if (data.decision === 'decline' && !data.reason) throw invalid({ reason: m.topic_err_reason_required() });
	if (data.decision === 'merge') {
		const parsed = v.safeParse(id, data.mergeIntoId);
		if (!parsed.success) throw invalid({ mergeIntoId: m.topic_err_merge_target() });
		if (parsed.output === t0.id) throw invalid({ mergeIntoId: m.topic_err_merge_self() });
		mergeIntoId = parsed.output;
	}

	return db.transaction(async (tx) => {
		// lock both rows in id order, so that two crossing merges cannot deadlock
		const ids = mergeIntoId ? [t0.id, mergeIntoId].sort((a, b) => a - b) : [t0.id];
		const locked = await tx.select().from(table.topic).where(inArray(table.topic.id, ids)).orderBy(asc(table.topic.id)).for('update');
		const t = locked.find((r) => r.id === t0.id);
		if (!t) throw new ServiceError(404, 'not_found', m.err_not_found());
		if (t.status !== 'collecting') throw new ServiceError(409, 'not_collecting', m.topic_err_screen_state());

		if (data.decision === 'accept') return move(tx, user, t, 'accepted', data.reason, {}, 'topic.accept');
		if (data.decision === 'decline') return move(tx, user, t, 'declined', data.reason, {}, 'topic.decline');

		const target = locked.find((r) => r.id === mergeIntoId);
		if (!target) throw invalid({ mergeIntoId: m.topic_err_merge_target() });
		if (target.communityId !== t.communityId) throw invalid({ mergeIntoId: m.topic_err_merge_community() });
		if (target.status === 'merged' || target.status === 'declined') throw invalid({ mergeIntoId: m.topic_err_merge_closed() });
		const intoNote = m.topic_note_merged_into({ id: target.id, title: target.title }, RECORD);
		const moved = await move(tx, user, t, 'merged', data.reason ? `${intoNote}：${data.reason}` : intoNote, {
			mergedIntoId: target.id
		}, 'topic.merge');
		await addEvent(tx, target, user, { kind: 'merged_from', note: m.topic_note_merged_from({ id: t.id, title: t.title }, RECORD) });
		return moved;
	});
}

/** the committee moves a topic on by hand (e.g. 已受理 → 协商中), with an optional public note */
export async function progress(actor: Actor, topicId: number, input: unknown): Promise<Topic> {
	return db.transaction(async (tx) => {
		// read once, locked: the row checked is the row moved
		const t = await findTopic(tx, topicId, true);
		const user = requireCommittee(actor, t.communityId);
		const data = parseInput(ProgressInput, dropBlank(filled(input, 'toStatus'), 'note'));
		if (!manualNext(t.status).includes(data.toStatus)) {
			throw new ServiceError(409, 'illegal_transition', m.topic_err_transition({ from: statusName(t.status), to: statusName(data.toStatus) }));
		}
		return move(tx, user, t, data.toStatus, data.note);
	});
}
