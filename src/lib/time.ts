/** Times are shown in Asia/Shanghai whatever the server's or reader's zone: 2026-11-22 14:05. */
const PARTS = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** China has kept UTC+8 without summer time since 1992; before that the zone database (Intl) knows the offsets */
const FIXED_SINCE = Date.UTC(1992, 0, 1);
const EIGHT_HOURS = 8 * 3600_000;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

export function shanghaiTime(at: Date | string | number): string {
	const ms = new Date(at).getTime();
	if (ms >= FIXED_SINCE) {
		// plain arithmetic: formatToParts costs ~2 % of a topic list page's CPU (20 rows, two times each)
		const d = new Date(ms + EIGHT_HOURS);
		return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
	}
	const parts = Object.fromEntries(PARTS.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** the date only: 2026-11-22 */
export const shanghaiDate = (at: Date | string | number) => shanghaiTime(at).slice(0, 10);
