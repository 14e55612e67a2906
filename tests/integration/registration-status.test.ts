import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as people from '$lib/server/people';
import { waitingIn } from '$lib/server/registration-status';
import { load as communityLayout } from '../../src/routes/c/[cid]/+layout.server';
import { actorOf, makeCommunityWithOwners, makeUser } from './fixtures';

const membershipOf = async (userId: number, communityId: number) =>
	(await db.select().from(table.membership).where(and(eq(table.membership.userId, userId), eq(table.membership.communityId, communityId))))[0];

describe('what a person whose registration is not verified is told', () => {
	it('a pending registration: the home with its estate, the committee by name, and the service centre once the site knows it', async () => {
		const place = await makeCommunityWithOwners();
		const cid = place.community.id;
		const applicant = await makeUser({ communityId: cid, role: 'resident', status: 'pending', unitId: place.units[2].id });

		const w = await waitingIn(applicant.actor, cid);
		expect(w).toMatchObject({
			status: 'pending',
			communityName: place.community.name,
			role: 'resident',
			unit: `${place.estate.name} 1栋1单元201`,
			reason: null,
			committee: ['王主任'],
			office: null
		});

		await db.insert(table.venue).values([
			{ communityId: cid, name: '社区议事厅', kind: 'hall', address: '中心二楼' },
			{ communityId: cid, name: '社区党群服务中心', kind: 'centre', address: '幸福路1号' }
		]);
		expect((await waitingIn(applicant.actor, cid))?.office).toEqual({ name: '社区党群服务中心', address: '幸福路1号' });
	});

	it('a refused registration carries the committee’s reason', async () => {
		const place = await makeCommunityWithOwners();
		const cid = place.community.id;
		const applicant = await makeUser({ communityId: cid, role: 'resident', status: 'pending' });
		const ms = await membershipOf(applicant.user.id, cid);
		await people.reject(place.committee.actor, ms.id, { reason: '房号与登记不符，请到居委会核对' });
		const w = await waitingIn(await actorOf(applicant.user.id), cid);
		expect(w).toMatchObject({ status: 'rejected', unit: null, reason: '房号与登记不符，请到居委会核对' });
	});

	it('nothing for a verified member, an outsider, or someone signed out', async () => {
		const place = await makeCommunityWithOwners();
		const cid = place.community.id;
		const outsider = await makeUser({ communityId: (await makeCommunityWithOwners()).community.id, role: 'resident', status: 'pending' });
		expect(await waitingIn(place.owners[0].actor, cid)).toBeNull();
		expect(await waitingIn(outsider.actor, cid)).toBeNull();
		expect(await waitingIn(null, cid)).toBeNull();
	});

	it('every community page refuses a pending person with 403 and the explanation; an outsider gets the plain refusal', async () => {
		const place = await makeCommunityWithOwners();
		const cid = place.community.id;
		const applicant = await makeUser({ communityId: cid, role: 'owner', status: 'pending', unitId: place.units[0].id });
		const outsider = await makeUser({ communityId: (await makeCommunityWithOwners()).community.id, role: 'resident' });
		const enter = (user: unknown) =>
			(communityLayout as (e: unknown) => Promise<unknown>)({ locals: { user }, params: { cid: String(cid) }, url: new URL(`http://localhost/c/${cid}/topics/new`) }).then(
				() => null,
				(e: { status: number; body: App.Error }) => e
			);

		const pending = await enter(applicant.actor);
		expect(pending?.status).toBe(403);
		expect(pending?.body).toMatchObject({ code: 'not_verified', waiting: { status: 'pending', role: 'owner', communityName: place.community.name } });

		const refused = await enter(outsider.actor);
		expect(refused?.status).toBe(403);
		expect(refused?.body.waiting).toBeUndefined();
	});
});
