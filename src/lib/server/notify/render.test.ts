import { describe, expect, it } from 'vitest';
import { INBOX_KINDS } from '$lib/server/db/schema';
import { render } from './render';

describe('inbox words', () => {
	// the channel settings page names every kind by its title, with no item behind it
	it('every kind has a title and a body even without an item’s parameters', () => {
		for (const kind of INBOX_KINDS) {
			const r = render(kind, {});
			expect(r.title, kind).not.toBe('');
			expect(typeof r.body, kind).toBe('string');
		}
	});

	it('a bill says its amount in 元 with thousands separators', () => {
		expect(render('plan_bill', { title: '路灯', amountFen: 800000 }).body).toContain('8,000.00');
	});
});
