/**
 * Whether a new password is too easy to guess, by zxcvbn's estimate over its common-password, name and keyboard
 * dictionaries. The dictionaries are large, so they are loaded on first use rather than at start-up.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's score 2: at least about a million guesses, which throttled sign-in and argon2 make slow enough */
export const MIN_SCORE = 2;

let estimator: Promise<ZxcvbnFactory> | null = null;

function load() {
	return (estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
		([core, common]) =>
			new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs })
	));
}

/**
 * true when the password would be guessed too soon; `known` are words the person's own details give away
 * (their phone, their name), which count as guessed.
 */
export async function isWeakPassword(password: string, known: string[] = []): Promise<boolean> {
	const zxcvbn = await load();
	const result = zxcvbn.check(password, known.filter(Boolean));
	return result.score < MIN_SCORE;
}
