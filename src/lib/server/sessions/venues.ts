/** The community's venues (议事亭, 议事厅, 院坝 …) where sessions are held. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, requireReader, type Actor } from '../access';
import * as audit from '../audit';
import * as communities from '../communities';
import { isUniqueViolation } from '../errors';
import { dropBlank, parseInput } from '../http/validate';
import { venueSchema } from './input';
import { invalid, type Q, type Session } from './session';

/** the venues in use, for a community already authorised */
export const venuesOf = (communityId: number) =>
	db
		.select()
		.from(table.venue)
		.where(and(eq(table.venue.communityId, communityId), eq(table.venue.active, true)))
		.orderBy(asc(table.venue.id));

export async function venues(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireReader(actor, community);
	return venuesOf(community.id);
}

export async function createVenue(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const data = parseInput(venueSchema, dropBlank(input));
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(table.venue)
				.values({ communityId: community.id, name: data.name, kind: data.kind, address: data.address })
				.returning();
			await audit.record(tx, user, { communityId: community.id, action: 'venue.create', targetType: 'venue', targetId: row.id, detail: { name: row.name } });
			return row;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw invalid({ name: m.session_err_venue_taken() });
		throw e;
	}
}

/** the venue chosen on a form, which must be the community's own */
export async function checkVenue(q: Q, communityId: number, venueId: number | null | undefined) {
	if (venueId == null) return null;
	const [row] = await q
		.select({ id: table.venue.id })
		.from(table.venue)
		.where(and(eq(table.venue.id, venueId), eq(table.venue.communityId, communityId)));
	if (!row) throw invalid({ venueId: m.session_err_venue() });
	return row.id;
}

export async function venueOf(session: Session) {
	if (!session.venueId) return null;
	const [row] = await db.select().from(table.venue).where(eq(table.venue.id, session.venueId));
	return row ?? null;
}

/** where a session is held, as the session page, its calendar entry and its minutes name it: venue, its address, the note */
export const placeOf = (venue: { name: string; address: string } | null, session: Pick<Session, 'venueText'>) =>
	[venue?.name, venue?.address, session.venueText].filter(Boolean).join(' · ');
