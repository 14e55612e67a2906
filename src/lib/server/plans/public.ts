/** A cost-sharing plan's notice for anyone with the link, when the committee has made plan notices public. */
import { m } from '$lib/paraglide/messages';
import { ServiceError } from '../errors';
import { publicCommunity } from '../publicity';
import { loadPlan } from './records';
import type { Readable } from './records';
import { ledgerOf } from './views';

/** what was chosen and what it costs, where the money comes from, and the ledger's amounts: no payer, no pledger */
export async function publicNotice(communityId: number, planId: number) {
	const community = await publicCommunity(communityId, 'plans');
	const plan = await loadPlan(planId).catch(() => null);
	if (!plan || plan.communityId !== community.id || plan.status === 'draft') throw new ServiceError(404, 'not_found', m.err_not_found());
	// read as nobody in particular: no committee view, so no unit labels or payer names are looked up
	const l = await ledgerOf({ plan, community, user: null, committee: false } as unknown as Readable);
	return {
		community: l.community,
		plan: l.plan,
		items: l.items.map((it) => ({ id: it.id, name: it.name, chosenReason: it.chosenReason, quotes: it.quotes.map((q) => ({ id: q.id, supplier: q.supplier, amountFen: q.amountFen, chosen: q.chosen })) })),
		totalFen: l.totalFen,
		sources: l.sources.map((s) => ({ kindName: s.kindName, amountFen: s.amountFen })),
		pledges: { count: l.pledges.length, amountFen: l.pledges.reduce((sum, p) => sum + p.amountFen, 0) },
		// numbered within the plan, not by the database's ids
		lines: l.lines.map((x, i) => ({ n: i + 1, kind: x.kind, amountFen: x.amountFen, balanceFen: x.balanceFen })),
		totals: l.totals
	};
}
