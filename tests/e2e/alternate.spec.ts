/**
 * In scale-out mode (E2E_ALTERNATE=1, CI's PostgreSQL pass) the whole suite runs through a proxy that sends
 * each request to the next of two app instances. This checks that the alternation really happens, so that
 * the rest of the suite passing means it passes across instances.
 */
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test.describe('two instances behind one address', () => {
	test.skip(process.env.E2E_ALTERNATE !== '1' || !process.env.DATABASE_URL, 'scale-out mode only (E2E_ALTERNATE=1 with DATABASE_URL)');

	test('successive requests are served by both instances, and a sign-in on one holds on the other', async ({ browser }) => {
		const { context, page } = await signIn(browser, '13800000001');
		const served: string[] = [];
		for (let i = 0; i < 6; i++) {
			const res = await page.request.get('/me');
			expect(res.status()).toBe(200);
			// signed in on every instance: the page shows the account, not the sign-in form
			expect(await res.text()).toContain('张桂兰');
			served.push(res.headers()['x-yst-upstream']);
		}
		expect(new Set(served)).toEqual(new Set(['0', '1']));
		await context.close();
	});
});
