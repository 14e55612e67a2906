/**
 * Topic lists: one community's topics 20 a page with filters (each combination of filters one prepared
 * statement), the notice board (公示栏), and the committee's topics awaiting screening.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { IN_PROGRESS } from '$lib/domain/topic-status';
import { db } from '../db';
import * as table from '../db/schema';
import { TOPIC_STATUSES, type TopicStatus } from '../db/schema';
import { requireCommittee, requireReader, type Actor } from '../access';
import * as communities from '../communities';
import { prepared } from '../prepared';
import { dropBlank, parseInput } from '../http/validate';
import { ListInput } from './input';
import { canPropose, fromJson, isCommittee } from './records';

export const PAGE_SIZE = 20;

/** the columns every topic list shows; `seconded` is whether this user has seconded it */
function listColumns(userId: number | Placeholder<'userId'>) {
	return {
		id: table.topic.id,
		title: table.topic.title,
		status: table.topic.status,
		category: table.topic.category,
		scope: table.topic.scope,
		estateName: table.estate.name,
		buildingName: table.building.name,
		secondCount: table.topic.secondCount,
		flaggedAt: table.topic.flaggedAt,
		createdAt: table.topic.createdAt,
		updatedAt: table.topic.updatedAt,
		proposerName: table.user.name,
		seconded: sql<boolean>`exists (select 1 from ${table.topicSecond} where ${table.topicSecond.topicId} = ${table.topic.id} and ${table.topicSecond.userId} = ${userId})`
	};
}

function listQuery(userId: number, where: SQL | undefined) {
	return db
		.select(listColumns(userId))
		.from(table.topic)
		.innerJoin(table.user, eq(table.user.id, table.topic.proposerId))
		.leftJoin(table.estate, eq(table.estate.id, table.topic.estateId))
		.leftJoin(table.building, eq(table.building.id, table.topic.buildingId))
		.where(where);
}

export type TopicListItem = Awaited<ReturnType<typeof listQuery>>[number];

/** a LIKE pattern matching `q` literally anywhere: %, _ and \ in what was typed are not wildcards */
export function containsPattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** the conditions of a topic list with the filters named in `key`; the values are filled in when the statement runs */
function listWhere(key: string) {
	const p = sql.placeholder;
	return and(
		eq(table.topic.communityId, p('communityId')),
		key.includes('s') ? eq(table.topic.status, p('status')) : undefined,
		key.includes('e') ? eq(table.topic.estateId, p('estateId')) : undefined,
		key.includes('c') ? eq(table.topic.category, p('category')) : undefined,
		key.includes('q') ? or(ilike(table.topic.title, p('pattern')), ilike(table.topic.description, p('pattern'))) : undefined
	);
}

/** with `E` in the key: the community's estates, for the list page's filter, as JSON */
function estatesColumn(key: string) {
	return key.includes('E')
		? sql<unknown>`(select coalesce(json_agg(json_build_object('id', ${table.estate.id}, 'name', ${table.estate.name}) order by ${table.estate.id}), '[]')
			from ${table.estate} where ${table.estate.communityId} = ${sql.placeholder('communityId')})`
		: sql<unknown>`null`;
}

/** one page of a topic list and, in the same statement, the number of all the topics it matches */
function listPageQuery(key: string) {
	const where = listWhere(key);
	return db
		.select({
			item: listColumns(sql.placeholder('userId')),
			total: sql<number>`(select cast(count(*) as integer) from ${table.topic} where ${where})`,
			estates: estatesColumn(key)
		})
		.from(table.topic)
		.innerJoin(table.user, eq(table.user.id, table.topic.proposerId))
		.leftJoin(table.estate, eq(table.estate.id, table.topic.estateId))
		.leftJoin(table.building, eq(table.building.id, table.topic.buildingId))
		.where(where)
		.orderBy(desc(table.topic.createdAt), desc(table.topic.id))
		.limit(sql.placeholder('limit'))
		.offset(sql.placeholder('offset'))
		.prepare(`topic_list_${key}`);
}

function listCountQuery(key: string) {
	return db
		.select({ total: count(), estates: estatesColumn(key) })
		.from(table.topic)
		.where(listWhere(key))
		.prepare(`topic_count_${key}`);
}

