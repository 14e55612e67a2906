/**
 * Text that is not well-formed Unicode (a lone surrogate sent as a JSON escape) or holds a NUL character cannot be
 * stored (PGlite refuses it with "invalid byte sequence"): it is a Chinese 400 beside the field, never a 500, and
 * nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { SessionUser } from '$lib/server/auth';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as topics from '$lib/server/topics';
import { makeCommunityWithOwners } from './fixtures';

const { POST: proposePost } = await import('../../src/routes/api/v1/communities/[communityId]/topics/+server');

type Handler = (event: never) => Promise<Response>;
const call = (h: unknown, user: SessionUser | null, params: Record<string, string>, body: string) => {
	const request = new Request('http://localhost/api', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
	return (h as Handler)({ request, url: new URL(request.url), params, locals: { user, session: null } } as never);
};

describe('text the database cannot store', async () => {
	const s = await makeCommunityWithOwners();
	const resident = s.owners[0].actor;
	const topicCount = async () => (await db.select({ n: count() }).from(table.topic).where(eq(table.topic.communityId, s.community.id)))[0].n;

	it.each([
		['two lone surrogates in the description', '{"title":"路灯坏了","description":"灯 \\ud800 不亮 \\udfff","category":"facility"}', 'description'],
		['a lone high surrogate in the title', '{"title":"路灯\\ud83d","description":"灯不亮","category":"facility"}', 'title'],
		['a NUL character in the description', '{"title":"路灯坏了","description":"灯\\u0000不亮","category":"facility"}', 'description'],
		['a lone surrogate as a field name', '{"title":"路灯坏了","description":"灯不亮","category":"facility","\\udc00":"x"}', '_']
	])('%s is a Chinese 400 beside the field and writes nothing', async (_name, body, field) => {
		const before = await topicCount();
		const res = await call(proposePost, resident, { communityId: String(s.community.id) }, body);
		expect(res.status).toBe(400);
		const { error } = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
		expect(error.code).toBe('invalid_input');
		expect(error.fields[field]).toBe('含有无法识别的字符，请删除后重新输入');
		expect(await topicCount()).toBe(before);
	});

	it('the service refuses it too, and well-formed text with emoji and rare characters goes in', async () => {
		await expect(topics.propose(resident, s.community.id, { title: '路灯', description: 'a\ud800b', category: 'facility' })).rejects.toMatchObject({
			status: 400,
			fields: { description: '含有无法识别的字符，请删除后重新输入' }
		});
		const ok = await topics.propose(resident, s.community.id, { title: '路灯坏了 💡', description: '𠮷野家门口的灯不亮', category: 'facility' });
		expect(ok.id).toBeGreaterThan(0);
	});
});
