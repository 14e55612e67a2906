/** Words for ratings shown on pages and in exports (client-safe). */
import { m } from '$lib/paraglide/messages';
import type { RoundStatus } from '$lib/server/db/schema';

/** a round's status, with an open round not yet begun told apart */
export type Phase = RoundStatus | 'upcoming';

const PHASE: Record<Phase, () => string> = { upcoming: m.rating_phase_upcoming, open: m.rating_phase_open, closed: m.rating_phase_closed, published: m.rating_phase_published };

export function levelName(level: number): string {
	return [m.rating_level_1, m.rating_level_2, m.rating_level_3, m.rating_level_4, m.rating_level_5][level - 1]();
}

export const phaseName = (p: Phase) => PHASE[p]();

export const quarterName = (r: { year: number; quarter: number }) => m.rating_quarter_name({ year: r.year, quarter: r.quarter });

/** the y axis' floor for satisfaction trends: ten points under the lowest value, in tens, so that 98% and 99.5% do not look alike */
export function chartFloor(series: { values: (number | null)[] }[]): number {
	const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
	if (values.length === 0) return 0;
	return Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10);
}
