/**
 * 公示 without an account. Posters and notice boards promise that anyone with the link can read the monthly request
 * board, the final vote results, and — once the committee turns them on — the published minutes and plan notices.
 * Each kind is a switch per community (the board and results on by default). A public page is the community's
 * notice with every name and phone left out; when its switch is off it answers 404, as if there were nothing.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCommittee, type Actor } from './access';
import * as audit from './audit';
import * as communities from './communities';
import { db } from './db';
import * as table from './db/schema';
import { ServiceError } from './errors';
import { flag, parseInput } from './http/validate';

const COLUMNS = { board: 'publicBoard', results: 'publicResults', minutes: 'publicMinutes', plans: 'publicPlans' } as const;
export type PublicKind = keyof typeof COLUMNS;
export const PUBLIC_KINDS = Object.keys(COLUMNS) as PublicKind[];

/** a checkbox per kind; an unticked box is off */
export const PublicitySchema = v.object({ board: flag, results: flag, minutes: flag, plans: flag }, m.err_invalid_input);

const switchesOf = (c: communities.Community): Record<PublicKind, boolean> => ({
	board: c.publicBoard,
	results: c.publicResults,
	minutes: c.publicMinutes,
	plans: c.publicPlans
});

/** the community, when this kind of notice of it is public; 404 otherwise */
export async function publicCommunity(communityId: number, kind: PublicKind) {
	const community = await communities.get(communityId);
	if (!community[COLUMNS[kind]]) throw new ServiceError(404, 'not_found', m.err_not_found());
	return community;
}

export async function settings(actor: Actor, communityId: number) {
	const community = await communities.get(communityId);
	requireCommittee(actor, community.id);
	return switchesOf(community);
}

export async function updateSettings(actor: Actor, communityId: number, input: unknown) {
	const community = await communities.get(communityId);
	const user = requireCommittee(actor, community.id);
	const next = parseInput(PublicitySchema, input);
	const before = switchesOf(community);
	await db.transaction(async (tx) => {
		await tx
			.update(table.community)
			.set({ publicBoard: next.board, publicResults: next.results, publicMinutes: next.minutes, publicPlans: next.plans })
			.where(eq(table.community.id, community.id));
		await audit.record(tx, user, { communityId: community.id, action: 'community.publicity', targetType: 'community', targetId: community.id, detail: { from: before, to: next } });
	});
	return next;
}

/** the public address of a notice when its kind is public in the community (for the committee to print or share) */
export async function publicLink(communityId: number, kind: PublicKind, path: string): Promise<string | null> {
	const community = await communities.get(communityId);
	return community[COLUMNS[kind]] ? `/p/${community.id}/${path}` : null;
}
