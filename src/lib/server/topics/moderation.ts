/**
 * Keeping the square civil (《互联网跟帖评论服务管理规定》): anyone signed in to the community reports a comment or
 * reply with a reason; the committee hides it with a public reason or keeps it with an answer to the reporters; the
 * author is told, may edit and so asks again. Authors edit their own words within 15 minutes (marked 已编辑) and
 * delete them (a placeholder stays). Nothing disappears: every earlier wording is kept in the audit log.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import { notify } from '../notify';
import { ServiceError } from '../errors';
import { dropBlank, filled, parseInput } from '../http/validate';
import { EditInput, ModerateInput, ReportInput, ReviewInput } from './input';
import { checkPersonalInfo } from './personal';
import { isCommittee, requireMember } from './records';

type Comment = typeof table.topicComment.$inferSelect;

/** an author may change their words for this long after posting (a hidden comment may be corrected at any time) */
export const EDIT_MINUTES = 15;

async function findComment(q: Tx | typeof db, commentId: number, lock = false): Promise<Comment> {
	const query = q.select().from(table.topicComment).where(eq(table.topicComment.id, commentId));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

async function topicOf(q: Tx | typeof db, c: Comment) {
	const [t] = await q
		.select({ id: table.topic.id, communityId: table.topic.communityId, title: table.topic.title })
		.from(table.topic)
		.where(eq(table.topic.id, c.topicId));
	return t;
}

/** whether the author may still edit: within the window, or at any time while hidden or waiting for review */
export function editable(c: Pick<Comment, 'state' | 'createdAt'>, now = new Date()): boolean {
	if (c.state === 'hidden' || c.state === 'pending') return true;
	return c.state === 'published' && now.getTime() - c.createdAt.getTime() <= EDIT_MINUTES * 60_000;
}

/**
 * The author changes their comment. A hidden one goes back to the committee (待审核) with the new words: that is
 * asking again. The earlier words stay in the audit log.
 */
export async function edit(actor: Actor, commentId: number, input: unknown) {
	const found = await findComment(db, commentId);
	const user = requireMember(actor, found.communityId);
	if (found.userId !== user.id) throw new ServiceError(403, 'forbidden', m.comment_err_not_author());
	const { body, confirmPersonal } = parseInput(EditInput, dropBlank(filled(input, 'body'), 'confirmPersonal'));
	checkPersonalInfo(body, confirmPersonal);
	return db.transaction(async (tx) => {
		const c = await findComment(tx, commentId, true);
		if (!editable(c)) throw new ServiceError(409, 'edit_closed', m.comment_err_edit_closed({ minutes: EDIT_MINUTES }));
		const state = c.state === 'hidden' ? 'pending' : c.state;
		const [row] = await tx
			.update(table.topicComment)
			.set({ body, editedAt: new Date(), state })
			.where(eq(table.topicComment.id, c.id))
			.returning();
		await audit.record(tx, user, {
			communityId: c.communityId,
			action: 'comment.edit',
			targetType: 'comment',
			targetId: c.id,
			detail: { before: c.body, after: body, state: c.state, resubmitted: c.state === 'hidden' }
		});
		return { id: row.id, state: row.state, body: row.body, editedAt: row.editedAt };
	});
}

/** the author deletes their comment: a placeholder stays under the topic (replies keep their place) */
export async function remove(actor: Actor, commentId: number) {
	const found = await findComment(db, commentId);
	const user = requireMember(actor, found.communityId);
	if (found.userId !== user.id) throw new ServiceError(403, 'forbidden', m.comment_err_not_author());
	return db.transaction(async (tx) => {
		const c = await findComment(tx, commentId, true);
		if (c.state === 'deleted') return { id: c.id, state: c.state };
		await tx.update(table.topicComment).set({ state: 'deleted' }).where(eq(table.topicComment.id, c.id));
		await audit.record(tx, user, {
			communityId: c.communityId,
			action: 'comment.delete',
			targetType: 'comment',
			targetId: c.id,
			detail: { body: c.body, state: c.state }
		});
		return { id: c.id, state: 'deleted' as const };
	});
}

/** anyone with a role in the community reports someone else's shown comment, once while it is open */
export async function report(actor: Actor, commentId: number, input: unknown) {
	const c = await findComment(db, commentId);
	const user = requireMember(actor, c.communityId);
	const { reason, note } = parseInput(ReportInput, dropBlank(filled(input, 'reason'), 'note'));
	if (c.userId === user.id) throw new ServiceError(409, 'own_comment', m.report_err_own());
	if (c.state !== 'published') throw new ServiceError(409, 'not_shown', m.report_err_not_shown());
	const [row] = await db
		.insert(table.commentReport)
		.values({ communityId: c.communityId, commentId: c.id, reporterId: user.id, reason, note })
		.onConflictDoNothing()
		.returning();
	if (!row) throw new ServiceError(409, 'reported', m.report_err_twice());
	return { id: row.id, commentId: c.id, reason: row.reason, state: row.state, createdAt: row.createdAt };
}

/**
 * The committee's queue: comments with open reports, and comments waiting for review (a new resident's first post
 * under 先审后发, or words edited after being hidden), oldest first. Reporters' names are not shown.
 */
export async function queue(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const cm = table.topicComment;
	const r = table.commentReport;
	const rows = await db
		.select({
			id: cm.id,
			topicId: cm.topicId,
			topicTitle: table.topic.title,
			parentId: cm.parentId,
			body: cm.body,
			state: cm.state,
			hiddenReason: cm.hiddenReason,
			editedAt: cm.editedAt,
			createdAt: cm.createdAt,
			authorName: table.user.name,
			reports: sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${r.id}, 'reason', ${r.reason}, 'note', ${r.note},
				'createdAt', ${r.createdAt}) order by ${r.id}), '[]') from ${r} where ${r.commentId} = ${cm.id} and ${r.state} = 'open')`
		})
		.from(cm)
		.innerJoin(table.topic, eq(table.topic.id, cm.topicId))
		.innerJoin(table.user, eq(table.user.id, cm.userId))
		.where(
			and(
				eq(cm.communityId, community.id),
				or(
					eq(cm.state, 'pending'),
					sql`exists (select 1 from ${r} where ${r.commentId} = ${cm.id} and ${r.state} = 'open')`
				)
			)
		)
		.orderBy(asc(cm.createdAt), asc(cm.id))
		.limit(200);
	return {
		community: { id: community.id, name: community.name },
		items: rows.map((x) => ({
			...x,
			reports: (typeof x.reports === 'string' ? JSON.parse(x.reports) : x.reports) as { id: number; reason: string; note: string; createdAt: string }[]
		}))
	};
}

/**
 * The committee decides on a comment: hide it with a public reason (the reporters are answered with it), keep it
 * with an answer to the reporters, or publish it (a first post reviewed, or words corrected after being hidden).
 * The author hears of a hiding or a publishing, the reporters of the answer. The words stay in the audit log.
 */
export async function moderate(actor: Actor, commentId: number, input: unknown) {
	const found = await findComment(db, commentId);
	const user = requireCommittee(actor, found.communityId);
	const { decision, reason } = parseInput(ModerateInput, dropBlank(filled(input, 'decision'), 'reason'));
	if (decision !== 'publish' && !reason) {
		const message = decision === 'hide' ? m.moderate_err_reason() : m.moderate_err_answer();
		throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { reason: message });
	}
	return db.transaction(async (tx) => {
		const c = await findComment(tx, commentId, true);
		const t = await topicOf(tx, c);
		if (c.state === 'deleted') throw new ServiceError(409, 'deleted', m.moderate_err_deleted());
		const open = await tx
			.select({ id: table.commentReport.id, reporterId: table.commentReport.reporterId })
			.from(table.commentReport)
			.where(and(eq(table.commentReport.commentId, c.id), eq(table.commentReport.state, 'open')))
			.for('update');
		if (decision === 'keep' && open.length === 0) throw new ServiceError(409, 'no_reports', m.moderate_err_no_reports());
		const state = decision === 'hide' ? 'hidden' : decision === 'publish' ? 'published' : c.state;
		await tx
			.update(table.topicComment)
			.set({ state, hiddenReason: decision === 'hide' ? reason : decision === 'publish' ? null : c.hiddenReason })
			.where(eq(table.topicComment.id, c.id));
		if (open.length > 0 && decision !== 'publish') {
			await tx
				.update(table.commentReport)
				.set({ state: decision === 'hide' ? 'hidden' : 'kept', answer: reason, decidedById: user.id, decidedAt: new Date() })
				.where(inArray(table.commentReport.id, open.map((o) => o.id)));
		}
		await audit.record(tx, user, {
			communityId: c.communityId,
			action: `comment.${decision}`,
			targetType: 'comment',
			targetId: c.id,
			detail: { body: c.body, from: c.state, to: state, reason, reports: open.map((o) => o.id) }
		});
		const tell = { topic: t, commentId: c.id, decision, reason };
		if (decision !== 'keep') await notify(tx, { kind: 'comment_moderated', actorId: user.id, ...tell, to: [c.userId], round: c.editedAt?.getTime() ?? 0 });
		if (decision !== 'publish' && open.length > 0) {
			await notify(tx, { kind: 'comment_moderated', actorId: user.id, ...tell, to: open.map((o) => o.reporterId), round: c.editedAt?.getTime() ?? 0 });
		}
		return { id: c.id, state, hiddenReason: decision === 'hide' ? reason : decision === 'publish' ? null : c.hiddenReason };
	});
}

/** 先审后发: whether a new comment by this person waits for the committee (the community asks it, and they have none shown yet) */
export async function firstPostWaits(tx: Tx, user: { id: number }, communityId: number, staff: boolean): Promise<boolean> {
	if (staff) return false;
	const [c] = await tx.select({ reviewFirstPosts: table.community.reviewFirstPosts }).from(table.community).where(eq(table.community.id, communityId));
	if (!c?.reviewFirstPosts) return false;
	const [shown] = await tx
		.select({ id: table.topicComment.id })
		.from(table.topicComment)
		.where(and(eq(table.topicComment.communityId, communityId), eq(table.topicComment.userId, user.id), eq(table.topicComment.state, 'published')))
		.limit(1);
	return !shown;
}

/** the committee turns 先审后发 for new residents' first comments on or off */
export async function setReviewFirstPosts(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const { reviewFirstPosts } = parseInput(ReviewInput, input ?? {});
	return db.transaction(async (tx) => {
		await tx.update(table.community).set({ reviewFirstPosts }).where(eq(table.community.id, community.id));
		await audit.record(tx, user, {
			communityId: community.id,
			action: 'community.review_first_posts',
			targetType: 'community',
			targetId: community.id,
			detail: { from: community.reviewFirstPosts, to: reviewFirstPosts }
		});
		return { reviewFirstPosts };
	});
}

export { isCommittee };
