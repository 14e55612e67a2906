import type { RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { FollowTarget } from '../db/schema';
import * as follows from '../notify/follows';
import { inCommunity } from './community';
import { act } from './forms';

/**
 * The 关注 / 取消关注 form actions of a record's page under /c/[cid]/…: `param` names the record in the address.
 * The record is checked to belong to the address's community first, as every action there does.
 */
export const followAction =
	(type: FollowTarget, param: string, on: boolean) =>
	async ({ request, locals, params }: Pick<RequestEvent, 'request' | 'locals' | 'params'>) =>
		act(await request.formData(), async () => {
			const id = await inCommunity(params as { cid: string }, type, (params as Record<string, string>)[param]);
			await (on ? follows.follow : follows.unfollow)(locals.user, type, id);
			return { form: 'follow', done: on ? m.follow_done() : m.unfollow_done() };
		});
