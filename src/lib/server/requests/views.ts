/**
 * Reading requests back: one request for its reporter or a handler (contact details go to nobody else), the
 * tracking page, photos, the desk's list, and the request a topic came from.
 */
import { and, asc, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { locationBeyond } from '$lib/labels/places';
import { clockStatus, isOverdue } from '$lib/domain/request-clock';
import { db } from '../db';
import * as table from '../db/schema';
import { hasRole, requireUser, type Actor } from '../access';
import * as communities from '../communities';
import * as files from '../files';
import { ServiceError } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { DeskInput } from './input';
import { byToken, findRequest, gridOf, gridsOf, handlerOf, requireViewer, type Request, type Viewer } from './records';

export type { Viewer };

// ---- one request ----

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
	const where = place ? [place.estateName, place.buildingName, entrance?.name].filter(Boolean).join(' ') : '';
	return {
		id: r.id,
		communityId: r.communityId,
		category: r.category,
		description: r.description,
		// what the typed location adds to the place, so the place is not said twice
		location: locationBeyond(where, r.location),
		place: where,
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
	const { user, viewer } = await requireViewer(db, actor, r);
	return detail(r, viewer, user);
}

/** the tracking page: whoever holds the link is the reporter */
/** what the reporter sees of their request without its link (found by phone and code): no photos, which need the link */
export async function forReporter(r: Request) {
	const community = await communities.get(r.communityId);
	return { ...(await detail(r, 'reporter', null)), photos: [] as number[], communityName: community.name };
}

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
		// who may read the request may see its photos: the check only, not the whole request page
		await requireViewer(db, actor, await findRequest(db, p.requestId));
	}
	return files.get(db, p.fileId, p.communityId);
}

// ---- the desk ----

/** the desk shows the newest 100; the board has the totals */
const DESK_LIMIT = 100;

/**
 * The requests page: handlers get the desk (the committee every request, a grid worker their grid's and
 * those assigned to them); everyone else gets only the requests they reported themselves.
 */
export async function desk(actor: Actor, communityId: number, filter: unknown = {}) {
	const community = await communities.get(communityId);
	const user = requireUser(actor);
	const f = parseInput(DeskInput, dropBlank(filter, 'status'));
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
			const place = buildingName ? `${estateName} ${buildingName}` : '';
			return {
				id: r.id,
				category: r.category,
				description: r.description.length > 80 ? `${r.description.slice(0, 79)}…` : r.description,
				place,
				// what the typed location adds to the building: a location that repeats it is not printed twice
				location: locationBeyond(place, r.location),
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

// ---- the topic it became ----

/** the request a topic came from, for the topic page; `viewable` says whether this actor may open it */
export async function forTopic(actor: Actor, topicId: number) {
	const [r] = await db.select().from(table.request).where(eq(table.request.topicId, topicId));
	if (!r) return null;
	const viewable = actor !== null && (r.reporterId === actor.id || handlerOf(actor, r, await gridOf(db, r.buildingId)));
	return { id: r.id, communityId: r.communityId, viewable };
}
