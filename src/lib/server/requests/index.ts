/**
 * Resident requests (码上报): a resident reports a problem from the QR code in their building, signed in or
 * with a phone number and a tracking link; the committee or the building's grid worker accepts and classifies
 * it (which sets the deadline), records the 515303 steps, dispatches it, reports progress, closes it and visits
 * afterwards; the reporter evaluates it once; a request needing a collective decision becomes a topic. Contact
 * details go only to the reporter, the committee and the handling grid worker; the monthly board has none.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import * as v from 'valibot';
import { qrSvg } from '../qr';
import { m } from '$lib/paraglide/messages';
import { clockStatus, deadlineFor, isOverdue, type Colour } from '$lib/domain/request-clock';
import { monthBoard, monthOf, monthRange, type BoardRow } from '$lib/domain/request-board';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import {
	CONTACT_PREFERENCES,
	EVALUATION_RATINGS,
	REQUEST_CATEGORIES,
	REQUEST_COLOURS,
	type RequestCategory,
	type TopicCategory
} from '../db/schema';
import { hasRole, requireCommittee, requireReader, requireUser, rolesIn, streetsAdministered, type Actor } from '../access';
import type { SessionUser } from '../auth';
import * as audit from '../audit';
import * as communities from '../communities';
import * as files from '../files';
import { isUniqueViolation, ServiceError } from '../errors';
import { id, moment, parseInput, phone, text } from '../http/validate';

export type Request = typeof table.request.$inferSelect;
type Q = Tx | DB;
/** the public record (timeline notes) is written in the base language, whoever is reading */
const RECORD = { locale: 'zh-CN' } as const;

// ---- input ----

function blanksDropped(input: unknown, ...keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	return Object.fromEntries(
		Object.entries(input).filter(([key, val]) => !keys.includes(key) || (val !== '' && val !== null && val !== undefined))
	);
}

function filled(input: unknown, ...keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input ?? {};
	return { ...Object.fromEntries(keys.map((k) => [k, ''])), ...input };
}

const optionalText = (max: number, message: () => string) =>
	v.optional(v.pipe(v.string(message), v.trim(), v.maxLength(max, message)), '');

const ReportInput = v.object({
	category: v.picklist(REQUEST_CATEGORIES, m.req_err_category),
	description: text(1000, m.req_err_description),
	location: optionalText(100, m.req_err_location),
	contactPreference: v.optional(v.picklist(CONTACT_PREFERENCES, m.req_err_contact), 'phone'),
	buildingId: v.optional(id),
	entranceId: v.optional(id),
	reporterPhone: v.optional(phone),
	reporterName: optionalText(20, m.req_err_name)
});

const AnonymousReportInput = v.object({ ...ReportInput.entries, reporterPhone: phone });

/** a zoned ISO time, or a form's datetime-local (no zone), which is Asia/Shanghai wall time */
const when = moment(m.req_err_time);

const note = optionalText(1000, m.req_err_note);

const ClassifyInput = v.object({ colour: v.picklist(REQUEST_COLOURS, m.req_err_colour), note });
const STEPS = ['respond', 'arrive', 'plan', 'followup'] as const;
export type StepName = (typeof STEPS)[number];
const StepInput = v.object({ step: v.picklist(STEPS, m.req_err_step), at: v.optional(when), note });
const DispatchInput = v.object({ party: text(60, m.req_err_party), note });
const UpdateInput = v.object({ body: text(1000, m.req_err_note_required) });
const CloseInput = v.object({ result: text(1000, m.req_err_note_required) });
const EscalateInput = v.object({ note });
const EvaluateInput = v.object({ rating: v.picklist(EVALUATION_RATINGS, m.req_err_rating), comment: optionalText(500, m.req_err_note) });
const MonthInput = v.pipe(v.string(m.req_err_month), v.trim(), v.regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, m.req_err_month));
const DeskInput = v.object({
	status: v.optional(v.picklist(['open', 'new', 'handling', 'closed', 'escalated', 'overdue', 'all'] as const, m.err_invalid_input), 'open')
});

const invalid = (fields: Record<string, string>) => new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);

// ---- tracking tokens ----

export function newTrackingToken(): string {
	// 120 bits of entropy
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
}
export const trackingHashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

// ---- who may do what ----

