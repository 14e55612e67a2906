/**
 * The minutes and resolutions pages: each load refuses another community's people (403) and an address whose
 * community and session do not belong together (404); the forms keep what was typed when refused.
 */
import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import * as minutes from '$lib/server/minutes';
import * as resolutions from '$lib/server/resolutions';
import { shanghaiToday } from '$lib/domain/resolution';
import { makeCommunityWithOwners } from './fixtures';
import { checkIn, makeSession, makeTopic } from './minutes-fixtures';
import { sessionReads, statementsDuring } from './statements';

type Handler = (event: never) => Promise<unknown>;

async function statusOf(p: Promise<unknown>): Promise<number> {
	try {
		await p;
		return 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

const event = (user: unknown, params: Record<string, string>, path: string, form?: Record<string, string>) => {
	const url = new URL(`http://localhost${path}`);
	const body = form ? new URLSearchParams(form) : undefined;
	return {
		locals: { user },
		params,
		url,
		request: new Request(url, body ? { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
		setHeaders: () => {}
	} as never;
};

describe('minutes and resolutions pages', async () => {
	const record = await import('../../src/routes/c/[cid]/sessions/[sid]/record/+page.server');
	const published = await import('../../src/routes/c/[cid]/sessions/[sid]/minutes/+page.server');
	const notice = await import('../../src/routes/c/[cid]/sessions/[sid]/minutes/notice/+page.server');
	const board = await import('../../src/routes/c/[cid]/resolutions/+page.server');
	const detail = await import('../../src/routes/c/[cid]/resolutions/[rid]/+page.server');

	it('another community gets 403 on every page, a mismatched address 404, and the owners’ community reads them', async () => {
		const s = await makeCommunityWithOwners();
		const topic = await makeTopic(s);
		const { session } = await makeSession(s, { topicId: topic.id });
		const r = await resolutions.create(s.committee.actor, session.id, { text: '改走北侧', responsibleName: '王工程师', deadline: shanghaiToday() });
		await minutes.publish(s.committee.actor, session.id, {});
		const other = await makeCommunityWithOwners();
		const cid = String(s.community.id);
		const sid = String(session.id);
		const loads: [string, Handler, Record<string, string>, string][] = [
			['record', record.load as unknown as Handler, { cid, sid }, `/c/${cid}/sessions/${sid}/record`],
			['minutes', published.load as unknown as Handler, { cid, sid }, `/c/${cid}/sessions/${sid}/minutes`],
			['notice', notice.load as unknown as Handler, { cid, sid }, `/c/${cid}/sessions/${sid}/minutes/notice`],
			['board', board.load as unknown as Handler, { cid }, `/c/${cid}/resolutions`],
			['detail', detail.load as unknown as Handler, { cid, rid: String(r.id) }, `/c/${cid}/resolutions/${r.id}`]
		];
		for (const [name, load, params, path] of loads) {
			expect([name, await statusOf(load(event(s.committee.actor, params, path)))]).toEqual([name, 200]);
			expect([name, await statusOf(load(event(other.committee.actor, params, path)))]).toEqual([name, 403]);
			// the other community's address with this community's session or resolution: not found there
			if (name !== 'board') {
				const status = await statusOf(load(event(other.committee.actor, { ...params, cid: String(other.community.id) }, path)));
				expect([name, status]).toEqual([name, 404]);
			}
		}
	});

	it('the notice shows the latest minutes with the resolutions’ status, reading the session once besides the address check', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await makeSession(s);
		await resolutions.create(s.committee.actor, session.id, { text: '改走北侧', responsibleName: '王工程师', deadline: shanghaiToday() });
		await minutes.publish(s.committee.actor, session.id, {});
		const cid = String(s.community.id);
		const sid = String(session.id);
		let data: { latest: { version: number }; resolutions: { text: string; status: string }[] } | undefined;
		const reads = await statementsDuring(async () => {
			data = (await (notice.load as unknown as Handler)(event(s.owners[0].actor, { cid, sid }, `/c/${cid}/sessions/${sid}/minutes/notice`))) as typeof data;
		});
		expect(data!.latest.version).toBe(1);
		expect(data!.resolutions.map((r) => [r.text, r.status])).toEqual([['改走北侧', 'not_started']]);
		expect(sessionReads(reads)).toBe(2);
		// the service alone: one read, and the resolutions come with it
		const alone = await statementsDuring(() => minutes.notice(s.owners[0].actor, session.id));
		expect(sessionReads(alone)).toBe(1);
	});

	it('a refused record keeps what was typed and says why beside the field', async () => {
		const s = await makeCommunityWithOwners();
		const { session, items } = await makeSession(s);
		await checkIn(s, session.id, { userId: s.owners[0].user.id, name: '业主0', role: 'resident' });
		const action = (record.actions as Record<string, Handler>).record;
		const out = (await action(
			event(s.committee.actor, { cid: String(s.community.id), sid: String(session.id) }, '/x', { _form: 'record', agendaItemId: String(items[0].id), speaker: '吴强', point: '' })
		)) as { status: number; data: { values: Record<string, string>; errors: Record<string, string> } };
		expect(out.status).toBe(400);
		expect(out.data.values).toMatchObject({ speaker: '吴强', agendaItemId: String(items[0].id) });
		expect(out.data.errors.point).toBe('请填写发言要点（不超过2000字）');
	});

	it('the committee corrects a resolution on its page: saved, still linked to its responsible account; a bad deadline keeps what was typed; a resident is refused', async () => {
		const s = await makeCommunityWithOwners();
		const { session } = await makeSession(s);
		const r = await resolutions.create(s.committee.actor, session.id, { text: '改走北侧', responsibleName: '王工程师', responsibleUserId: s.owners[1].user.id, deadline: shanghaiToday() });
		const params = { cid: String(s.community.id), rid: String(r.id) };
		const update = (detail.actions as Record<string, Handler>).update;
		type Out = { status?: number; data?: { values: Record<string, string>; errors: Record<string, string> } } | { done: string };

		const bad = (await update(event(s.committee.actor, params, '/x', { _form: 'update', text: '燃气管道改走巷道北侧', responsibleName: '王经理', deadline: '2026-02-30' }))) as Out;
		expect(bad).toMatchObject({ status: 400, data: { values: { text: '燃气管道改走巷道北侧', responsibleName: '王经理' } } });
		expect((bad as { data: { errors: Record<string, string> } }).data.errors.deadline).toMatch(/[\u4e00-\u9fff]/);
		expect((await resolutions.get(s.committee.actor, r.id)).resolution.text).toBe('改走北侧');

		const refused = (await update(event(s.owners[0].actor, params, '/x', { _form: 'update', text: '居民改的', responsibleName: '某人', deadline: shanghaiToday() }))) as Out;
		expect(refused).toMatchObject({ status: 403 });
		// another community's committee, on this community's address: refused, nothing changed
		const other = await makeCommunityWithOwners();
		const outsider = (await update(event(other.committee.actor, params, '/x', { _form: 'update', text: '别的社区改的', responsibleName: '某人', deadline: shanghaiToday() }))) as Out;
		expect(outsider).toMatchObject({ status: 403 });
		expect((await resolutions.get(s.committee.actor, r.id)).resolution.text).toBe('改走北侧');

		const ok = (await update(event(s.committee.actor, params, '/x', { _form: 'update', text: '燃气管道改走巷道北侧', responsibleName: '王经理', deadline: shanghaiToday() }))) as Out;
		expect(ok).toMatchObject({ done: '决议已修改，修改已记入操作记录' });
		const after = await resolutions.get(s.committee.actor, r.id);
		expect(after.resolution).toMatchObject({ text: '燃气管道改走巷道北侧', responsibleName: '王经理' });
		// the responsible person can still report progress: the correction did not unlink their account
		expect((await resolutions.get(s.owners[1].actor, r.id)).canReport).toBe(true);
	});
});
