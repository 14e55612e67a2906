/**
 * The public square (议事广场): replies under comments, the committee's official answer first, and who hears of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import * as table from '$lib/server/db/schema';
import * as topics from '$lib/server/topics';
import * as notify from '$lib/server/notify';
import type { SessionUser } from '$lib/server/auth';
import { makeCommunity, makeUser, refusal } from './fixtures';

type Place = Awaited<ReturnType<typeof makeCommunity>>;
const valid = { title: '双福巷燃气管道', description: '餐馆想沿居民楼外墙铺燃气管道。', category: 'business' };

let A: Place;
let B: Place;
let committee: SessionUser;
let proposer: SessionUser;
let neighbour: SessionUser;
let other: SessionUser;
let outsider: SessionUser;

beforeAll(async () => {
	A = await makeCommunity('双福社区');
	B = await makeCommunity('别的社区');
	committee = (await makeUser({ communityId: A.community.id, role: 'committee', name: '王主任' })).actor;
	proposer = (await makeUser({ communityId: A.community.id, role: 'resident', unitId: A.units[0].id, name: '李大爷' })).actor;
	neighbour = (await makeUser({ communityId: A.community.id, role: 'owner', unitId: A.units[1].id, name: '赵阿姨' })).actor;
	other = (await makeUser({ communityId: A.community.id, role: 'owner', unitId: A.units[2].id, name: '钱师傅' })).actor;
	outsider = (await makeUser({ communityId: B.community.id, role: 'resident', unitId: B.units[0].id })).actor;
});

describe('replies and the official answer', () => {
	it('a reply sits under its comment; a reply to a reply sits under the same comment', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const c = await topics.comment(neighbour, t.id, { body: '管道离窗户太近了' });
		const r1 = await topics.comment(other, t.id, { body: '同意', parentId: c.id });
		await topics.comment(proposer, t.id, { body: '我去问燃气公司', parentId: String(r1.id) });
		const view = await topics.get(proposer, t.id);
		expect(view.comments).toHaveLength(1);
		expect(view.comments[0].replies.map((r) => [r.authorName, r.body])).toEqual([
			['钱师傅', '同意'],
			['李大爷', '我去问燃气公司']
		]);
		expect(view.commentCount).toBe(3);
	});

	it('the committee’s official answer is shown first and only the committee may give one', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		await topics.comment(neighbour, t.id, { body: '先说一句' });
		await topics.comment(committee, t.id, { body: '居委会将于周五召集燃气公司、执法队和商户协商', official: 'on' });
		const view = await topics.get(neighbour, t.id);
		expect(view.comments.map((c) => [c.official, c.authorName])).toEqual([
			[true, '王主任'],
			[false, '赵阿姨']
		]);
		const no = await refusal(topics.comment(neighbour, t.id, { body: '我也来答复', official: true }));
		expect(no.status).toBe(403);
		expect(no.fields.official).toBe('只有居委会可以发布官方答复');
	});

	it('a reply to a comment of another topic is refused beside the field', async () => {
		const t1 = await topics.propose(proposer, A.community.id, valid);
		const t2 = await topics.propose(proposer, A.community.id, { ...valid, title: '另一个议题' });
		const c = await topics.comment(neighbour, t1.id, { body: '评论' });
		const no = await refusal(topics.comment(other, t2.id, { body: '回复', parentId: c.id }));
		expect(no.fields.parentId).toBe('要回复的评论不在这个议题下');
		expect((await refusal(topics.comment(outsider, t1.id, { body: '外人', parentId: c.id }))).status).toBe(403);
	});

	it('a reply tells the comment’s author in the inbox; the official answer tells the proposer', async () => {
		const t = await topics.propose(proposer, A.community.id, { ...valid, title: '路灯坏了' });
		const c = await topics.comment(neighbour, t.id, { body: '3栋门口也坏了' });
		await topics.comment(other, t.id, { body: '4栋也是', parentId: c.id });
		const [item] = (await notify.list(neighbour)).items;
		expect(item).toMatchObject({ kind: 'comment_reply', title: '有人回复了您的评论', link: `/c/${A.community.id}/topics/${t.id}#comment-${c.id + 1}` });
		expect(item.body).toContain('路灯坏了');
		expect(item.body).toContain('4栋也是');
		// the one who replied hears nothing of their own reply
		expect((await notify.list(other)).items.filter((i) => i.kind === 'comment_reply')).toHaveLength(0);

		await topics.comment(committee, t.id, { body: '已报修', official: true });
		const answer = (await notify.list(proposer)).items.find((i) => i.kind === 'comment_reply');
		expect(answer).toMatchObject({ title: '居委会答复了议题' });
	});
});

describe('personal numbers, reports and moderation', () => {
	it('a phone number in a comment is refused beside the field until taken out or confirmed as a public line; an ID number always', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const no = await refusal(topics.comment(neighbour, t.id, { body: '有事找钱师傅 138 0013 8000' }));
		expect(no.status).toBe(400);
		expect(no.fields.body).toContain('138******00');
		const ok = await topics.comment(neighbour, t.id, { body: '物业电话 028-85551234', confirmPersonal: 'on' });
		expect(ok.state).toBe('published');
		const id = await refusal(topics.comment(neighbour, t.id, { body: '身份证11010519491231002X', confirmPersonal: 'on' }));
		expect(id.fields.body).toContain('身份证号');
	});

	it('a report, the committee hides it with a public reason, the author sees why, edits, asks again and it is shown', async () => {
		const t = await topics.propose(proposer, A.community.id, { ...valid, title: '燃气管道协商' });
		const c = await topics.comment(neighbour, t.id, { body: '钱师傅家电话13912345678，大家找他', confirmPersonal: true });
		// the author cannot report their own; an outsider cannot see it
		expect((await refusal(topics.report(neighbour, c.id, { reason: 'privacy' }))).status).toBe(409);
		expect((await refusal(topics.report(outsider, c.id, { reason: 'privacy' }))).status).toBe(403);
		expect((await refusal(topics.report(other, c.id, { reason: 'nonsense' }))).fields.reason).toBe('请选择举报理由');
		await topics.report(other, c.id, { reason: 'privacy', note: '这是我的手机号' });
		expect((await refusal(topics.report(other, c.id, { reason: 'privacy' }))).status).toBe(409);

		const q = await topics.queue(committee, A.community.id);
		expect(q.items.find((i) => i.id === c.id)?.reports.map((r) => r.reason)).toEqual(['privacy']);
		expect((await refusal(topics.queue(neighbour, A.community.id))).status).toBe(403);
		expect((await refusal(topics.moderate(committee, c.id, { decision: 'hide' }))).fields.reason).toContain('公开的理由');

		await topics.moderate(committee, c.id, { decision: 'hide', reason: '该内容因含他人隐私已被隐藏' });
		const seenByProposer = (await topics.get(proposer, t.id)).comments.find((x) => x.id === c.id)!;
		expect(seenByProposer).toMatchObject({ state: 'hidden', body: '', hiddenReason: '该内容因含他人隐私已被隐藏' });
		const seenByAuthor = (await topics.get(neighbour, t.id)).comments.find((x) => x.id === c.id)!;
		expect(seenByAuthor).toMatchObject({ state: 'hidden', body: '钱师傅家电话13912345678，大家找他', canEdit: true });
		const told = (await notify.list(neighbour)).items.find((i) => i.kind === 'comment_moderated');
		expect(told?.title).toBe('评论已被居委会隐藏');
		expect(told?.body).toContain('该内容因含他人隐私已被隐藏');
		expect((await notify.list(other)).items.some((i) => i.kind === 'comment_moderated')).toBe(true);
		expect(q.items.length).toBeGreaterThan(0);
		expect((await topics.queue(committee, A.community.id)).items.some((i) => i.id === c.id)).toBe(false);

		// the edit without the number goes back to the committee, then it is shown again, marked as edited
		const edited = await topics.editComment(neighbour, c.id, { body: '有事可以找钱师傅' });
		expect(edited.state).toBe('pending');
		expect((await topics.get(proposer, t.id)).comments.some((x) => x.id === c.id)).toBe(false);
		expect((await topics.queue(committee, A.community.id)).items.find((i) => i.id === c.id)?.state).toBe('pending');
		await topics.moderate(committee, c.id, { decision: 'publish' });
		const back = (await topics.get(proposer, t.id)).comments.find((x) => x.id === c.id)!;
		expect(back.state).toBe('published');
		expect(back.body).toBe('有事可以找钱师傅');
		expect(back.editedAt).not.toBeNull();

		// the hidden words and every edit stay in the audit log
		const log = await db.select().from(table.auditLog).where(and(eq(table.auditLog.targetType, 'comment'), eq(table.auditLog.targetId, c.id)));
		expect(log.map((l) => l.action)).toEqual(['comment.hide', 'comment.edit', 'comment.publish']);
		expect(JSON.stringify(log[0].detail)).toContain('13912345678');
	});

	it('keeping a reported comment answers the reporter; the author is not told', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const c = await topics.comment(neighbour, t.id, { body: '餐馆的油烟也要管' });
		await topics.report(other, c.id, { reason: 'false' });
		await topics.moderate(committee, c.id, { decision: 'keep', reason: '属正常意见表达，予以保留' });
		const answer = (await notify.list(other)).items.find((i) => i.kind === 'comment_moderated' && i.link.endsWith(`#comment-${c.id}`));
		expect(answer?.title).toBe('您的举报有了答复');
		expect(answer?.body).toContain('予以保留');
		expect((await notify.list(neighbour)).items.some((i) => i.link.endsWith(`#comment-${c.id}`) && i.kind === 'comment_moderated')).toBe(false);
		expect((await topics.get(proposer, t.id)).comments[0].state).toBe('published');
	});

	it('the author edits within 15 minutes (marked), not after; deleting leaves a placeholder and keeps the replies', async () => {
		const t = await topics.propose(proposer, A.community.id, valid);
		const c = await topics.comment(neighbour, t.id, { body: '初稿' });
		await topics.comment(other, t.id, { body: '回复', parentId: c.id });
		expect((await refusal(topics.editComment(other, c.id, { body: '别人改' }))).status).toBe(403);
		await topics.editComment(neighbour, c.id, { body: '改过' });
		expect((await topics.get(proposer, t.id)).comments[0]).toMatchObject({ body: '改过' });
		await db.update(table.topicComment).set({ createdAt: new Date(Date.now() - 16 * 60_000) }).where(eq(table.topicComment.id, c.id));
		expect((await refusal(topics.editComment(neighbour, c.id, { body: '再改' }))).status).toBe(409);
		await topics.removeComment(neighbour, c.id);
		const gone = (await topics.get(proposer, t.id)).comments[0];
		expect(gone).toMatchObject({ state: 'deleted', body: '' });
		expect(gone.replies.map((r) => r.body)).toEqual(['回复']);
	});

	it('先审后发: with the switch on, a new resident’s first comment waits for the committee; staff never wait', async () => {
		const C = await makeCommunity('先审社区');
		const boss = (await makeUser({ communityId: C.community.id, role: 'committee' })).actor;
		const newcomer = (await makeUser({ communityId: C.community.id, role: 'resident', unitId: C.units[0].id })).actor;
		const reader = (await makeUser({ communityId: C.community.id, role: 'owner', unitId: C.units[1].id })).actor;
		expect((await refusal(topics.setReviewFirstPosts(newcomer, C.community.id, { reviewFirstPosts: 'on' }))).status).toBe(403);
		await topics.setReviewFirstPosts(boss, C.community.id, { reviewFirstPosts: 'on' });
		const t = await topics.propose(boss, C.community.id, valid);
		expect((await topics.comment(boss, t.id, { body: '居委会说明' })).state).toBe('published');
		const first = await topics.comment(newcomer, t.id, { body: '第一次发言' });
		expect(first.state).toBe('pending');
		expect((await topics.get(reader, t.id)).comments.map((c) => c.body)).toEqual(['居委会说明']);
		expect((await topics.get(newcomer, t.id)).comments.map((c) => c.body)).toContain('第一次发言');
		await topics.moderate(boss, first.id, { decision: 'publish' });
		expect((await topics.comment(newcomer, t.id, { body: '第二次发言' })).state).toBe('published');
	});
});
