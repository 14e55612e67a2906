/**
 * Handling a request: accept and classify it (the colour sets the deadline), record the 515303 steps, dispatch it,
 * report progress, close it or turn it into a topic; then the reporter's one evaluation. Each action runs on the
 * locked request, after the one check of who may handle it.
 */
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { deadlineFor, type Colour } from '$lib/domain/request-clock';
import { colourShort, reqCategoryName, updateKindName } from '$lib/labels/requests';
import { db, type Tx } from '../db';
import * as table from '../db/schema';
import type { RequestCategory, TopicCategory } from '../db/schema';
import { requireUser, rolesIn, type Actor } from '../access';
import type { SessionUser } from '../auth';
import * as audit from '../audit';
import { notify } from '../notify';
import * as sms from '../notify/sms';

const zh = { locale: 'zh-CN' as const };
import { isUniqueViolation, ServiceError } from '../errors';
import { dropBlank, filled, parseInput } from '../http/validate';
import { ClassifyInput, CloseInput, DispatchInput, EscalateInput, EvaluateInput, invalid, StepInput, UpdateInput } from './input';
import { addUpdate, byToken, findRequest, isOpen, notOpen, RECORD, requireHandler, type Request } from './records';

/** the steps the reporter and the request's followers hear about; the 515303 time stamps only show on the page */
const TOLD = new Set(['accepted', 'classified', 'dispatched', 'progress', 'closed', 'escalated']);

/**
 * runs one handling action on a locked open request, audits it, tells its reporter and followers (`tell`: the
 * handler's own words for them, when the timeline's text carries more), and returns the updated row
 */
async function handle(
	actor: Actor,
	requestId: number,
	run: (
		tx: Tx,
		r: Request,
		user: SessionUser
	) => Promise<{ set: Partial<Request>; kind: string; body?: string; tell?: string; detail?: Record<string, unknown> }>
): Promise<Request> {
	let text: { to: string; step: string; text: string } | null = null;
	const done = await db.transaction(async (tx) => {
		const r = await findRequest(tx, requestId, true);
		const user = await requireHandler(tx, actor, r);
		const { set, kind, body, tell, detail } = await run(tx, r, user);
		const [updated] = await tx
			.update(table.request)
			.set({ ...set, updatedAt: new Date() })
			.where(eq(table.request.id, r.id))
			.returning();
		const updateId = await addUpdate(tx, r, user, kind, body ?? '');
		if (TOLD.has(kind)) {
			await notify(tx, { kind: 'request_update', actorId: user.id, request: updated, updateId, step: kind, text: tell ?? body });
			// a reporter without an account hears by the phone they left, one text per step
			if (!r.reporterId && r.reporterPhone) text = { to: r.reporterPhone, step: kind, text: tell ?? body ?? '' };
		}
		await audit.record(tx, user, {
			communityId: r.communityId,
			action: `request.${kind}`,
			targetType: 'request',
			targetId: r.id,
			detail: { ...(body ? { note: body } : {}), ...detail }
		});
		return updated;
	});
	// sent once the step is recorded for good, never for a step that was rolled back
	if (text) await smsStep(done, text);
	return done;
}

async function smsStep(r: Request, t: { to: string; step: string; text: string }) {
	const step =
		(t.step === 'accepted' || t.step === 'classified') && r.colour
			? m.inbox_request_colour({ step: updateKindName(t.step, zh), colour: colourShort(r.colour as Colour, zh) }, zh)
			: updateKindName(t.step, zh);
	const words = t.text.replace(/\s+/g, ' ').trim();
	await sms.sendSms(t.to, 'request_update', {
		id: String(r.id),
		category: reqCategoryName(r.category, zh),
		step,
		text: words.length > 60 ? `${words.slice(0, 59)}…` : words
	});
}

/** 受理 and 分类: the colour sets the deadline from acceptance; a later reclassification keeps the acceptance time */
export async function classify(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(ClassifyInput, dropBlank(filled(input, 'colour'), 'note'));
	return handle(actor, requestId, async (_tx, r, user) => {
		if (!isOpen(r)) throw notOpen();
		const now = new Date();
		const acceptedAt = r.acceptedAt ?? now;
		const colour = data.colour as Colour;
		const first = r.status === 'new';
		return {
			set: {
				status: 'handling',
				colour,
				acceptedAt,
				deadline: deadlineFor(colour, acceptedAt),
				// accepting is the response when none was recorded yet
				respondedAt: r.respondedAt ?? now,
				assigneeId: r.assigneeId ?? user.id
			},
			kind: first ? 'accepted' : 'classified',
			body: [m.req_update_colour({ colour: colourShort(colour, RECORD) }, RECORD), data.note].filter(Boolean).join('：'),
			tell: data.note,
			detail: { colour, from: r.colour }
		};
	});
}

/** records one 515303 step at the time it happened (now when not given) */
export async function recordStep(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(StepInput, dropBlank(filled(input, 'step'), 'at', 'note'));
	return handle(actor, requestId, async (_tx, r) => {
		const now = new Date();
		const at = data.at ?? now;
		if (at.getTime() < r.reportedAt.getTime() - 60_000 || at.getTime() > now.getTime() + 60_000) throw invalid({ at: m.req_err_time() });
		const column = { respond: 'respondedAt', arrive: 'arrivedAt', plan: 'plannedAt', followup: 'followedUpAt' } as const;
		const key = column[data.step];
		if (data.step === 'followup') {
			if (r.status !== 'closed' && r.status !== 'escalated') throw new ServiceError(409, 'not_closed', m.req_err_not_closed());
			if (r.closedAt && at.getTime() < r.closedAt.getTime() - 60_000) throw invalid({ at: m.req_err_time() });
		} else if (!isOpen(r)) throw notOpen();
		if (r[key]) throw new ServiceError(409, 'step_done', m.req_err_step_done());
		const set: Partial<Request> = { [key]: at };
		if (data.step === 'plan') set.planNote = data.note;
		if (data.step === 'followup') set.followUpNote = data.note;
		return { set, kind: data.step, body: data.note, detail: { at: at.toISOString() } };
	});
}

