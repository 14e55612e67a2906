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

	it('locks a phone after five failed sign-ins within the window', async () => {
		const key = 'phone:13800000000';
		for (let i = 0; i < 4; i++) await auth.recordFailure(key, auth.THROTTLE_LIMITS.phone);
		expect(await auth.lockedMinutes(key)).toBe(0);
		await auth.recordFailure(key, auth.THROTTLE_LIMITS.phone);
		expect(await auth.lockedMinutes(key)).toBe(15);
	});
});
