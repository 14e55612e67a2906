/** The minutes and resolutions JSON API: the same service behind every endpoint, 4xx JSON errors, the OpenAPI document. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SessionUser } from '$lib/server/auth';
import * as sessions from '$lib/server/sessions';
import { shanghaiToday } from '$lib/domain/resolution';
import { makeCommunityWithOwners } from './fixtures';
import { checkIn, invite, makeSession, makeTopic } from './minutes-fixtures';

const { GET: minutesGet, POST: minutesPost } = await import('../../src/routes/api/v1/sessions/[sessionId]/minutes/+server');
const { POST: recordPost } = await import('../../src/routes/api/v1/sessions/[sessionId]/minutes/records/+server');
const { PATCH: recordPatch } = await import('../../src/routes/api/v1/sessions/[sessionId]/minutes/records/[recordId]/+server');
const { GET: draftGet, PUT: draftPut } = await import('../../src/routes/api/v1/sessions/[sessionId]/minutes/draft/+server');
const { GET: versionGet } = await import('../../src/routes/api/v1/sessions/[sessionId]/minutes/versions/[version]/+server');
const { POST: resolutionPost } = await import('../../src/routes/api/v1/sessions/[sessionId]/resolutions/+server');
const { POST: progressPost } = await import('../../src/routes/api/v1/resolutions/[resolutionId]/progress/+server');
const { GET: boardGet } = await import('../../src/routes/api/v1/communities/[communityId]/resolutions/+server');
const { POST: evaluatePost } = await import('../../src/routes/api/v1/topics/[topicId]/evaluations/+server');
const { GET: inviteeGet } = await import('../../src/routes/api/v1/invitations/[token]/minutes/+server');
const { POST: inviteeConfirm } = await import('../../src/routes/api/v1/invitations/[token]/minutes/confirmations/+server');
const { document } = await import('$lib/server/openapi');

type Handler = (event: never) => Promise<Response>;
const call = (h: unknown, user: SessionUser | null, params: Record<string, string>, body?: unknown, method = 'POST') => {
	const request = new Request('http://localhost/api', body === undefined ? {} : { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	return (h as Handler)({ request, url: new URL(request.url), params, locals: { user, session: null } } as never);
};

describe('minutes and resolutions over the JSON API', () => {
	it('records, publishes, corrects, confirms by link, follows a resolution to done and evaluates, with JSON errors on the way', async () => {
		const s = await makeCommunityWithOwners();
		const topic = await makeTopic(s);
		const { session, items } = await makeSession(s, { topicId: topic.id });
		const sid = String(session.id);
		await checkIn(s, session.id, { userId: s.owners[0].user.id, name: '业主0', role: 'resident' });
		const token = sessions.generateToken();
		const inv = await invite(s, session.id, { name: '王工程师', role: 'utility', organisation: '天然气公司' }, token);
		await checkIn(s, session.id, { invitationId: inv.id, name: '王工程师', role: 'utility', organisation: '天然气公司' });

		const bad = await call(recordPost, s.committee.actor, { sessionId: sid }, { agendaItemId: items[0].id, speaker: '' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.fields).toMatchObject({ speaker: '请填写发言人姓名（不超过40字）' });
		expect((await call(recordPost, s.committee.actor, { sessionId: sid }, '{oops')).status).toBe(400);
		expect((await call(recordPost, s.owners[1].actor, { sessionId: sid }, { agendaItemId: items[0].id, speaker: 'x', point: 'y' })).status).toBe(403);
		const rec = await call(recordPost, s.committee.actor, { sessionId: sid }, { agendaItemId: items[0].id, speaker: '王工程师', point: '改走北侧' });
		expect(rec.status).toBe(201);
		const { id: recordId } = await rec.json();

		const res = await call(resolutionPost, s.committee.actor, { sessionId: sid }, { text: '管道改走北侧', responsibleName: '王工程师', deadline: shanghaiToday(), agendaItemId: items[0].id });
		expect(res.status).toBe(201);
		const { id: resolutionId } = await res.json();

		const v1 = await call(minutesPost, s.committee.actor, { sessionId: sid }, {});
		expect(v1.status).toBe(201);
		const first = await v1.json();
		expect(first).toMatchObject({ version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

		expect((await call(recordPatch, s.committee.actor, { sessionId: sid, recordId: String(recordId) }, { speaker: '王工程师', point: '改走北侧，月底完工' }, 'PATCH')).status).toBe(200);
		const noReason = await call(minutesPost, s.committee.actor, { sessionId: sid }, {});
		expect([noReason.status, (await noReason.json()).error.fields.reason]).toEqual([400, '更正已发布的纪要须写明更正原因']);
		expect((await call(minutesPost, s.committee.actor, { sessionId: sid }, { reason: '补记完工时间' })).status).toBe(201);

		const list = await (await call(minutesGet, s.owners[2].actor, { sessionId: sid })).json();
		expect(list.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
		const old = await (await call(versionGet, s.owners[2].actor, { sessionId: sid, version: '1' })).json();
		expect(old.contentHash).toBe(first.contentHash);
		expect(old.document.agenda[0].discussion[0].point).toBe('改走北侧');

		const seen = await call(inviteeGet, null, { token });
		expect(seen.status).toBe(200);
		expect((await seen.json()).latest.version).toBe(2);
		expect((await call(inviteeConfirm, null, { token })).status).toBe(201);
		expect((await call(inviteeConfirm, null, { token })).status).toBe(409);
		const wrong = await call(inviteeGet, null, { token: sessions.generateToken() });
		expect(wrong.status).toBe(404);
		expect(JSON.stringify(await wrong.json())).not.toContain(session.title);

		const done = await call(progressPost, s.committee.actor, { resolutionId: String(resolutionId) }, { note: '已完工', done: true });
		expect([done.status, (await done.json()).topicDone]).toEqual([201, true]);
		const board = await (await call(boardGet, s.owners[1].actor, { communityId: String(s.community.id) })).json();
		expect(board.resolutions[0]).toMatchObject({ status: 'done' });
		expect((await call(evaluatePost, s.owners[1].actor, { topicId: String(topic.id) }, { choice: 'basically' })).status).toBe(201);
		expect((await call(evaluatePost, s.owners[1].actor, { topicId: String(topic.id) }, { choice: 'basically' })).status).toBe(409);

		const other = await makeCommunityWithOwners();
		expect((await call(minutesGet, other.owners[0].actor, { sessionId: sid })).status).toBe(403);
		expect((await call(boardGet, other.owners[0].actor, { communityId: String(s.community.id) })).status).toBe(403);
	});

	it('saves the consultation opinion only from a body that is {opinion}: any other shape is a Chinese 400 and the saved opinion stays', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await makeSession(s);
		const sid = { sessionId: String(session.id) };
		const put = (body: unknown) => call(draftPut, s.committee.actor, sid, body, 'PUT');
		const saved = async () => (await (await call(draftGet, s.committee.actor, sid)).json()).opinion;

		const ok = await put({ opinion: '  同意改走北侧  ' });
		expect(ok.status).toBe(200);
		expect((await ok.json()).opinion).toBe('同意改走北侧');

		const cases: [unknown, Record<string, string>][] = [
			[{}, { opinion: '协商意见须为文字，不超过5000字' }],
			[{ text: '清空了吗' }, { opinion: '协商意见须为文字，不超过5000字', text: '只能保存协商意见（opinion），不接受其他内容' }],
			[{ opinion: 5 }, { opinion: '协商意见须为文字，不超过5000字' }],
			[{ opinion: ['a'] }, { opinion: '协商意见须为文字，不超过5000字' }],
			[{ opinion: 'x'.repeat(5001) }, { opinion: '协商意见须为文字，不超过5000字' }],
			[{ opinion: '好', extra: 1 }, { extra: '只能保存协商意见（opinion），不接受其他内容' }],
			[[], { _: '填写的格式不正确' }],
			[null, { _: '填写的格式不正确' }],
			['"同意"', { _: '填写的格式不正确' }]
		];
		for (const [body, fields] of cases) {
			const res = await put(body);
			const json = await res.json();
			expect([res.status, json.error.message, json.error.fields], JSON.stringify(body)).toEqual([400, '填写的内容有误，请按提示修改', fields]);
		}
		expect(await saved()).toBe('同意改走北侧');
		// publishing takes an object too: a list or null is no body of fields
		for (const body of ['[]', 'null']) expect((await call(minutesPost, s.committee.actor, sid, body)).status, body).toBe(400);
		// a blank opinion is still how the secretary clears it; only the committee may
		expect((await call(draftPut, s.owners[0].actor, sid, { opinion: '' }, 'PUT')).status).toBe(403);
		expect((await put({ opinion: '' })).status).toBe(200);
		expect(await saved()).toBe('');
	});

	it('every minutes and resolutions endpoint is in the OpenAPI document with its methods', () => {
		const doc = document() as { paths: Record<string, Record<string, unknown>> };
		const root = path.resolve('src/routes/api/v1');
		const mine = ['sessions/[sessionId]/minutes', 'sessions/[sessionId]/resolutions', 'resolutions', 'communities/[communityId]/resolutions', 'topics/[topicId]/evaluations', 'invitations/[token]/minutes'];
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const e of readdirSync(dir)) {
				const full = path.join(dir, e);
				if (statSync(full).isDirectory()) walk(full);
				else if (e === '+server.ts') files.push(full);
			}
		};
		for (const d of mine) walk(path.join(root, d));
		expect(files.length).toBeGreaterThanOrEqual(12);
		for (const f of files) {
			const route = '/' + path.relative(root, path.dirname(f)).replace(/\[(\w+)\]/g, '{$1}');
			const src = readFileSync(f, 'utf8');
			const methods = [...src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)/g)].map((x) => x[1].toLowerCase());
			for (const method of methods) expect(doc.paths[route]?.[method], `${method} ${route}`).toBeTruthy();
		}
	});
});
