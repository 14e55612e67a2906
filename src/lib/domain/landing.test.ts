import { describe, expect, it } from 'vitest';
import type { MembershipStatus, Role } from '$lib/server/db/schema';
import { workOf } from './landing';

const ms = (role: Role, communityId: number | null, status: MembershipStatus = 'verified', streetId: number | null = null) => ({ role, status, communityId, streetId });

describe('where a person lands after signing in', () => {
	it.each([
		['a resident, on the notice board', [ms('resident', 1)], '/c/1'],
		['an owner, on the notice board', [ms('owner', 2)], '/c/2'],
		['a committee member, on the desk', [ms('committee', 1)], '/c/1/committee'],
		['a grid worker, on the request queue', [ms('grid', 1)], '/c/1/requests'],
		['a cadre, on the ratings', [ms('cadre', 1)], '/c/1/ratings'],
		['a street admin, on the street view', [ms('street_admin', null, 'verified', 7)], '/street/requests'],
		['a street admin who also lives in a community, on the street view', [ms('resident', 1), ms('street_admin', null, 'verified', 7)], '/street/requests'],
		['a committee member who is also an owner elsewhere, on the desk', [ms('owner', 2), ms('committee', 1)], '/c/1/committee'],
		['a grid worker who is also a resident, on the queue', [ms('resident', 1), ms('grid', 1)], '/c/1/requests'],
		['a verified owner with a pending registration elsewhere, on her board', [ms('owner', 1), ms('resident', 2, 'pending')], '/c/1']
	] as const)('%s', (_, memberships, href) => {
		expect(workOf(memberships)?.href).toBe(href);
	});

	it.each([
		['nothing verified yet', [ms('resident', 1, 'pending')]],
		['a rejected registration', [ms('resident', 1, 'rejected')]],
		['no memberships', []],
		['residents of two communities choose one first', [ms('resident', 1), ms('owner', 2)]],
		['committee of two communities choose one first', [ms('committee', 1), ms('committee', 2), ms('grid', 1)]]
	] as const)('nowhere in particular: %s', (_, memberships) => {
		expect(workOf(memberships)).toBeNull();
	});

	it('a street admin membership without a street does not count', () => {
		expect(workOf([ms('street_admin', null, 'verified', null), ms('resident', 3)])?.href).toBe('/c/3');
	});
});
