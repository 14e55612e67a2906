/** Places in words, the same on every page, paper and file: a unit, and where a request is. */

interface UnitParts {
	estate?: string | null;
	building?: string | null;
	entrance?: string | null;
	room?: string | null;
}

/** a unit in words, estate first (金阳花园A区 and B区 both have a 1栋): 金阳花园A区 1栋 1单元 301 */
export const unitLabel = (u: UnitParts) => [u.estate, u.building, u.entrance, u.room].map((s) => s?.trim()).filter(Boolean).join(' ');

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** `text` without a leading `head`, spaces ignored in both; null when it does not start with it */
function after(text: string, head: string): string | null {
	let i = 0;
	for (const ch of squeeze(head)) {
		while (i < text.length && /\s/.test(text[i])) i++;
		if (text[i] !== ch) return null;
		i++;
	}
	return text.slice(i).trim();
}

/**
 * What a request's typed location adds to its place (金阳花园B区 1栋): nothing when it only repeats the place
 * or a part of it, the rest when it starts with the place or its building, else all of it.
 * "金阳花园B区1栋" → "", "1栋2单元门口" → "2单元门口", "小区主路" → "小区主路".
 */
export function locationBeyond(place: string, location: string | null | undefined): string {
	const loc = (location ?? '').trim();
	if (!loc || !place) return loc;
	if (squeeze(place).includes(squeeze(loc))) return '';
	const parts = place.trim().split(/\s+/);
	for (let k = 0; k < parts.length; k++) {
		const rest = after(loc, parts.slice(k).join(''));
		if (rest !== null) return rest.replace(/^[,，、·:：\-—]+/, '').trim();
	}
	return loc;
}

/** a request's place and the location typed with it, said once: 金阳花园B区 1栋 2单元门口 */
export const whereText = (place: string, location: string | null | undefined) => [place, locationBeyond(place, location)].filter(Boolean).join(' ');
