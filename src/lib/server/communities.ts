import { asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { db } from './db';
import * as table from './db/schema';
import { ServiceError } from './errors';

export type Community = typeof table.community.$inferSelect;

/** a community by id, 404 when there is none */
export async function get(id: number): Promise<Community> {
	const [row] = await db.select().from(table.community).where(eq(table.community.id, id));
	if (!row) throw new ServiceError(404, 'not_found', m.err_not_found());
	return row;
}

/** names only: what a visitor needs to pick their community when registering */
export async function listPublic() {
	return db
		.select({ id: table.community.id, name: table.community.name, street: table.street.name })
		.from(table.community)
		.innerJoin(table.street, eq(table.community.streetId, table.street.id))
		.orderBy(asc(table.community.id));
}
