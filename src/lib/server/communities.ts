import { asc, eq, sql } from 'drizzle-orm';
import { getRequestEvent } from '$app/server';
import { m } from '$lib/paraglide/messages';
import { db } from './db';
import * as table from './db/schema';
import { ServiceError } from './errors';
import { prepared } from './prepared';

export type Community = typeof table.community.$inferSelect;

/**
 * a community by id, 404 when there is none. Within one GET request it is read once: a page's layout, its load and
 * each service call all ask for it (three reads on the topic list). A POST (form action or API write) reads afresh
 * every time, so a page loaded after an action that changed the community sees the change.
 */
export function get(id: number): Promise<Community> {
	const memo = readThisRequest();
	if (!memo) return read(id);
	let row = memo.get(id);
	if (!row) {
		row = read(id);
		memo.set(id, row);
		row.catch(() => memo.delete(id));
	}
	return row;
}

const byId = prepared(() =>
	db
		.select()
		.from(table.community)
		.where(eq(table.community.id, sql.placeholder('id')))
		.prepare('community_by_id')
);

/** communities are never deleted: one known to exist stays so for the life of the process */
const known = new Set<number>();

/** 404 unless the community exists; read once per process (the route guard asks on every form post below /c/[cid]) */
export async function assertExists(id: number): Promise<void> {
	if (known.has(id)) return;
	await read(id);
	known.add(id);
}

async function read(id: number): Promise<Community> {
	const [row] = await byId().execute({ id });
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

const perRequest = new WeakMap<object, Map<number, Promise<Community>>>();

/** the community reads of the GET request being handled; null outside a request (tests, scripts) and for writes */
function readThisRequest(): Map<number, Promise<Community>> | null {
	let event;
	try {
		event = getRequestEvent();
	} catch {
		return null;
	}
	if (event.request.method !== 'GET') return null;
	// keyed by the request: SvelteKit hands each load a copy of the event (its own tracing), so the event object
	// differs between the layout's load and the page's, and a memo keyed by it was never shared
	let memo = perRequest.get(event.request);
	if (!memo) perRequest.set(event.request, (memo = new Map()));
	return memo;
}

/** names only: what a visitor needs to pick their community when registering */
export async function listPublic() {
	return db
		.select({ id: table.community.id, name: table.community.name, street: table.street.name })
		.from(table.community)
		.innerJoin(table.street, eq(table.community.streetId, table.street.id))
		.orderBy(asc(table.community.id));
}