/** the grid of the request's building, or null */
async function gridOf(q: Q, buildingId: number | null): Promise<number | null> {
	if (!buildingId) return null;
	const [b] = await q.select({ gridId: table.building.gridId }).from(table.building).where(eq(table.building.id, buildingId));
	return b?.gridId ?? null;
}

/** the committee, the grid worker of the building's grid, or whoever it was assigned to */
function handlerOf(actor: Actor, r: Pick<Request, 'communityId' | 'assigneeId'>, gridId: number | null): boolean {
	if (!actor) return false;
	if (hasRole(actor, r.communityId, 'committee')) return true;
	if (r.assigneeId === actor.id && hasRole(actor, r.communityId, 'grid')) return true;
	return (
		gridId !== null &&
		actor.memberships.some((ms) => ms.communityId === r.communityId && ms.role === 'grid' && ms.status === 'verified' && ms.gridId === gridId)
	);
}

/** grids this actor works as a verified grid worker in this community */
function gridsOf(actor: Actor, communityId: number): number[] {
	return (actor?.memberships ?? [])
		.filter((ms) => ms.communityId === communityId && ms.role === 'grid' && ms.status === 'verified' && ms.gridId !== null)
		.map((ms) => ms.gridId!);
}

export const canHandleIn = (actor: Actor, communityId: number) => hasRole(actor, communityId, 'committee', 'grid');

