/**
 * Where to send someone after a form, when the address came from the request (`?next=`, a hidden `next` or `back`
 * field). Only a path on this site is kept; anything else becomes '/'.
 *
 * Browsers drop tabs and newlines from URLs and read a backslash as a slash, so `/\t/evil.example` and `/\evil.example`
 * are other sites to them even though they start with one slash: such characters are refused outright, and what is
 * left must resolve, against this site's own origin, to that origin.
 */
export function redirectTarget(value: unknown, origin: string | URL, fallback = '/'): string {
	if (typeof value !== 'string' || value === '' || value.length > 2000) return fallback;
	// C0 controls, DEL, C1 controls, backslash; also their percent-encoded forms, which some servers and proxies decode
	if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value) || /%(?:[01][0-9a-f]|7f|5c)/i.test(value)) return fallback;
	if (!value.startsWith('/') || value.startsWith('//')) return fallback;
	const base = new URL(origin);
	let url: URL;
	try {
		url = new URL(value, base);
	} catch {
		return fallback;
	}
	if (url.origin !== base.origin) return fallback;
	return url.pathname + url.search + url.hash;
}
