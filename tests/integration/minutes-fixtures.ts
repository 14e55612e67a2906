/** A session with its agenda and attendance, written straight into the tables, for the minutes and vote tests. */
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import type { ParticipantRole } from '$lib/server/db/schema';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { makeCommunityWithOwners } from './fixtures';

type Place = Awaited<ReturnType<typeof makeCommunityWithOwners>>;

export async function makeTopic(s: Place, title = '双福巷商户燃气管道', status: table.TopicStatus = 'deliberating') {
	const [t] = await db
		.insert(table.topic)
		.values({ communityId: s.community.id, title, description: '11家餐馆要沿居民外墙铺燃气管道', category: 'business', status, proposerId: s.owners[0].user.id })
		.returning();
	return t;
}

export async function makeSession(s: Place, opts: { status?: table.SessionStatus; topicId?: number | null } = {}) {
	const [session] = await db
		.insert(table.deliberationSession)
		.values({
			communityId: s.community.id,
			kind: 'joint',
			title: '双福巷燃气管道三方联席会',
			venueText: '社区议事厅',
			startsAt: new Date('2026-11-20T06:00:00Z'),
			endsAt: new Date('2026-11-20T08:00:00Z'),
			status: opts.status ?? 'in_progress',
			createdById: s.committee.user.id
		})
		.returning();
	const items = await db
		.insert(table.sessionAgendaItem)
		.values([
			{ communityId: s.community.id, sessionId: session.id, position: 1, topicId: opts.topicId ?? null, title: '燃气管道走向', presenter: '王主任' },
			{ communityId: s.community.id, sessionId: session.id, position: 2, title: '施工安排', presenter: '天然气公司' }
		])
		.returning();
	return { session, items };
}

export async function checkIn(s: Place, sessionId: number, who: { userId?: number; invitationId?: number; name: string; role: ParticipantRole; organisation?: string }) {
	const [row] = await db
		.insert(table.sessionAttendance)
		.values({
			communityId: s.community.id,
			sessionId,
			userId: who.userId ?? null,
			invitationId: who.invitationId ?? null,
			name: who.name,
			role: who.role,
			organisation: who.organisation ?? '',
			method: 'committee',
			recordedById: s.committee.user.id
		})
		.returning();
	return row;
}

/** an outside party's invitation with a known token (the table keeps only its SHA-256) */
export async function invite(s: Place, sessionId: number, who: { name: string; role: ParticipantRole; organisation: string }, token: string, expiresAt = new Date(Date.now() + 30 * 86_400_000)) {
	const [row] = await db
		.insert(table.sessionInvitation)
		.values({
			communityId: s.community.id,
			sessionId,
			kind: 'party',
			role: who.role,
			organisation: who.organisation,
			name: who.name,
			tokenHash: encodeHexLowerCase(sha256(new TextEncoder().encode(token))),
			expiresAt,
			createdById: s.committee.user.id
		})
		.returning();
	return row;
}
