/**
 * Personal information typed into public text (评论、议题): mainland mobile numbers, landlines with an area code and
 * resident ID numbers (居民身份证号). Found so the author can be asked to take them out before posting; neighbours'
 * disputes name people, and a number once published in a community's square cannot be taken back.
 *
 * Digits may be written full-width (１３８) and split by spaces, hyphens or dots (138 0013 8000, 138-0013-8000).
 * A run of digits is judged as a whole: an order number of twenty digits is not a phone number inside.
 */

export type PersonalInfoKind = 'mobile' | 'landline' | 'id_card';

export interface PersonalInfo {
	kind: PersonalInfoKind;
	/** the text as written */
	text: string;
	/** the text with all but the first three and last two characters masked, for the message beside the field */
	masked: string;
}

/** a run of digits with single separators between them, an optional +86 in front and an X at the end (ID) */
const RUN = /(?:[+＋]\s?(?:86|８６)[\s\-－]?)?[0-9０-９](?:[\s\-－—.·]?[0-9０-９])*(?:[xX×Ｘ])?/g;

const halfWidth = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[x×Ｘ]/g, 'X');

/** GB 11643: weights 2^(17-i) mod 11 and the check characters by remainder */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

function validDate(y: number, mo: number, d: number): boolean {
	if (mo < 1 || mo > 12 || d < 1) return false;
	const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return d <= days[mo - 1];
}

export function isIdCard(digits: string): boolean {
	if (/^\d{17}[\dX]$/.test(digits)) {
		const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(digits[i]), 0);
		if (CHECK[sum % 11] !== digits[17]) return false;
		const y = Number(digits.slice(6, 10));
		return y >= 1900 && y <= 2099 && validDate(y, Number(digits.slice(10, 12)), Number(digits.slice(12, 14)));
	}
	// the first generation (before 1999): fifteen digits, a two-digit year of the 1900s
	if (/^\d{15}$/.test(digits)) return validDate(1900 + Number(digits.slice(6, 8)), Number(digits.slice(8, 10)), Number(digits.slice(10, 12)));
	return false;
}

function kindOf(digits: string): PersonalInfoKind | null {
	const local = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
	if (/^1[3-9]\d{9}$/.test(local)) return 'mobile';
	if (isIdCard(digits)) return 'id_card';
	// 0 + area code of two or three digits + a number of seven or eight digits (010-12345678, 0755 1234567)
	if (/^0[1-9]\d{8,10}$/.test(digits)) return 'landline';
	return null;
}

const mask = (s: string) => (s.length <= 5 ? s : s.slice(0, 3) + '*'.repeat(s.length - 5) + s.slice(-2));

/** every personal number in the text, in order */
export function findPersonalInfo(text: string): PersonalInfo[] {
	const found: PersonalInfo[] = [];
	for (const match of text.matchAll(RUN)) {
		const digits = halfWidth(match[0]).replace(/[^\dX]/g, '');
		const kind = kindOf(digits);
		if (kind) found.push({ kind, text: match[0].trim(), masked: mask(digits) });
	}
	return found;
}
