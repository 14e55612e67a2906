import { idParam } from '$lib/server/http/api';
import { inCommunity } from '$lib/server/http/community';
import { act } from '$lib/server/http/forms';
import { followAction } from '$lib/server/http/follow';
import { guarded } from '$lib/server/http/page-guard';
import * as follows from '$lib/server/notify/follows';
import * as files from '$lib/server/files';
import * as sessions from '$lib/server/sessions';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const sid = await inCommunity(params, 'session', params.sid);
		const [view, following] = await Promise.all([sessions.get(locals.user, sid), follows.isFollowing(locals.user, 'session', sid)]);
		return { ...view, following };
	});

const sid = (params: { cid: string; sid: string }) => inCommunity(params, 'session', params.sid);

export const actions: Actions = {
	follow: followAction('session', 'sid', true),
	unfollow: followAction('session', 'sid', false),
	publish: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await sessions.publish(locals.user, await sid(params));
			return { done: m.session_done_publish() };
		}),
	start: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			// on another day than announced the first post answers with a warning; the second carries confirm
			await sessions.start(locals.user, await sid(params), values);
			return { done: m.session_done_start() };
		}),
	end: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await sessions.end(locals.user, await sid(params));
			return { done: m.session_done_end() };
		}),
	current: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.setCurrentItem(locals.user, await sid(params), values.itemId ? idParam(values.itemId) : null);
			return { done: m.session_done_current() };
		}),
	agendaAdd: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.addAgendaItem(locals.user, await sid(params), values);
			return { done: m.session_done_agenda() };
		}),
	agendaRemove: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.removeAgendaItem(locals.user, await sid(params), idParam(values.itemId));
			return { done: m.session_done_agenda_removed() };
		}),
	agendaMove: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.moveAgendaItem(locals.user, await sid(params), idParam(values.itemId), values.direction === 'up' ? 'up' : 'down');
			return { done: m.session_done_agenda() };
		}),
	materialAdd: async ({ request, locals, params }) => {
		const data = await request.formData();
		return act(data, async (values) => {
			const upload = await files.readUpload(data.get('file'));
			await sessions.addMaterial(locals.user, await sid(params), { title: values.title, ...upload });
			return { done: m.session_done_material() };
		});
	},
	materialRemove: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.removeMaterial(locals.user, await sid(params), idParam(values.materialId));
			return { done: m.session_done_material_removed() };
		}),
	rsvp: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.rsvpAsUser(locals.user, await sid(params), values);
			return { done: m.session_done_rsvp() };
		}),
	checkin: async ({ request, locals, params }) =>
		act(await request.formData(), async () => {
			await sessions.checkIn(locals.user, await sid(params));
			return { done: m.session_done_checkin() };
		}),
	mark: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const row = await sessions.mark(locals.user, await sid(params), values);
			return { done: m.session_done_mark({ name: row.name }) };
		}),
	unmark: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await sessions.unmark(locals.user, await sid(params), idParam(values.attendanceId));
			return { done: m.session_done_unmark() };
		})
};
