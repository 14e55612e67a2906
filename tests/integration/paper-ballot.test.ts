/**
 * The paper ballot that checks its own session (votes.recordPaperBallot, used by the production server's fast
 * lane): it records only what the step-by-step path would, and otherwise leaves nothing behind so that path can
 * answer. And the lane itself: what it takes, what it hands on to SvelteKit, and the headers of its answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as auth from '$lib/server/auth';
import * as votes from '$lib/server/votes';
import { fastLane } from '$lib/server/votes/fast-lane';
import { SECURITY_HEADERS } from '$lib/server/http/headers';
import { makeCommunity, makeUser, makeCommunityWithOwners } from './fixtures';

const DAY = 24 * 60 * 60 * 1000;

async function sessionOf(userId: number, expiresInMs = 30 * DAY) {
	const token = auth.generateSessionToken();
	await auth.createSession(token, userId);
	await db
		.update(table.session)
		.set({ expiresAt: new Date(Date.now() + expiresInMs) })
		.where(eq(table.session.id, auth.sessionIdOf(token)));
	return auth.sessionIdOf(token);
}

async function openVote() {
	const s = await makeCommunityWithOwners();
	const { id } = await votes.create(s.committee.actor, s.community.id, { title: '使用维修资金', kind: 'binding', matter: 'use_fund' });
	await votes.open(s.committee.actor, id);
	return { s, voteId: id };
}

const ballotsOf = (voteId: number) => db.select().from(table.voteBallot).where(eq(table.voteBallot.voteId, voteId));
const auditOf = (voteId: number) =>
	db
		.select()
		.from(table.auditLog)
		.where(and(eq(table.auditLog.targetId, voteId), eq(table.auditLog.action, 'vote.ballot_recorded')));

describe('a paper ballot with its session checked in the same statement', () => {
	it('records the ballot for the unit’s owner with the recorder and an audit entry naming them', async () => {
		const { s, voteId } = await openVote();
		const sid = await sessionOf(s.committee.user.id);
		const done = await votes.recordPaperBallot(sid, voteId, { unitId: s.units[1].id, choice: 'no', method: 'paper' }, auth.noRenewalBefore());
		expect(done).toMatchObject({ changed: false });
		const [ballot] = await ballotsOf(voteId);
		expect(ballot).toMatchObject({ unitId: s.units[1].id, choice: 'no', method: 'paper', recordedById: s.committee.user.id, voterId: null });
		const [entry] = await auditOf(voteId);
		expect(entry).toMatchObject({ actorId: s.committee.user.id, actorName: s.committee.user.name, communityId: s.community.id });
		expect(entry.detail).toEqual({ unitId: s.units[1].id, method: 'paper', choice: 'no' });
		expect(await votes.result(s.committee.actor, voteId)).toMatchObject({ no: { heads: 1 } });
	});

	it('records nothing for an unknown, expired or soon-renewed session, a resident, another community’s committee, a unit off the roll or another shape of ballot', async () => {
		const { s, voteId } = await openVote();
		const other = await makeUser({ communityId: (await makeCommunity()).community.id, role: 'committee' });
		const paper = { unitId: s.units[0].id, choice: 'yes', method: 'paper' };
		const cases: [string, string, unknown][] = [
			['unknown session', auth.sessionIdOf('no-such-token'), paper],
			['expired session', await sessionOf(s.committee.user.id, -DAY), paper],
			// due for its sliding renewal: the ordinary path renews it and records the ballot
			['session due for renewal', await sessionOf(s.committee.user.id, 2 * DAY), paper],
			['a resident (owner) of the community', await sessionOf(s.owners[0].user.id), paper],
			['committee of another community', await sessionOf(other.user.id), paper],
			['unit of another community', await sessionOf(s.committee.user.id), { ...paper, unitId: 999_999 }],
			['online ballot', await sessionOf(s.committee.user.id), { choice: 'yes' }],
			['no choice', await sessionOf(s.committee.user.id), { unitId: s.units[0].id, method: 'paper' }],
			['not an object', await sessionOf(s.committee.user.id), 'yes']
		];
		for (const [what, sid, input] of cases) {
			expect(await votes.recordPaperBallot(sid, voteId, input, auth.noRenewalBefore()), what).toBeNull();
		}
		expect(await ballotsOf(voteId)).toHaveLength(0);
		expect(await auditOf(voteId)).toHaveLength(0);
	});

	it('a unit sold after the vote opened is left to the step-by-step path, which records it for the owner on the frozen roll', async () => {
		const { s, voteId } = await openVote();
		const unit = s.units[1];
		const [before] = await db.select().from(table.voteRoll).where(and(eq(table.voteRoll.voteId, voteId), eq(table.voteRoll.headKey, `o:${unit.ownerKey}`)));
		expect(before.unitIds).toContain(unit.id);
		await db.update(table.unit).set({ ownerKey: 'new-owner-after-opening' }).where(eq(table.unit.id, unit.id));
		const sid = await sessionOf(s.committee.user.id);
		const paper = { unitId: unit.id, choice: 'yes', method: 'paper' };
		expect(await votes.recordPaperBallot(sid, voteId, paper, auth.noRenewalBefore())).toBeNull();
		await votes.cast(s.committee.actor, voteId, paper);
		const [ballot] = await ballotsOf(voteId);
		expect(ballot).toMatchObject({ unitId: unit.id, headKey: `o:${unit.ownerKey}`, recordedById: s.committee.user.id });
	});

	it('records nothing once the vote is closed, and refuses a second ballot for the same owner with 409', async () => {
		const { s, voteId } = await openVote();
		const sid = await sessionOf(s.committee.user.id);
		const paper = { unitId: s.units[2].id, choice: 'yes', method: 'paper' };
		expect(await votes.recordPaperBallot(sid, voteId, paper, auth.noRenewalBefore())).not.toBeNull();
		await expect(votes.recordPaperBallot(sid, voteId, paper, auth.noRenewalBefore())).rejects.toMatchObject({ status: 409 });
		await votes.close(s.committee.actor, voteId, { objectionDays: 0 });
		expect(await votes.recordPaperBallot(sid, voteId, { ...paper, unitId: s.units[3].id }, auth.noRenewalBefore())).toBeNull();
		expect(await ballotsOf(voteId)).toHaveLength(1);
		expect(await auditOf(voteId)).toHaveLength(1);
	});
});

/** the lane in front of a stand-in for SvelteKit, which answers 299 with the body it was handed */
async function laneServer() {
	const server = http.createServer((req, res) =>
		fastLane(req, res, (again) => {
			const chunks: Buffer[] = [];
			again.on('data', (c: Buffer) => chunks.push(c));
			again.on('end', () => res.writeHead(299, { 'content-type': 'text/plain' }).end(Buffer.concat(chunks)));
		})
	);
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { base, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describe('the fast lane', () => {
	const origin = process.env.ORIGIN;
	afterEach(() => {
		if (origin === undefined) delete process.env.ORIGIN;
		else process.env.ORIGIN = origin;
	});

	it('takes a JSON paper ballot with a Bearer token and answers with the site’s security headers', async () => {
		const { s, voteId } = await openVote();
		const token = auth.generateSessionToken();
		await auth.createSession(token, s.committee.user.id);
		const lane = await laneServer();
		try {
			const res = await fetch(`${lane.base}/api/v1/votes/${voteId}/ballots`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
				body: JSON.stringify({ unitId: s.units[0].id, choice: 'yes', method: 'paper' })
			});
			expect(res.status).toBe(201);
			expect(await res.json()).toEqual({ id: expect.any(Number), changed: false });
			expect(res.headers.get('content-type')).toBe('application/json');
			for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
			expect(await ballotsOf(voteId)).toHaveLength(1);
		} finally {
			await lane.close();
		}
	});

	it('hands a text/plain or form-encoded ballot, and one from another site’s page, to SvelteKit with its body', async () => {
		const { s, voteId } = await openVote();
		const token = auth.generateSessionToken();
		await auth.createSession(token, s.committee.user.id);
		process.env.ORIGIN = 'https://yst.example.cn';
		const lane = await laneServer();
		const json = JSON.stringify({ unitId: s.units[1].id, choice: 'no', method: 'paper' });
		const post = (headers: Record<string, string>, body = json) =>
			fetch(`${lane.base}/api/v1/votes/${voteId}/ballots`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body });
		try {
			const handedOn: [string, Record<string, string>, string?][] = [
				['text/plain', { 'content-type': 'text/plain' }],
				['form-encoded', { 'content-type': 'application/x-www-form-urlencoded' }, `unitId=${s.units[1].id}&choice=no&method=paper`],
				['no content type', {}],
				['another site’s page', { 'content-type': 'application/json', origin: 'https://evil.example' }],
				['this site over plain http', { 'content-type': 'application/json', origin: 'http://yst.example.cn' }]
			];
			for (const [what, headers, body] of handedOn) {
				const res = await post(headers, body);
				expect(res.status, what).toBe(299);
				expect(await res.text(), what).toBe(body ?? json);
			}
			expect(await ballotsOf(voteId)).toHaveLength(0);
			// a page of this site itself: the lane takes it
			const own = await post({ 'content-type': 'application/json', origin: 'https://yst.example.cn' });
			expect(own.status).toBe(201);
			expect(await ballotsOf(voteId)).toHaveLength(1);
		} finally {
			await lane.close();
		}
	});
});
