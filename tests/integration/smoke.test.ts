import { describe, expect, it } from 'vitest';
import * as auth from '$lib/server/auth';
import { makeCommunity, makeUser } from './fixtures';

describe('sessions', () => {
	it('a valid token yields the user with their verified role, a random token yields nobody', async () => {
		const { community } = await makeCommunity();
		const { user } = await makeUser({ communityId: community.id, role: 'resident' });
		const token = auth.generateSessionToken();
		await auth.createSession(token, user.id);
		const ok = await auth.validateSessionToken(token);
		expect(ok.user?.id).toBe(user.id);
		expect(ok.user?.memberships.map((ms) => [ms.communityId, ms.role, ms.status])).toEqual([[community.id, 'resident', 'verified']]);
		const none = await auth.validateSessionToken(auth.generateSessionToken());
		expect(none.user).toBeNull();
	});

	it('locks a key after five failures for a minute, doubling with each further failure up to 15 minutes', async () => {
		const key = 'pair:13800000000:10.0.0.1';
		for (let i = 0; i < 4; i++) await auth.recordFailure(key, auth.THROTTLE.pair);
		expect(await auth.lockedMinutes(key)).toBe(0);
		const waits: number[] = [];
		for (let i = 0; i < 6; i++) {
			await auth.recordFailure(key, auth.THROTTLE.pair);
			waits.push(await auth.lockedMinutes(key));
		}
		expect(waits).toEqual([1, 2, 4, 8, 15, 15]);
	});
});
