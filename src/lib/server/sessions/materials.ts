/** Materials (会议材料) attached to a session: documents its readers and invitees may download. */
import { and, asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import type { Actor } from '../access';
import * as audit from '../audit';
import * as files from '../files';
import { ServiceError } from '../errors';
import { editable, invalid, readable } from './session';

export async function addMaterial(actor: Actor, sessionId: number, input: { title?: unknown; name: string; bytes: Uint8Array }) {
	const { session, user } = await editable(actor, sessionId);
	const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim() : files.cleanName(input.name);
	if (title.length > 100) throw invalid({ title: m.err_invalid_input() });
	return db.transaction(async (tx) => {
		const file = await files.put(tx, {
			communityId: session.communityId,
			name: input.name,
			bytes: input.bytes,
			uploadedById: user.id,
			accept: 'documents',
			field: 'file'
		});
		const [row] = await tx
			.insert(table.sessionMaterial)
			.values({ communityId: session.communityId, sessionId: session.id, fileId: file.id, title, createdById: user.id })
			.returning();
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.material_add', targetType: 'session', targetId: session.id, detail: { materialId: row.id, title, file: file.name, size: file.size, sha256: file.sha256 } });
		return { ...row, file };
	});
}

export async function removeMaterial(actor: Actor, sessionId: number, materialId: number) {
	const { session, user } = await editable(actor, sessionId);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.delete(table.sessionMaterial)
			.where(and(eq(table.sessionMaterial.id, materialId), eq(table.sessionMaterial.sessionId, session.id)))
			.returning();
		if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
		await tx.delete(table.storedFile).where(eq(table.storedFile.id, row.fileId));
		await audit.record(tx, user, { communityId: session.communityId, action: 'session.material_remove', targetType: 'session', targetId: session.id, detail: { materialId, title: row.title } });
	});
}

export async function materialsOf(sessionId: number) {
	return db
		.select({
			id: table.sessionMaterial.id,
			title: table.sessionMaterial.title,
			name: table.storedFile.name,
			mime: table.storedFile.mime,
			size: table.storedFile.size,
			sha256: table.storedFile.sha256
		})
		.from(table.sessionMaterial)
		.innerJoin(table.storedFile, eq(table.storedFile.id, table.sessionMaterial.fileId))
		.where(eq(table.sessionMaterial.sessionId, sessionId))
		.orderBy(asc(table.sessionMaterial.id));
}

/** a material's file, for a session already authorised (or opened by its invitation link) */
export async function materialFile(sessionId: number, materialId: number) {
	const [row] = await db
		.select({ fileId: table.sessionMaterial.fileId, communityId: table.sessionMaterial.communityId })
		.from(table.sessionMaterial)
		.where(and(eq(table.sessionMaterial.id, materialId), eq(table.sessionMaterial.sessionId, sessionId)));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return files.get(db, row.fileId, row.communityId);
}

/** a material's bytes for whoever may read the session */
export async function material(actor: Actor, sessionId: number, materialId: number) {
	const { session } = await readable(actor, sessionId);
	return materialFile(session.id, materialId);
}
