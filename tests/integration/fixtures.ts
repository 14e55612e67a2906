/** Small builders for integration tests: places, people with roles, and their Actor objects. */
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import type { Role } from '$lib/server/db/schema';
import { ServiceError } from '$lib/server/errors';

let seq = 0;
const next = () => ++seq;

export async function makeCommunity(name = `测试社区${next()}`, streetName = `测试街道${next()}`) {
	const [street] = await db.insert(table.street).values({ name: streetName }).returning();
	const [community] = await db.insert(table.community).values({ streetId: street.id, name, secondThreshold: 3 }).returning();
	const [estate] = await db.insert(table.estate).values({ communityId: community.id, name: `${name}小区` }).returning();
	const [building] = await db
		.insert(table.building)
		.values({ communityId: community.id, estateId: estate.id, name: '1栋' })
		.returning();
	const [entrance] = await db
		.insert(table.entrance)
		.values({ communityId: community.id, buildingId: building.id, name: '1单元' })
		.returning();
	const units = await db
		.insert(table.unit)
		.values(
			[101, 102, 201, 202].map((room, i) => ({
				communityId: community.id,
				buildingId: building.id,
				entranceId: entrance.id,
				room: String(room),
				areaDm2: 8000 + i * 1000,
				ownerKey: `O${community.id}-${i}`,
				ownerName: `业主${i}`,
				ownerPhone: `1390000${String(community.id).padStart(2, '0')}${i}${i}`.slice(0, 11)
			}))
		)
		.returning();
	return { street, community, estate, building, entrance, units };
}

const FAST_HASH = await auth.hashPassword('password123');

/** a user with the given verified (or pending) role in a community; returns the user and its Actor */
export async function makeUser(
	opts: { communityId?: number; role?: Role; status?: 'pending' | 'verified'; unitId?: number; streetId?: number; name?: string } = {}
) {
	const n = next();
	const phone = `13${String(100000000 + Math.floor(Math.random() * 800000000) + n).slice(0, 9)}`;
	const [user] = await db
		.insert(table.user)
		.values({ phone, name: opts.name ?? `用户${n}`, passwordHash: FAST_HASH })
		.returning();
	if (opts.role) {
		await db.insert(table.membership).values({
			userId: user.id,
			communityId: opts.role === 'street_admin' ? null : (opts.communityId ?? null),
			streetId: opts.streetId ?? null,
			role: opts.role,
			unitId: opts.unitId ?? null,
			status: opts.status ?? 'verified'
		});
	}
	return { user, password: 'password123', actor: await actorOf(user.id) };
}

/** the Actor a request by this user would carry */
export async function actorOf(userId: number): Promise<auth.SessionUser> {
	const token = auth.generateSessionToken();
	await auth.createSession(token, userId);
	const { user } = await auth.validateSessionToken(token);
	if (!user) throw new Error('no session');
	await db.delete(table.session).where(eq(table.session.id, auth.sessionIdOf(token)));
	return user;
}

/** a community with its committee member (王主任) and one verified owner per unit */
export async function makeCommunityWithOwners() {
	const place = await makeCommunity();
	const committee = await makeUser({ communityId: place.community.id, role: 'committee', name: '王主任' });
	const owners = [];
	for (const u of place.units) owners.push(await makeUser({ communityId: place.community.id, role: 'owner', unitId: u.id }));
	return { ...place, committee, owners };
}

/** the ServiceError a call is refused with; fails the test when the call succeeds or fails otherwise */
export async function refusal(p: Promise<unknown>): Promise<ServiceError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a refusal, but the call succeeded');
}

/** registers through both steps, reading the code from the SMS outbox as the person would from their phone */
export async function register(input: Record<string, unknown>, address = `10.200.${next() % 250}.${next() % 250}`) {
	const { codeSentTo } = await import('../support/sms-outbox');
	const people = await import('$lib/server/people');
	const sent = await people.startRegistration(input, address);
	return people.finishRegistration({ ticket: sent.ticket, code: codeSentTo(String(input.phone)) });
}
