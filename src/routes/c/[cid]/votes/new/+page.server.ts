import { redirect } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import * as votes from '$lib/server/votes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const cid = idParam(params.cid);
		const form = await votes.newForm(locals.user, cid);
		// started from a session's agenda item: the vote belongs to that session and may be a poll of its attendees
		const itemId = url.searchParams.get('agendaItem');
		const agendaItem = itemId && /^\d{1,9}$/.test(itemId) ? await minutes.agendaItem(locals.user, cid, Number(itemId)) : null;
		return { form, agendaItem, topicId: url.searchParams.get('topic') ?? (agendaItem?.topicId ? String(agendaItem.topicId) : '') };
	});

/** the checked places arrive as one checkbox each (place_12=on), so a refused form keeps them ticked */
const PLACE = { estate: 'estate_', building: 'building_' } as const;

/** rows of the form typed by the committee, in order; rows left empty are dropped */
const rows = (values: Record<string, string>, prefix: string) =>
	Object.keys(values)
		.flatMap((k) => (k.startsWith(prefix) ? [Number(k.slice(prefix.length))] : []))
		.filter((n) => Number.isInteger(n))
		.sort((a, b) => a - b);

/** a meeting's matters (item_title_N, item_matter_N) or an election's candidates (cand_name_N, …) */
function meetingParts(values: Record<string, string>) {
	if (values.kind === 'meeting') {
		const items = rows(values, 'item_title_')
			.filter((n) => values[`item_title_${n}`]?.trim() || values[`item_matter_${n}`])
			.map((n) => ({ title: values[`item_title_${n}`] ?? '', matter: values[`item_matter_${n}`] ?? '' }));
		return { items };
	}
	if (values.kind === 'election') {
		const candidates = rows(values, 'cand_name_')
			.filter((n) => values[`cand_name_${n}`]?.trim())
			.map((n) => ({ name: values[`cand_name_${n}`], statement: values[`cand_statement_${n}`] ?? '', nominators: values[`cand_nominators_${n}`] ?? '' }));
		return { candidates };
	}
	return {};
}

export const actions: Actions = {
	default: async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			const cid = idParam(params.cid);
			const scope = values.scope ?? 'community';
			const prefix = PLACE[scope as keyof typeof PLACE];
			const scopeIds =
				scope === 'entrance'
					? [values.entranceId].filter(Boolean)
					: prefix
						? Object.keys(values).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))
						: [];
			const { id } = await votes.create(locals.user, cid, { ...values, scopeIds, ...meetingParts(values) });
			redirect(303, `/c/${cid}/votes/${id}`);
		})
};