/** passes it to the property firm or another party; the request stays with its handler */
export async function dispatch(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(DispatchInput, dropBlank(filled(input, 'party'), 'note'));
	return handle(actor, requestId, async (_tx, r) => {
		if (!isOpen(r)) throw notOpen();
		return {
			set: { dispatchedTo: data.party, dispatchedAt: new Date() },
			kind: 'dispatched',
			body: [m.req_update_dispatched({ party: data.party }, RECORD), data.note].filter(Boolean).join('：'),
			tell: [data.party, data.note].filter(Boolean).join('：'),
			detail: { party: data.party }
		};
	});
}

/** a progress report to the resident (red and grey requests get them periodically) */
export async function progress(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(UpdateInput, filled(typeof input === 'string' ? { body: input } : input, 'body'));
	return handle(actor, requestId, async (_tx, r) => {
		if (!isOpen(r)) throw notOpen();
		return { set: {}, kind: 'progress', body: data.body };
	});
}

/** 办结 with the result the resident will read */
export async function close(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(CloseInput, filled(input, 'result'));
	return handle(actor, requestId, async (_tx, r) => {
		if (!isOpen(r)) throw notOpen();
		if (r.status !== 'handling') throw new ServiceError(409, 'not_accepted', m.req_err_not_accepted());
		return { set: { status: 'closed', closedAt: new Date(), result: data.result }, kind: 'closed', body: data.result };
	});
}

const TOPIC_CATEGORY: Record<RequestCategory, TopicCategory> = {
	facility: 'facility',
	environment: 'environment',
	safety: 'safety',
	noise: 'environment',
	neighbour: 'other',
	property: 'property',
	traffic: 'traffic',
	other: 'other'
};

/**
 * 转议题: a request that needs a collective decision becomes a topic in one step. The topic is proposed by the
 * handler, for the request's building when it has one; the request closes into it and keeps the link.
 */
export async function escalate(actor: Actor, requestId: number, input: unknown = {}) {
	const data = parseInput(EscalateInput, dropBlank(input ?? {}, 'note'));
	let topicId = 0;
	const updated = await handle(actor, requestId, async (tx, r, user) => {
		if (!isOpen(r)) throw notOpen();
		const [b] = r.buildingId
			? await tx.select({ estateId: table.building.estateId }).from(table.building).where(eq(table.building.id, r.buildingId))
			: [];
		const title = `${reqCategoryName(r.category, RECORD)}：${(r.location || r.description).replace(/\s+/g, ' ')}`;
		const [t] = await tx
			.insert(table.topic)
			.values({
				communityId: r.communityId,
				title: title.length > 60 ? `${title.slice(0, 59)}…` : title,
				description: `${r.description}\n\n${m.req_topic_from({ id: r.id }, RECORD)}${data.note ? `\n${data.note}` : ''}`,
				scope: b ? 'building' : 'community',
				estateId: b?.estateId ?? null,
				buildingId: b ? r.buildingId : null,
				category: TOPIC_CATEGORY[r.category],
				status: 'collecting',
				proposerId: user.id
			})
			.returning();
		await tx.insert(table.topicEvent).values({
			communityId: r.communityId,
			topicId: t.id,
			kind: 'proposed',
			toStatus: 'collecting',
			actorId: user.id,
			actorName: user.name,
			note: m.req_topic_from({ id: r.id }, RECORD)
		});
		topicId = t.id;
		return {
			set: { status: 'escalated', topicId: t.id, closedAt: new Date(), result: m.req_update_escalated({ id: t.id }, RECORD) },
			kind: 'escalated',
			body: [m.req_update_escalated({ id: t.id }, RECORD), data.note].filter(Boolean).join('：'),
			tell: data.note,
			detail: { topicId: t.id }
		};
	});
	return { request: updated, topicId };
}

// ---- the resident's evaluation ----

async function saveEvaluation(r: Request, input: unknown) {
	const data = parseInput(EvaluateInput, dropBlank(filled(input, 'rating'), 'comment'));
	if (r.status !== 'closed') throw new ServiceError(409, 'not_closed', m.req_err_not_closed());
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(table.requestEvaluation)
				.values({ communityId: r.communityId, requestId: r.id, rating: data.rating, comment: data.comment })
				.returning();
			await addUpdate(tx, r, null, 'evaluated', data.comment);
			return row;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError(409, 'already_evaluated', m.req_err_evaluated());
		throw e;
	}
}

/** the signed-in reporter evaluates their closed request, once */
export async function evaluate(actor: Actor, requestId: number, input: unknown) {
	const user = requireUser(actor);
	const r = await findRequest(db, requestId);
	if (r.reporterId !== user.id) {
		if (rolesIn(user, r.communityId).size === 0) throw new ServiceError(404, 'not_found', m.err_not_found());
		throw new ServiceError(403, 'not_reporter', m.req_err_not_reporter());
	}
	return saveEvaluation(r, input);
}

/** the holder of the tracking link evaluates, once */
export async function evaluateByToken(token: string, input: unknown) {
	return saveEvaluation(await byToken(token), input);
}

