import { desc, eq } from 'drizzle-orm';
import { db, type DB, type Tx } from './db';
import * as table from './db/schema';
import type { Actor } from './access';
import { requireCommittee } from './access';
import type { Community } from './communities';

export interface AuditEntry {
	communityId: number;
	action: string;
	targetType: string;
	targetId?: number | null;
	detail?: Record<string, unknown>;
}

/** Records one committee action; call inside the same transaction as the action itself. */
export async function record(tx: Tx | DB, actor: Actor, entry: AuditEntry): Promise<void> {
	await tx.insert(table.auditLog).values({
		communityId: entry.communityId,
		actorId: actor?.id ?? null,
		actorName: actor?.name ?? '',
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId ?? null,
		detail: entry.detail ?? {}
	});
}

/** the committee's audit log, newest first */
export async function list(actor: Actor, community: Community, limit = 200) {
	requireCommittee(actor, community.id);
	return db
		.select()
		.from(table.auditLog)
		.where(eq(table.auditLog.communityId, community.id))
		.orderBy(desc(table.auditLog.id))
		.limit(limit);
}
