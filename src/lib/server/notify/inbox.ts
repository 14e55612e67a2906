/** Reading one's own inbox: newest first, fifty at a time, and marking items read. Nobody reads another's. */
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { db, hot } from '../db';
import * as table from '../db/schema';
import { requireUser, type Actor } from '../access';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { render } from './render';

export const PAGE_SIZE = 50;
/** the header shows at most this many, then "99+" */
export const UNREAD_CAP = 99;

export const ListInput = v.object({
	before: v.optional(
		v.pipe(
			v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,9}$/), v.transform(Number))], m.inbox_err_before),
			v.number(),
			v.integer(m.inbox_err_before),
			v.minValue(1, m.inbox_err_before)
		)
	)
});

export type InboxItem = Awaited<ReturnType<typeof list>>['items'][number];

const i = table.inboxItem;

function shown(row: typeof i.$inferSelect) {
	const { title, body } = render(row.kind, row.params);
	return { id: row.id, kind: row.kind, title, body, link: row.link, createdAt: row.createdAt, readAt: row.readAt };
}

/**
 * The signed-in person's unread count (up to UNREAD_CAP + 1, enough to show "99+") for the header of every page:
 * one prepared statement on the partial index of unread items.
 */
export async function unreadCount(userId: number): Promise<number> {
	const [row] = await hot<{ n: number }>(
		'select count(*)::int as n from (select 1 from inbox_item where user_id = $1::int and read_at is null limit $2::int) u',
		[userId, UNREAD_CAP + 1]
	);
	return Number(row?.n ?? 0);
}

const unread = async (userId: number) => {
	const [{ n }] = await db
		.select({ n: sql<number>`count(*)::int`.mapWith(Number) })
		.from(i)
		.where(and(eq(i.userId, userId), isNull(i.readAt)));
	return n;
};

/** fifty items, newest first; `before` (an item id) gives the fifty before it */
export async function list(actor: Actor, input: unknown = {}) {
	const user = requireUser(actor);
	const { before } = parseInput(ListInput, input);
	const rows = await db
		.select()
		.from(i)
		.where(and(eq(i.userId, user.id), before ? lt(i.id, before) : undefined))
		.orderBy(desc(i.id))
		.limit(PAGE_SIZE + 1);
	return { unread: await unread(user.id), items: rows.slice(0, PAGE_SIZE).map(shown), more: rows.length > PAGE_SIZE };
}

/** marks one of one's own items read (again: no change); anyone else's is not found */
export async function markRead(actor: Actor, itemId: number) {
	const user = requireUser(actor);
	const [row] = await db
		.update(i)
		.set({ readAt: sql`coalesce(${i.readAt}, now())` })
		.where(and(eq(i.id, itemId), eq(i.userId, user.id)))
		.returning();
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return { item: shown(row), unread: await unread(user.id) };
}

/** marks every unread item of one's own read */
export async function markAllRead(actor: Actor) {
	const user = requireUser(actor);
	const done = await db
		.update(i)
		.set({ readAt: sql`now()` })
		.where(and(eq(i.userId, user.id), isNull(i.readAt)))
		.returning({ id: i.id });
	return { marked: done.length };
}