async function findRequest(q: Q, requestId: number, lock = false): Promise<Request> {
	const query = q.select().from(table.request).where(eq(table.request.id, requestId));
	const [row] = lock ? await query.for('update') : await query;
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

async function requireHandler(q: Q, actor: Actor, r: Request): Promise<SessionUser> {
	const user = requireUser(actor);
	if (!handlerOf(user, r, await gridOf(q, r.buildingId))) {
		// someone of another community learns nothing about the request
		if (rolesIn(user, r.communityId).size === 0) throw new ServiceError(404, 'not_found', m.err_not_found());
		throw new ServiceError(403, 'forbidden', m.err_forbidden());
	}
	return user;
}

async function addUpdate(q: Q, r: Pick<Request, 'id' | 'communityId'>, actor: Actor, kind: string, body = '') {
	await q.insert(table.requestUpdate).values({
		communityId: r.communityId,
		requestId: r.id,
		kind,
		body,
		authorId: actor?.id ?? null,
		authorName: actor?.name ?? ''
	});
}

/** runs one handling action on a locked open request, audits it, and returns the updated row */
async function handle(
	actor: Actor,
	requestId: number,
	run: (tx: Tx, r: Request, user: SessionUser) => Promise<{ set: Partial<Request>; kind: string; body?: string; detail?: Record<string, unknown> }>
): Promise<Request> {
	return db.transaction(async (tx) => {
		const r = await findRequest(tx, requestId, true);
		const user = await requireHandler(tx, actor, r);
		const { set, kind, body, detail } = await run(tx, r, user);
		const [updated] = await tx
			.update(table.request)
			.set({ ...set, updatedAt: new Date() })
			.where(eq(table.request.id, r.id))
			.returning();
		await addUpdate(tx, r, user, kind, body ?? '');
		await audit.record(tx, user, {
			communityId: r.communityId,
			action: `request.${kind}`,
			targetType: 'request',
			targetId: r.id,
			detail: { ...(body ? { note: body } : {}), ...detail }
		});
		return updated;
	});
}

const isOpen = (r: Request) => r.status === 'new' || r.status === 'handling';
const notOpen = () => new ServiceError(409, 'not_open', m.req_err_not_open());

// ---- the QR code's target ----

export type ReportTarget = Awaited<ReturnType<typeof reportTarget>>;

/**
 * What a poster's code (`b12`: building 12, `e34`: entrance 34) or the site's link (`c3`: community 3)
 * opens: the community, the building and entrance pre-filled, and the community's buildings to choose from.
 */
export async function reportTarget(code: string) {
	const match = /^([bec])(\d{1,9})$/.exec(code);
	if (!match) throw new ServiceError(404, 'not_found', m.req_err_no_building());
	const n = Number(match[2]);
	let communityId: number;
	let buildingId: number | null = null;
	let entranceId: number | null = null;
	if (match[1] === 'c') communityId = n;
	else if (match[1] === 'b') {
		const [b] = await db.select().from(table.building).where(eq(table.building.id, n));
		if (!b) throw new ServiceError(404, 'not_found', m.req_err_no_building());
		communityId = b.communityId;
		buildingId = b.id;
	} else {
		const [e] = await db.select().from(table.entrance).where(eq(table.entrance.id, n));
		if (!e) throw new ServiceError(404, 'not_found', m.req_err_no_building());
		communityId = e.communityId;
		buildingId = e.buildingId;
		entranceId = e.id;
	}
	const community = await communities.get(communityId);
	const buildings = await buildingChoices(community.id);
	const building = buildings.find((b) => b.id === buildingId) ?? null;
	const [entrance] = entranceId
		? await db.select({ id: table.entrance.id, name: table.entrance.name }).from(table.entrance).where(eq(table.entrance.id, entranceId))
		: [];
	return { community: { id: community.id, name: community.name }, building, entrance: entrance ?? null, buildings };
}

async function buildingChoices(communityId: number) {
	const rows = await db
		.select({ id: table.building.id, name: table.building.name, estateName: table.estate.name })
		.from(table.building)
		.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(eq(table.building.communityId, communityId))
		.orderBy(asc(table.estate.name), asc(table.building.id));
	return rows.map((b) => ({ id: b.id, label: `${b.estateName} ${b.name}` }));
}

// ---- reporting ----

/**
 * 上报: anyone may report a problem in a community. Signed in, the report is theirs; without an account a
 * phone number is required. Either way the answer carries a tracking token, shown once, for the tracking page.
 */
export const MAX_PHOTOS = 3;

/** photos in a JSON report: `photos: [{ name, data }]` with the bytes in base64 */
export function photosFromJson(input: unknown): { name: string; bytes: Uint8Array }[] {
	const list = input && typeof input === 'object' && !Array.isArray(input) ? (input as { photos?: unknown }).photos : undefined;
	if (list === undefined || list === null) return [];
	const bad = () => invalid({ photos: m.req_err_photo_json() });
	if (!Array.isArray(list)) throw bad();
	if (list.length > MAX_PHOTOS) throw invalid({ photos: m.req_err_photos({ max: MAX_PHOTOS }) });
	return list.map((p) => {
		if (!p || typeof p !== 'object') throw bad();
		const { name, data } = p as { name?: unknown; data?: unknown };
		if (typeof name !== 'string' || typeof data !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw bad();
		return { name, bytes: new Uint8Array(Buffer.from(data, 'base64')) };
	});
}

export async function report(actor: Actor, communityId: number, input: unknown, photos: { name: string; bytes: Uint8Array }[] = []) {
	const community = await communities.get(communityId);
	// without an account the phone number is required, and its message comes with the others
	const data = actor
		? parseInput(ReportInput, blanksDropped(filled(input, 'category', 'description'), 'buildingId', 'entranceId', 'reporterPhone', 'contactPreference', 'location', 'reporterName'))
		: parseInput(AnonymousReportInput, blanksDropped(filled(input, 'category', 'description', 'reporterPhone'), 'buildingId', 'entranceId', 'contactPreference', 'location', 'reporterName'));
	let buildingId: number | null = null;
	let entranceId: number | null = null;
	if (data.entranceId !== undefined) {
		const [e] = await db
			.select()
			.from(table.entrance)
			.where(and(eq(table.entrance.id, data.entranceId), eq(table.entrance.communityId, community.id)));
		if (!e) throw invalid({ buildingId: m.req_err_building() });
		entranceId = e.id;
		buildingId = e.buildingId;
	}
	if (data.buildingId !== undefined) {
		const [b] = await db
			.select({ id: table.building.id })
			.from(table.building)
			.where(and(eq(table.building.id, data.buildingId), eq(table.building.communityId, community.id)));
		if (!b) throw invalid({ buildingId: m.req_err_building() });
		if (buildingId !== null && buildingId !== b.id) entranceId = null;
		buildingId = b.id;
	}
	if (photos.length > MAX_PHOTOS) throw invalid({ photos: m.req_err_photos({ max: MAX_PHOTOS }) });
	const token = newTrackingToken();
	const created = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(table.request)
			.values({
				communityId: community.id,
				buildingId,
				entranceId,
				category: data.category,
				description: data.description,
				location: data.location,
				contactPreference: data.contactPreference,
				reporterId: actor?.id ?? null,
				reporterPhone: data.reporterPhone ?? null,
				reporterName: actor ? actor.name : data.reporterName,
				trackingHash: trackingHashOf(token)
			})
			.returning();
		await addUpdate(tx, row, null, 'reported');
		for (const p of photos) {
			const file = await files.put(tx, { communityId: community.id, name: p.name, bytes: p.bytes, uploadedById: actor?.id ?? null, accept: 'images', field: 'photos' });
			await tx.insert(table.requestPhoto).values({ communityId: community.id, requestId: row.id, fileId: file.id });
		}
		return row;
	});
	return { id: created.id, communityId: community.id, token, trackingPath: `/r/track/${token}` };
}

