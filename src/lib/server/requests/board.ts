/**
 * 公示: the monthly board of one community, and the street admin's boards of every community of their streets.
 * Totals only: no names, no phones.
 */
import { and, asc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { monthBoard, monthOf, monthRange, type BoardRow } from '$lib/domain/request-board';
import { db } from '../db';
import * as table from '../db/schema';
import { REQUEST_CATEGORIES } from '../db/schema';
import { requireReader, requireUser, streetsAdministered, type Actor } from '../access';
import * as communities from '../communities';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';
import { publicCommunity } from '../publicity';
import { MonthInput } from './input';

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
	return boardOf(community, month);
}

/** the same month for anyone with the link, when the committee has made the board public */
export async function publicBoard(communityId: number, month: unknown) {
	return boardOf(await publicCommunity(communityId, 'board'), month);
}

async function boardOf(community: communities.Community, month: unknown) {
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
