/**
 * An anonymous poll's choices while it is open. Each ballot writes, beside its participation row (who), one row of
 * vote_sealed_choice (what): the options chosen, one byte per option in position order so every choice seals to the
 * same length, under AES-256-GCM with a key derived from the server secret (outside the database, ../secret.ts) and
 * the poll's salt. Nothing is counted while the poll is open; at close the rows are opened, counted into
 * vote_option.count, deleted, and the salt is wiped. A reader of the database without the secret learns who took
 * part and nothing of what they chose; the limits are in the README ("What each party can learn").
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import * as table from '../db/schema';
import { serverSecret } from '../secret';
import type { Q, Vote } from './roll';

const NONCE = 12;
const TAG = 16;

/** a new poll's salt, stored on the vote from opening to close */
export const newSalt = () => randomBytes(32).toString('base64url');

function keyOf(voteId: number, salt: string): Buffer {
	return Buffer.from(hkdfSync('sha256', serverSecret(), Buffer.from(salt, 'base64url'), `vote-choice:${voteId}`, 32));
}

/** the options in position order, the same shape whatever was chosen */
export const optionsInOrder = (tx: Q, voteId: number) =>
	tx.select({ id: table.voteOption.id }).from(table.voteOption).where(eq(table.voteOption.voteId, voteId)).orderBy(asc(table.voteOption.position));

/** the sealed form of one ballot's options; `order` holds the vote's option ids in position order */
export function seal(voteId: number, salt: string, order: number[], chosen: number[]): string {
	const plain = Buffer.from(order.map((id) => (chosen.includes(id) ? 1 : 0)));
	const nonce = randomBytes(NONCE);
	const cipher = createCipheriv('aes-256-gcm', keyOf(voteId, salt), nonce);
	cipher.setAAD(Buffer.from(`vote:${voteId}`));
	const body = Buffer.concat([cipher.update(plain), cipher.final()]);
	return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/** the chosen option ids of a sealed choice; throws when it was not sealed with this secret and salt */
export function unseal(voteId: number, salt: string, order: number[], sealed: string): number[] {
	const raw = Buffer.from(sealed, 'base64url');
	const decipher = createDecipheriv('aes-256-gcm', keyOf(voteId, salt), raw.subarray(0, NONCE));
	decipher.setAAD(Buffer.from(`vote:${voteId}`));
	decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
	const plain = Buffer.concat([decipher.update(raw.subarray(NONCE + TAG)), decipher.final()]);
	if (plain.length !== order.length) throw new Error(`vote ${voteId}: a sealed choice of another shape`);
	return order.filter((_, i) => plain[i] === 1);
}

/** writes one ballot's sealed choice; call in the ballot's transaction, after its participation row */
export async function write(tx: Tx, vote: Vote, salt: string, order: number[], optionIds: number[]) {
	await tx.insert(table.voteSealedChoice).values({ voteId: vote.id, communityId: vote.communityId, sealed: seal(vote.id, salt, order, optionIds) });
}

/**
 * At close, under the vote's row lock: opens every sealed choice, adds them to the option counters in one
 * statement (every option row rewritten, chosen or not), deletes the sealed rows. The caller wipes the salt in its
 * update of the vote. A choice that does not open (the secret was changed or lost while the poll was open) stops
 * the close rather than give a wrong count.
 */
export async function countAtClose(tx: Tx, vote: Vote) {
	const sealedRows = await tx.select({ sealed: table.voteSealedChoice.sealed }).from(table.voteSealedChoice).where(eq(table.voteSealedChoice.voteId, vote.id));
	if (sealedRows.length === 0) return;
	if (!vote.choiceSalt) throw new Error(`vote ${vote.id}: sealed choices without a salt`);
	const order = (await optionsInOrder(tx, vote.id)).map((o) => o.id);
	const counts = new Map(order.map((id) => [id, 0]));
	for (const r of sealedRows) for (const id of unseal(vote.id, vote.choiceSalt, order, r.sealed)) counts.set(id, counts.get(id)! + 1);
	const ids = `{${order.join(',')}}`;
	const added = `{${order.map((id) => counts.get(id)).join(',')}}`;
	await tx.execute(sql`
		update vote_option set count = vote_option.count + a.n
		from unnest(${ids}::integer[], ${added}::integer[]) as a(id, n)
		where vote_option.id = a.id and vote_option.vote_id = ${vote.id}`);
	await tx.delete(table.voteSealedChoice).where(eq(table.voteSealedChoice.voteId, vote.id));
}