const listStatements = new Map<string, { page: () => ReturnType<typeof listPageQuery>; count: () => ReturnType<typeof listCountQuery> }>();

/** one community's topics, newest first, 20 a page, filtered by status, estate, category and words in title or description */
export async function list(actor: Actor, communityId: number, filter: unknown = {}) {
	return (await listing(actor, communityId, filter, false)).list;
}

/** list(), and the community's estates for its filter (read in the same statement) */
export async function listWithEstates(actor: Actor, communityId: number, filter: unknown = {}) {
	const { list, estates } = await listing(actor, communityId, filter, true);
	return { ...list, estates: fromJson<{ id: number; name: string }[]>(estates) };
}

async function listing(actor: Actor, communityId: number, filter: unknown, withEstates: boolean) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const f = parseInput(ListInput, dropBlank(filter, 'status', 'estateId', 'category', 'q', 'page'));
	// one prepared statement for each combination of filters given
	const key = `${f.status ? 's' : ''}${f.estateId ? 'e' : ''}${f.category ? 'c' : ''}${f.q ? 'q' : ''}${withEstates ? 'E' : ''}`;
	let statements = listStatements.get(key);
	if (!statements) {
		statements = { page: prepared(() => listPageQuery(key)), count: prepared(() => listCountQuery(key)) };
		listStatements.set(key, statements);
	}
	const values = {
		communityId: community.id,
		status: f.status,
		estateId: f.estateId,
		category: f.category,
		pattern: f.q ? containsPattern(f.q) : undefined,
		userId: user.id,
		limit: PAGE_SIZE,
		offset: (f.page - 1) * PAGE_SIZE
	};
	const rows = await statements.page().execute(values);
	const items = rows.map((r) => r.item);
	// past the last page no row carries the number of matching topics (nor the estates)
	const { total, estates } = rows.length > 0 ? rows[0] : (await statements.count().execute(values))[0];
	const list = {
		community,
		filter: { status: f.status ?? null, estateId: f.estateId ?? null, category: f.category ?? null, q: f.q },
		items,
		total,
		page: f.page,
		pageSize: PAGE_SIZE,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE))
	};
	return { list, estates };
}

/** 公示栏: counts per status, the open topics and those in progress */
export async function home(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireReader(actor, community);
	const mine = eq(table.topic.communityId, community.id);

	// the counts (with the flagged ones among those collecting) and the three lists at once, not one after another
	const [rows, open, inProgress, done] = await Promise.all([
		db
			.select({ status: table.topic.status, n: count(), flagged: sql<number>`count(*) filter (where ${table.topic.flaggedAt} is not null)`.mapWith(Number) })
			.from(table.topic)
			.where(mine)
			.groupBy(table.topic.status),
		listQuery(user.id, and(mine, eq(table.topic.status, 'collecting')))
			.orderBy(desc(table.topic.createdAt), desc(table.topic.id))
			.limit(10),
		listQuery(user.id, and(mine, inArray(table.topic.status, [...IN_PROGRESS])))
			.orderBy(desc(table.topic.updatedAt), desc(table.topic.id))
			.limit(10),
		listQuery(user.id, and(mine, eq(table.topic.status, 'done')))
			.orderBy(desc(table.topic.updatedAt), desc(table.topic.id))
			.limit(5)
	]);
	const counts = Object.fromEntries(TOPIC_STATUSES.map((s) => [s, 0])) as Record<TopicStatus, number>;
	for (const r of rows) counts[r.status] = r.n;
	const flagged = rows.find((r) => r.status === 'collecting')?.flagged ?? 0;

	return {
		community: { id: community.id, name: community.name, secondThreshold: community.secondThreshold },
		counts,
		total: Object.values(counts).reduce((a, b) => a + b, 0),
		flagged,
		open,
		inProgress,
		done,
		canPropose: canPropose(user, community.id),
		isCommittee: isCommittee(user, community.id)
	};
}

/** for the committee desk: topics that reached the threshold and still await screening, oldest first */
export async function awaitingScreening(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	return listQuery(
		user.id,
		and(eq(table.topic.communityId, community.id), eq(table.topic.status, 'collecting'), isNotNull(table.topic.flaggedAt))
	).orderBy(asc(table.topic.flaggedAt), asc(table.topic.id));
}

