/**
 * A JSON list or null where a set of fields is expected is refused as a whole (400, in the user's language) and
 * nothing is written: not taken as "no fields", which would let an all-optional step (closing a vote, escalating a
 * request) go ahead with its defaults.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { SessionUser } from '$lib/server/auth';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as requests from '$lib/server/requests';
import * as resolutions from '$lib/server/resolutions';
import * as topics from '$lib/server/topics';
import * as votes from '$lib/server/votes';
import { shanghaiToday } from '$lib/time';
import { makeCommunityWithOwners, refusal } from './fixtures';
import { makeSession, makeTopic } from './minutes-fixtures';

const { POST: closePost } = await import('../../src/routes/api/v1/votes/[voteId]/close/+server');
const { POST: requestPost } = await import('../../src/routes/api/v1/requests/[requestId]/[action]/+server');

type Handler = (event: never) => Promise<Response>;
const call = (h: unknown, user: SessionUser | null, params: Record<string, string>, body: string) => {
	const request = new Request('http://localhost/api', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
	return (h as Handler)({ request, url: new URL(request.url), params, locals: { user, session: null } } as never);
};

const NOT_FIELDS = ['[]', 'null'];

describe('bodies that are not a set of fields', async () => {
	const s = await makeCommunityWithOwners();
	const committee = s.committee.actor;

	it('closing a vote takes no list and no null, by the API or the service, and the vote stays open', async () => {
		const { id } = await votes.create(committee, s.community.id, { title: '加装电梯', kind: 'binding', matter: 'rebuild' });
		await votes.open(committee, id);
		for (const body of NOT_FIELDS) {
			const res = await call(closePost, committee, { voteId: String(id) }, body);
			expect([body, res.status]).toEqual([body, 400]);
			expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_input', message: '填写的内容有误，请按提示修改' });
		}
		const e = await refusal(votes.close(committee, id, []));
		expect([e.status, e.code]).toEqual([400, 'invalid_input']);
		const [v] = await db.select({ status: table.vote.status }).from(table.vote).where(eq(table.vote.id, id));
		expect(v.status).toBe('open');
		// an empty body is still "no fields": the notice period set at creation
		expect((await call(closePost, committee, { voteId: String(id) }, '')).status).toBe(200);
	});

	it('escalating a request takes no list and no null, and the request is not escalated', async () => {
		const r = await requests.report(s.owners[0].actor, s.community.id, { category: 'facility', description: '1单元楼道灯不亮，晚上上下楼很危险。', location: '1单元3楼' });
		for (const body of NOT_FIELDS) {
			const res = await call(requestPost, committee, { requestId: String(r.id), action: 'escalate' }, body);
			expect([body, res.status]).toEqual([body, 400]);
		}
		expect((await refusal(requests.escalate(committee, r.id, []))).status).toBe(400);
		const [row] = await db.select({ topicId: table.request.topicId }).from(table.request).where(eq(table.request.id, r.id));
		expect(row.topicId).toBeNull();
	});

	it('every other step refuses a list and null in place of its fields, with nothing written', async () => {
		const topic = await makeTopic(s);
		const { session } = await makeSession(s);
		const res = await resolutions.create(committee, session.id, { text: '改走北侧', responsibleName: '王工程师', deadline: shanghaiToday() });
		const steps: [string, (input: unknown) => Promise<unknown>][] = [
			['topic comment', (x) => topics.comment(s.owners[1].actor, topic.id, x)],
			['topic settings', (x) => topics.updateSettings(committee, s.community.id, x)],
			['resolution progress', (x) => resolutions.addProgress(committee, res.id, x)],
			['resolution update', (x) => resolutions.update(committee, res.id, x)],
			['vote create', (x) => votes.create(committee, s.community.id, x)]
		];
		const before = JSON.stringify(await db.select().from(table.resolution).where(eq(table.resolution.id, res.id)));
		for (const [name, step] of steps) {
			for (const input of [[], null]) {
				const e = await refusal(step(input));
				expect([name, JSON.stringify(input), e.status, e.code]).toEqual([name, JSON.stringify(input), 400, 'invalid_input']);
			}
		}
		expect(JSON.stringify(await db.select().from(table.resolution).where(eq(table.resolution.id, res.id)))).toBe(before);
		expect(await db.select().from(table.topicComment).where(eq(table.topicComment.topicId, topic.id))).toEqual([]);
	});
});
