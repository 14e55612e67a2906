import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/api';
import { act } from '$lib/server/http/forms';
import { inCommunity } from '$lib/server/http/community';
import { followAction } from '$lib/server/http/follow';
import { guarded } from '$lib/server/http/page-guard';
import * as follows from '$lib/server/notify/follows';
import * as plans from '$lib/server/plans';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	guarded(url, async () => {
		const pid = await inCommunity(params, 'plan', params.pid);
		const [view, following] = await Promise.all([plans.page(locals.user, pid), follows.isFollowing(locals.user, 'plan', pid)]);
		return { ...view, following };
	});

/** one form action per committee or resident step; each names its form so only that form shows its errors */
const step = (name: string, run: (locals: App.Locals, planId: number, values: Record<string, string>) => Promise<unknown>, done: () => string) =>
	(async ({ request, locals, params }) =>
		act(await request.formData(), async (values) => {
			await run(locals, await inCommunity(params, 'plan', params.pid), values);
			return { form: name, done: done() };
		})) satisfies Actions[string];

export const actions: Actions = {
	follow: followAction('plan', 'pid', true),
	unfollow: followAction('plan', 'pid', false),
	item: step('item', (l, id, v) => plans.addItem(l.user, id, v), m.plan_done_item),
	quote: step('quote', (l, id, v) => plans.addQuote(l.user, id, v), m.plan_done_quote),
	itemEdit: step('itemEdit', (l, id, v) => plans.updateItem(l.user, id, idParam(v.itemId), v), m.plan_done_item_edit),
	itemRemove: step('itemRemove', (l, id, v) => plans.removeItem(l.user, id, idParam(v.itemId)), m.plan_done_item_remove),
	quoteEdit: step('quoteEdit', (l, id, v) => plans.updateQuote(l.user, id, idParam(v.quoteId), v), m.plan_done_quote_edit),
	quoteRemove: step('quoteRemove', (l, id, v) => plans.removeQuote(l.user, id, idParam(v.quoteId)), m.plan_done_quote_remove),
	choose: step('choose', (l, id, v) => plans.chooseQuote(l.user, id, v), m.plan_done_choose),
	source: step('source', (l, id, v) => plans.addSource(l.user, id, v), m.plan_done_source),
	sourceEdit: step('sourceEdit', (l, id, v) => plans.updateSource(l.user, id, idParam(v.sourceId), v), m.plan_done_source_edit),
	sourceRemove: step('sourceRemove', (l, id, v) => plans.removeSource(l.user, id, idParam(v.sourceId)), m.plan_done_source_remove),
	vote: step('vote', (l, id, v) => plans.linkVote(l.user, id, v), m.plan_done_vote),
	publish: step('publish', (l, id) => plans.publish(l.user, id), m.plan_done_publish),
	receive: step('receive', (l, id, v) => plans.receiveSource(l.user, id, idParam(v.sourceId), v), m.plan_done_receive),
	pledge: step('pledge', (l, id, v) => plans.pledge(l.user, id, v), m.plan_done_pledge),
	payment: step('payment', (l, id, v) => plans.recordPayment(l.user, id, v), m.plan_done_payment),
	expense: step('expense', (l, id, v) => plans.recordExpense(l.user, id, v), m.plan_done_expense),
	correct: step('correct', (l, id, v) => plans.correct(l.user, id, idParam(v.entryId), v), m.plan_done_correct),
	close: step('close', (l, id, v) => plans.close(l.user, id, v), m.plan_done_close)
};
