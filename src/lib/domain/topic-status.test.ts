import { describe, expect, it } from 'vitest';
import { TOPIC_STATUSES, type TopicStatus } from '$lib/server/db/schema';
import { canTransition, isClosed, manualNext, TRANSITIONS } from './topic-status';

describe('topic status transitions', () => {
	const allowed: [TopicStatus, TopicStatus][] = [
		['collecting', 'accepted'],
		['collecting', 'declined'],
		['collecting', 'merged'],
		['accepted', 'deliberating'],
		['deliberating', 'voted'],
		['deliberating', 'implementing'],
		['voted', 'implementing'],
		['implementing', 'done']
	];

	it.each(allowed)('%s → %s is allowed', (from, to) => {
		expect(canTransition(from, to)).toBe(true);
	});

	it.each([
		['collecting', 'deliberating', 'screening comes first'],
		['collecting', 'done', 'no jumping to the end'],
		['accepted', 'voted', 'a vote follows deliberation'],
		['accepted', 'declined', 'only a collecting topic can be declined'],
		['accepted', 'collecting', 'no going back'],
		['voted', 'deliberating', 'no going back'],
		['implementing', 'voted', 'no going back'],
		['done', 'implementing', 'done is final'],
		['declined', 'accepted', 'declined is final'],
		['merged', 'collecting', 'merged is final'],
		['accepted', 'accepted', 'no change is no transition']
	] as [TopicStatus, TopicStatus, string][])('%s → %s is refused (%s)', (from, to) => {
		expect(canTransition(from, to)).toBe(false);
	});

	it('every pair outside the table is refused', () => {
		const set = new Set(allowed.map(([a, b]) => `${a}>${b}`));
		for (const from of TOPIC_STATUSES) {
			for (const to of TOPIC_STATUSES) {
				expect(canTransition(from, to), `${from} → ${to}`).toBe(set.has(`${from}>${to}`));
			}
		}
	});

	it('manual advance never offers the screening outcomes', () => {
		expect(manualNext('collecting')).toEqual([]);
		expect(manualNext('accepted')).toEqual(['deliberating']);
		expect(manualNext('deliberating')).toEqual(['voted', 'implementing']);
		expect(manualNext('done')).toEqual([]);
	});

	it('done, declined and merged are closed; the others are not', () => {
		expect(TOPIC_STATUSES.filter(isClosed)).toEqual(['done', 'declined', 'merged']);
		expect(Object.keys(TRANSITIONS).sort()).toEqual([...TOPIC_STATUSES].sort());
	});
});