// ---- reading one request ----

export type Viewer = 'reporter' | 'handler';

async function detail(r: Request, viewer: Viewer, actor: Actor, now = new Date()) {
	const [place] = r.buildingId
		? await db
				.select({ buildingName: table.building.name, estateName: table.estate.name, gridId: table.building.gridId, gridName: table.grid.name })
				.from(table.building)
				.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
				.leftJoin(table.grid, eq(table.grid.id, table.building.gridId))
				.where(eq(table.building.id, r.buildingId))
		: [];
	const [entrance] = r.entranceId
		? await db.select({ name: table.entrance.name }).from(table.entrance).where(eq(table.entrance.id, r.entranceId))
		: [];
	const [reporter] = r.reporterId
		? await db.select({ name: table.user.name, phone: table.user.phone }).from(table.user).where(eq(table.user.id, r.reporterId))
		: [];
	const [assignee] = r.assigneeId
		? await db.select({ name: table.user.name }).from(table.user).where(eq(table.user.id, r.assigneeId))
		: [];
	const updates = await db
		.select({
			id: table.requestUpdate.id,
			kind: table.requestUpdate.kind,
			body: table.requestUpdate.body,
			authorName: table.requestUpdate.authorName,
			createdAt: table.requestUpdate.createdAt
		})
		.from(table.requestUpdate)
		.where(eq(table.requestUpdate.requestId, r.id))
		.orderBy(asc(table.requestUpdate.createdAt), asc(table.requestUpdate.id));
	const [evaluation] = await db
		.select({ rating: table.requestEvaluation.rating, comment: table.requestEvaluation.comment, createdAt: table.requestEvaluation.createdAt })
		.from(table.requestEvaluation)
		.where(eq(table.requestEvaluation.requestId, r.id));
	const [topic] = r.topicId
		? await db.select({ id: table.topic.id, title: table.topic.title, status: table.topic.status }).from(table.topic).where(eq(table.topic.id, r.topicId))
		: [];
	const photos = await db
		.select({ id: table.requestPhoto.id })
		.from(table.requestPhoto)
		.where(eq(table.requestPhoto.requestId, r.id))
		.orderBy(asc(table.requestPhoto.id));
	const times = {
		reportedAt: r.reportedAt,
		colour: r.colour,
		acceptedAt: r.acceptedAt,
		respondedAt: r.respondedAt,
		arrivedAt: r.arrivedAt,
		planAt: r.plannedAt,
		closedAt: r.closedAt,
		followedUpAt: r.followedUpAt
	};
	const canHandle = viewer === 'handler';
	return {
		id: r.id,
		communityId: r.communityId,
		category: r.category,
		description: r.description,
		location: r.location,
		place: place ? `${place.estateName} ${place.buildingName}${entrance ? ` ${entrance.name}` : ''}` : '',
		gridName: place?.gridName ?? null,
		status: r.status,
		colour: r.colour,
		deadline: r.deadline,
		reportedAt: r.reportedAt,
		acceptedAt: r.acceptedAt,
		respondedAt: r.respondedAt,
		arrivedAt: r.arrivedAt,
		plannedAt: r.plannedAt,
		planNote: r.planNote,
		closedAt: r.closedAt,
		result: r.result,
		followedUpAt: r.followedUpAt,
		followUpNote: r.followUpNote,
		dispatchedTo: r.dispatchedTo,
		dispatchedAt: r.dispatchedAt,
		assigneeName: assignee?.name ?? null,
		topic: topic ?? null,
		clock: clockStatus(times, now),
		overdue: isOverdue(times, now),
		updates,
		photos: photos.map((p) => p.id),
		evaluation: evaluation ?? null,
		// contact details: only the reporter and the handlers get here at all
		contact: {
			name: reporter?.name ?? r.reporterName,
			phone: r.reporterPhone ?? reporter?.phone ?? '',
			preference: r.contactPreference,
			signedIn: r.reporterId !== null
		},
		viewer,
		canHandle,
		canEvaluate: viewer === 'reporter' && r.status === 'closed' && !evaluation,
		isMine: actor !== null && r.reporterId === actor.id
	};
}

