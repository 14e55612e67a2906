import { eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { ServiceError } from '../errors';
import { idParam } from './api';

/** the records a /c/[cid]/… address or form names by id, each with the table that carries its community */
const OWNED = {
	vote: table.vote,
	session: table.deliberationSession,
	record: table.sessionRecord,
	plan: table.plan,
	topic: table.topic,
	comment: table.topicComment,
	request: table.request,
	resolution: table.resolution,
	round: table.ratingRound,
	cadre: table.ratingCadre,
	followUp: table.ratingFollowUp,
	membership: table.membership
} satisfies Record<string, PgTable & { id: AnyPgColumn; communityId: AnyPgColumn }>;

export type Owned = keyof typeof OWNED;

/**
 * The id of a record named under /c/[cid]/… (in the address or in a posted form), once it is known to belong to
 * that community. Every load and form action there asks this before its service call, so a record of another
 * community is not found (404) under this community's address and nothing is read or written through it, whoever
 * asks (the services then check who may read or change it).
 */
export async function inCommunity(params: { cid: string }, kind: Owned, id: string | undefined): Promise<number> {
	const cid = idParam(params.cid);
	const recordId = idParam(id);
	const t = OWNED[kind] as PgTable & { id: AnyPgColumn; communityId: AnyPgColumn };
	const [row] = await db.select({ communityId: t.communityId }).from(t).where(eq(t.id, recordId)).limit(1);
	if (row?.communityId !== cid) throw new ServiceError(404, 'not_found', m.err_not_found());
	return recordId;
}
