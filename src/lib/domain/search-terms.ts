/**
 * The terms a text is indexed under for search, so that two-character Chinese words (路灯, 电梯, 燃气) are found on
 * both databases without an extension: PostgreSQL's full-text parser takes a run of Chinese as one word, and a
 * two-character pattern has no trigram for pg_trgm to look up (measured: README, "Finding two-character Chinese
 * words"). Every pair of adjacent Chinese characters is a term, a lone character between others is one too, and
 * Latin words and numbers are terms in lower case. A query's terms must all be among a text's terms; a longer word
 * (双福巷) is then confirmed with ILIKE, since 双福 and 福巷 may sit apart.
 */

const HAN = /\p{Script=Han}/u;
const WORD = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** full-width Latin letters and digits to half-width, lower case */
const normal = (s: string) => s.normalize('NFKC').toLowerCase();

/** the terms of a text, each once, in the order first met */
export function termsOf(text: string): string[] {
	const out = new Set<string>();
	for (const [run] of normal(text).matchAll(WORD)) {
		if (!HAN.test(run)) {
			out.add(run);
			continue;
		}
		const chars = [...run];
		if (chars.length === 1) out.add(chars[0]);
		for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
	}
	return [...out];
}

/**
 * The terms a query needs; a single Chinese character needs the texts where it is a term of its own or begins a
 * pair, which the index cannot say, so it gives no terms (the caller falls back to ILIKE over fewer rows).
 */
export function queryTerms(query: string): string[] {
	const terms = termsOf(query);
	return terms.some((t) => [...t].length === 1 && HAN.test(t)) ? [] : terms;
}
