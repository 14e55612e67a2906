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

export function shanghaiTime(at: Date | string | number): string {
	const parts = Object.fromEntries(PARTS.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** the date only: 2026-11-22 */
export const shanghaiDate = (at: Date | string | number) => shanghaiTime(at).slice(0, 10);
