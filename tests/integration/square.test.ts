/**
 * The public square (议事广场): replies under comments, the committee's official answer first, and who hears of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
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
