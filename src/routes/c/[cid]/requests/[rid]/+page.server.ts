import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as requests from '$lib/server/requests';
import { localInput } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const r = await requests.get(locals.user, idParam(params.rid));
		if (r.communityId !== idParam(params.cid)) error(404, m.err_not_found());
		// the time fields start at now, Beijing time, as datetime-local wants it
		return { r, now: localInput(new Date()) };
	});

const run =
	(done: string, call: (locals: App.Locals, rid: number, values: Record<string, string>) => Promise<unknown>) =>
	async ({ request, locals, params }: { request: Request; locals: App.Locals; params: { cid: string; rid: string } }) =>
		act(await request.formData(), async (values) => {
			await call(locals, idParam(params.rid), values);
			return { done };
		});

export const actions: Actions = {
	classify: run('classified', (l, id, v) => requests.classify(l.user, id, v)),
	step: run('step', (l, id, v) => requests.recordStep(l.user, id, v)),
	dispatch: run('dispatched', (l, id, v) => requests.dispatch(l.user, id, v)),
	progress: run('progress', (l, id, v) => requests.progress(l.user, id, v)),
	close: run('closed', (l, id, v) => requests.close(l.user, id, v)),
	evaluate: run('evaluated', (l, id, v) => requests.evaluate(l.user, id, v)),
	escalate: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const { topicId } = await requests.escalate(locals.user, idParam(params.rid), values);
			redirect(303, `/c/${idParam(params.cid)}/topics/${topicId}`);
		})
};