export type RequestDetail = Awaited<ReturnType<typeof detail>>;

/** one request, for its reporter (signed in) or a handler; nobody else, so contact details never leak */
export async function get(actor: Actor, requestId: number) {
	const r = await findRequest(db, requestId);
	const user = requireUser(actor);
	if (r.reporterId === user.id) {
		const handler = handlerOf(user, r, await gridOf(db, r.buildingId));
		return detail(r, handler ? 'handler' : 'reporter', user);
	}
	await requireHandler(db, user, r);
	return detail(r, 'handler', user);
}

async function byToken(token: string): Promise<Request> {
	if (!/^[a-z2-7]{16,40}$/.test(token)) throw new ServiceError(404, 'not_found', m.err_not_found());
	const [r] = await db.select().from(table.request).where(eq(table.request.trackingHash, trackingHashOf(token)));
	if (!r) throw new ServiceError(404, 'not_found', m.err_not_found());
	return r;
}

/** the tracking page: whoever holds the link is the reporter */
export async function track(token: string) {
	const r = await byToken(token);
	const community = await communities.get(r.communityId);
	return { ...(await detail(r, 'reporter', null)), communityName: community.name };
}

/** a photo of a request, for the holder of its tracking link or anyone who may read the request */
export async function photo(actor: Actor, photoId: number, token: string | null) {
	const [p] = await db.select().from(table.requestPhoto).where(eq(table.requestPhoto.id, photoId));
	if (!p) throw new ServiceError(404, 'not_found', m.err_not_found());
	if (token) {
		const r = await byToken(token);
		if (r.id !== p.requestId) throw new ServiceError(404, 'not_found', m.err_not_found());
	} else {
		await get(actor, p.requestId);
	}
	return files.get(db, p.fileId, p.communityId);
}

// ---- handling ----

/** 受理 and 分类: the colour sets the deadline from acceptance; a later reclassification keeps the acceptance time */
export async function classify(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(ClassifyInput, blanksDropped(filled(input, 'colour'), 'note'));
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
			body: [m.req_update_colour({ colour: colourName(colour) }, RECORD), data.note].filter(Boolean).join('：'),
			detail: { colour, from: r.colour }
		};
	});
}

export function colourName(c: Colour, options?: { locale?: 'zh-CN' | 'en' }): string {
	const names = {
		green: m.req_colour_short_green,
		yellow: m.req_colour_short_yellow,
		red: m.req_colour_short_red,
		grey: m.req_colour_short_grey
	} as const;
	return names[c]({}, options);
}

