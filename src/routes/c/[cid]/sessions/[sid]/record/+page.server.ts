import { redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import * as resolutions from '$lib/server/resolutions';
import * as sessions from '$lib/server/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const [draft, list] = await Promise.all([minutes.draft(locals.user, sid), resolutions.ofSession(locals.user, sid)]);
		return { ...draft, resolutions: list };
	});

const onPath = (params: { cid: string; sid: string }) => inCommunity(params, 'session', params.sid);

export const actions: Actions = {
	record: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await minutes.addRecord(locals.user, await onPath(params), values);
			return { done: m.mins_done_record() };
		}),
	recordEdit: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await onPath(params);
			await minutes.updateRecord(locals.user, await inCommunity(params, 'record', values.recordId), values);
			return { done: m.mins_done_record_edit() };
		}),
	recordDelete: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await onPath(params);
			await minutes.deleteRecord(locals.user, await inCommunity(params, 'record', values.recordId));
			return { done: m.mins_done_record_delete() };
		}),
	resolution: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await resolutions.create(locals.user, await onPath(params), values);
			return { done: m.res_done_create() };
		}),
	opinion: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await minutes.saveOpinion(locals.user, await onPath(params), values);
			return { done: m.mins_done_opinion() };
		}),
	publish: async ({ request, locals, params }) => {
		const data = await request.formData();
		const out = await act(data, async (values) => minutes.publish(locals.user, await onPath(params), values));
		if (out && 'version' in out) redirect(303, `/c/${params.cid}/sessions/${params.sid}/minutes`);
		return out;
	}
};
