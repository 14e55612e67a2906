/**
 * The life of a topic (议题), as a table: which status may follow which.
 * 征集中 → 已受理 → 协商中 → 已表决 → 落实中 → 已办结, or 未受理 / 已合并 straight from 征集中.
 */
import type { TopicStatus } from '$lib/server/db/schema';

export type { TopicStatus };

export const TRANSITIONS: Readonly<Record<TopicStatus, readonly TopicStatus[]>> = {
	collecting: ['accepted', 'declined', 'merged'],
	accepted: ['deliberating'],
	// not every consultation takes a vote: a consultation opinion may go straight to implementation
	deliberating: ['voted', 'implementing'],
	voted: ['implementing'],
	implementing: ['done'],
	done: [],
	declined: [],
	merged: []
};

/** the outcomes of screening (确定议题); only these leave 征集中 */
export const SCREENING_OUTCOMES: readonly TopicStatus[] = ['accepted', 'declined', 'merged'];

export function canTransition(from: TopicStatus, to: TopicStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** the statuses the committee may move a topic to by hand, without the screening form */
export function manualNext(from: TopicStatus): TopicStatus[] {
	return TRANSITIONS[from].filter((to) => !SCREENING_OUTCOMES.includes(to));
}

/** a topic still being worked on: accepted and not yet done */
export const IN_PROGRESS: readonly TopicStatus[] = ['accepted', 'deliberating', 'voted', 'implementing'];

export const isClosed = (s: TopicStatus) => TRANSITIONS[s].length === 0;