/** records one 515303 step at the time it happened (now when not given) */
export async function recordStep(actor: Actor, requestId: number, input: unknown) {
	const data = parseInput(StepInput, blanksDropped(filled(input, 'step'), 'at', 'note'));
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
	const data = parseInput(DispatchInput, blanksDropped(filled(input, 'party'), 'note'));
	return handle(actor, requestId, async (_tx, r) => {
		if (!isOpen(r)) throw notOpen();
		return {
			set: { dispatchedTo: data.party, dispatchedAt: new Date() },
			kind: 'dispatched',
			body: [m.req_update_dispatched({ party: data.party }, RECORD), data.note].filter(Boolean).join('：'),
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
	const data = parseInput(EscalateInput, blanksDropped(input ?? {}, 'note'));
	let topicId = 0;
	const updated = await handle(actor, requestId, async (tx, r, user) => {
		if (!isOpen(r)) throw notOpen();
		const [b] = r.buildingId
			? await tx.select({ estateId: table.building.estateId }).from(table.building).where(eq(table.building.id, r.buildingId))
			: [];
		const title = `${categoryName(r.category, RECORD)}：${(r.location || r.description).replace(/\s+/g, ' ')}`;
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
			detail: { topicId: t.id }
		};
	});
	return { request: updated, topicId };
}

function categoryName(c: RequestCategory, options?: { locale?: 'zh-CN' | 'en' }): string {
	const names = {
		facility: m.req_cat_facility,
		environment: m.req_cat_environment,
		safety: m.req_cat_safety,
		noise: m.req_cat_noise,
		neighbour: m.req_cat_neighbour,
		property: m.req_cat_property,
		traffic: m.req_cat_traffic,
		other: m.req_cat_other
	} as const;
	return names[c]({}, options);
}

// ---- the resident's evaluation ----

async function saveEvaluation(r: Request, input: unknown) {
	const data = parseInput(EvaluateInput, blanksDropped(filled(input, 'rating'), 'comment'));
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

// ---- lists ----

/** the desk shows the newest 100; the board has the totals */
const DESK_LIMIT = 100;

/**
 * The requests page: handlers get the desk (the committee every request, a grid worker their grid's and
 * those assigned to them); everyone else gets only the requests they reported themselves.
 */
export async function desk(actor: Actor, communityId: number, filter: unknown = {}) {
	const community = await communities.get(communityId);
	const user = requireUser(actor);
	const f = parseInput(DeskInput, blanksDropped(filter, 'status'));
	const committee = hasRole(user, community.id, 'committee');
	const grids = gridsOf(user, community.id);
	const handler = committee || hasRole(user, community.id, 'grid');
	const scope: SQL[] = [eq(table.request.communityId, community.id)];
	if (!committee) {
		const mine: (SQL | undefined)[] = [eq(table.request.reporterId, user.id)];
		if (handler) {
			mine.push(eq(table.request.assigneeId, user.id));
			if (grids.length > 0) mine.push(inArray(table.building.gridId, grids));
		}
		scope.push(or(...mine)!);
	}
	const statusFilter: Record<string, SQL | undefined> = {
		open: inArray(table.request.status, ['new', 'handling']),
		new: eq(table.request.status, 'new'),
		handling: eq(table.request.status, 'handling'),
		closed: eq(table.request.status, 'closed'),
		escalated: eq(table.request.status, 'escalated'),
		overdue: undefined,
		all: undefined
	};
	const where = and(...scope, statusFilter[f.status]);
	const rows = await db
		.select({
			r: table.request,
			buildingName: table.building.name,
			estateName: table.estate.name
		})
		.from(table.request)
		.leftJoin(table.building, eq(table.building.id, table.request.buildingId))
		.leftJoin(table.estate, eq(table.estate.id, table.building.estateId))
		.where(where)
		.orderBy(desc(table.request.reportedAt), desc(table.request.id))
		.limit(f.status === 'overdue' ? 2000 : DESK_LIMIT);
	const [{ total }] =
		f.status === 'overdue'
			? [{ total: 0 }]
			: await db
					.select({ total: count() })
					.from(table.request)
					.leftJoin(table.building, eq(table.building.id, table.request.buildingId))
					.where(where);
	const now = new Date();
	const all = rows
		.map(({ r, buildingName, estateName }) => {
			const times = { reportedAt: r.reportedAt, colour: r.colour, acceptedAt: r.acceptedAt, respondedAt: r.respondedAt, arrivedAt: r.arrivedAt, planAt: r.plannedAt, closedAt: r.closedAt, followedUpAt: r.followedUpAt };
			return {
				id: r.id,
				category: r.category,
				description: r.description.length > 80 ? `${r.description.slice(0, 79)}…` : r.description,
				place: buildingName ? `${estateName} ${buildingName}` : '',
				location: r.location,
				status: r.status,
				colour: r.colour,
				deadline: r.deadline,
				reportedAt: r.reportedAt,
				dispatchedTo: r.dispatchedTo,
				mine: r.reporterId === user.id,
				overdue: isOverdue(times, now)
			};
		})
		.filter((x) => f.status !== 'overdue' || x.overdue);
	const items = all.slice(0, DESK_LIMIT);
	return { community: { id: community.id, name: community.name }, handler, status: f.status, items, total: f.status === 'overdue' ? all.length : total };
}

// ---- escalated topics ----

/** the request a topic came from, for the topic page; `viewable` says whether this actor may open it */
export async function forTopic(actor: Actor, topicId: number) {
	const [r] = await db.select().from(table.request).where(eq(table.request.topicId, topicId));
	if (!r) return null;
	const viewable = actor !== null && (r.reporterId === actor.id || handlerOf(actor, r, await gridOf(db, r.buildingId)));
	return { id: r.id, communityId: r.communityId, viewable };
}

// ---- the monthly board ----

export const currentMonth = () => monthOf(new Date());

async function boardRows(communityIds: number[], month: string) {
	const { start, end } = monthRange(month);
	if (communityIds.length === 0) return [];
	return db
		.select({
			communityId: table.request.communityId,
			category: table.request.category,
			colour: table.request.colour,
			status: table.request.status,
			reportedAt: table.request.reportedAt,
			respondedAt: table.request.respondedAt,
			closedAt: table.request.closedAt,
			rating: table.requestEvaluation.rating
		})
		.from(table.request)
		.leftJoin(table.requestEvaluation, eq(table.requestEvaluation.requestId, table.request.id))
		.where(
			and(
				inArray(table.request.communityId, communityIds),
				lt(table.request.reportedAt, end),
				or(isNull(table.request.closedAt), gte(table.request.closedAt, start))
			)
		);
}

function parseMonth(month: unknown): string {
	return parseInput(v.object({ month: MonthInput }), { month: month ?? '' }).month;
}

/** 公示: one community's month, for any reader of the community or its street admin; no names, no phones */
export async function board(actor: Actor, communityId: number, month: unknown) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	const mo = parseMonth(month);
	const rows = (await boardRows([community.id], mo)) as (BoardRow & { communityId: number })[];
	return { community: { id: community.id, name: community.name }, month: mo, board: monthBoard(rows, mo, REQUEST_CATEGORIES) };
}

/** the street admin's view: every community of their streets side by side for one month */
export async function streetBoard(actor: Actor, month: unknown) {
	const user = requireUser(actor);
	const streets = streetsAdministered(user);
	if (streets.length === 0) throw new ServiceError(403, 'forbidden', m.err_forbidden());
	const mo = parseMonth(month);
	const list = await db
		.select({ id: table.community.id, name: table.community.name, streetName: table.street.name })
		.from(table.community)
		.innerJoin(table.street, eq(table.street.id, table.community.streetId))
		.where(inArray(table.community.streetId, streets))
		.orderBy(asc(table.community.id));
	const rows = (await boardRows(
		list.map((c) => c.id),
		mo
	)) as (BoardRow & { communityId: number })[];
	return {
		month: mo,
		streets: [...new Set(list.map((c) => c.streetName))],
		communities: list.map((c) => ({ id: c.id, name: c.name, board: monthBoard(rows.filter((r) => r.communityId === c.id), mo, REQUEST_CATEGORIES) }))
	};
}

// ---- posters ----


const PosterInput = v.object({
	per: v.optional(v.picklist(['building', 'entrance'] as const, m.err_invalid_input), 'building'),
	estateId: v.optional(id)
});

/** A4 posters, one a sheet, for every building (or entrance) of the community or one estate: the committee prints them */
export async function posters(actor: Actor, communityId: number, input: unknown, origin: string) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	const f = parseInput(PosterInput, blanksDropped(input, 'per', 'estateId'));
	const estates = await db
		.select({ id: table.estate.id, name: table.estate.name })
		.from(table.estate)
		.where(eq(table.estate.communityId, community.id))
		.orderBy(asc(table.estate.name));
	const estateWhere = and(eq(table.building.communityId, community.id), f.estateId ? eq(table.building.estateId, f.estateId) : undefined);
	const targets: { key: string; code: string; title: string }[] = [];
	if (f.per === 'building') {
		const rows = await db
			.select({ id: table.building.id, name: table.building.name, estateName: table.estate.name })
			.from(table.building)
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(estateWhere)
			.orderBy(asc(table.estate.name), asc(table.building.id));
		for (const b of rows) targets.push({ key: `b${b.id}`, code: `b${b.id}`, title: `${b.estateName} ${b.name}` });
	} else {
		const rows = await db
			.select({ id: table.entrance.id, name: table.entrance.name, buildingName: table.building.name, estateName: table.estate.name })
			.from(table.entrance)
			.innerJoin(table.building, eq(table.building.id, table.entrance.buildingId))
			.innerJoin(table.estate, eq(table.estate.id, table.building.estateId))
			.where(estateWhere)
			.orderBy(asc(table.estate.name), asc(table.building.id), asc(table.entrance.id));
		for (const e of rows) targets.push({ key: `e${e.id}`, code: `e${e.id}`, title: `${e.estateName} ${e.buildingName} ${e.name}` });
	}
	const sheets = [];
	for (const t of targets) {
		const url = `${origin}/r/${t.code}`;
		sheets.push({ ...t, url, qr: await qrSvg(url, 2) });
	}
	return { community: { id: community.id, name: community.name }, per: f.per, estateId: f.estateId ?? null, estates, sheets };
}
