/** The session as the minutes see it: who may keep its record, whether it was held, its published versions. */
import { desc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type * as doc from '$lib/domain/minutes';
import { db, type DB, type Tx } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import { ServiceError } from '../errors';
import * as sessions from '../sessions';

/** sessions whose discussion can be recorded and whose minutes can be published */
export const HELD: readonly sessions.Session['status'][] = ['in_progress', 'ended'];

/** the minutes are one Chinese record, whatever the language of the person who writes or reads them */
export const zh = { locale: 'zh-CN' as const };

/** the session for its committee (the secretary keeps the record) */
export async function managed(actor: Actor, sessionId: number) {
	const session = await sessions.loadSession(sessionId);
	const user = requireCommittee(actor, session.communityId);
	return { session, user };
}

export function requireHeld(session: sessions.Session) {
	if (!HELD.includes(session.status)) throw new ServiceError(409, 'session_not_held', m.mins_err_not_held());
}

export const sessionSummary = (s: sessions.Session) => ({
	id: s.id,
	communityId: s.communityId,
	title: s.title,
	kind: s.kind,
	status: s.status,
	startsAt: s.startsAt,
	endsAt: s.endsAt
});

export const parse = (content: string) => JSON.parse(content) as doc.MinutesDoc;

export async function latestVersion(sessionId: number, q: DB | Tx = db) {
	const [row] = await q
		.select()
		.from(table.minutesVersion)
		.where(eq(table.minutesVersion.sessionId, sessionId))
		.orderBy(desc(table.minutesVersion.version))
		.limit(1);
	return row ?? null;
}
