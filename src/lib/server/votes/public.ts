/** A final vote result for anyone with the link, when the committee has made results public: figures only. */
import { m } from '$lib/paraglide/messages';
import * as places from '../places';
import { ServiceError } from '../errors';
import { publicCommunity } from '../publicity';
import { loadVote } from './lifecycle';
import { resultOf } from './tally';
import { detailOf } from './views';

/** the result notice without the list of homes that took part or the objections (which may name people) */
export async function publicNotice(communityId: number, voteId: number) {
	const community = await publicCommunity(communityId, 'results');
	const vote = await loadVote(voteId).catch(() => null);
	if (!vote || vote.communityId !== community.id || vote.status !== 'final') throw new ServiceError(404, 'not_found', m.err_not_found());
	const [detail, result, scopeNames] = await Promise.all([detailOf(vote, false), resultOf(vote), places.scopeNames(vote)]);
	// who nominated a candidate may name owners: not for the public page (the candidates' names are the result)
	const candidates = detail.candidates.map(({ id, name, statement }) => ({ id, name, statement }));
	return { community: { id: community.id, name: community.name }, vote: { ...detail, candidates }, result, scopeNames };
}
