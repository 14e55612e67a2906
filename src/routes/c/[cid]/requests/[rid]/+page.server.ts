import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { followAction } from '$lib/server/http/follow';
import { guarded } from '$lib/server/http/page-guard';
import * as follows from '$lib/server/notify/follows';
import * as requests from '$lib/server/requests';
import { localInput } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

type Params = { cid: string; rid: string };
const request = (params: Params) => inCommunity(params, 'request', params.rid);

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const rid = await request(params);
		const [r, following] = await Promise.all([requests.get(locals.user, rid), follows.isFollowing(locals.user, 'request', rid)]);
		// the time fields start at now, Beijing time, as datetime-local wants it
		return { r, now: localInput(new Date()), following };
	});

const run =
	(form: string, call: (locals: App.Locals, rid: number, values: Record<string, string>) => Promise<unknown>) =>
	async ({ request: req, locals, params }: { request: Request; locals: App.Locals; params: Params }) =>
		act(await req.formData(), async (values) => {
			await call(locals, await request(params), values);
			return { form, done: m.req_saved() };
		});

export const actions: Actions = {
	follow: followAction('request', 'rid', true),
	unfollow: followAction('request', 'rid', false),
	classify: run('classified', (l, id, v) => requests.classify(l.user, id, v)),
	step: run('step', (l, id, v) => requests.recordStep(l.user, id, v)),
	dispatch: run('dispatched', (l, id, v) => requests.dispatch(l.user, id, v)),
	progress: run('progress', (l, id, v) => requests.progress(l.user, id, v)),
	close: run('closed', (l, id, v) => requests.close(l.user, id, v)),
	evaluate: run('evaluated', (l, id, v) => requests.evaluate(l.user, id, v)),
	escalate: async ({ request: req, locals, params }) =>
		act(await req.formData(), async (values) => {
			const { topicId } = await requests.escalate(locals.user, await request(params), values);
			redirect(303, `/c/${idParam(params.cid)}/topics/${topicId}`);
		})
};
