/**
 * Accessibility gate: every page of the route tree, as the person who sees most of it, in normal and
 * large-text mode at 390 px and 1280 px. axe-core finds no serious or critical violation (contrast included) in
 * normal and large text at 390 px (colours and names do not change with the width);
 * every control is at least 44 × 44 px (inline links inside running text excepted); the keyboard reaches every
 * control with a visible focus ring; large text is at least 1.5 × the normal body size; a closed section shows a
 * control that says it opens. In English with large text (the longest words at the largest size) no page scrolls
 * sideways at 390 px; that pass checks overflow only.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { test } from './api-check';
import { BASE, gateIds, signInAll, useSession, type Actor } from './gate-helpers';
import { fixtures, MISSING, type AllFixtures } from './gate-table';
import { fill, pageRoutes, paramsOf } from './gate-routes';

interface Visit {
	as: Actor;
	/** extra query string, e.g. '?page=2' */
	query?: string;
	/** params taken from another id, e.g. { vid: 'bvid' } for the binding vote */
	ids?: Record<string, string>;
	/** a long run of identical items (one printed sheet per owner): the first three are checked */
	repeated?: string;
	/** the demo may not have this yet (no published minutes): a 404/409 is noted, not failed */
	optional?: string;
}

/** every page route and who looks at it (the actor who sees most of the page's controls) */
const PAGES: Record<string, Visit[]> = {
	// signed in, "/" sends each role to its own work; it stays a page for someone with nothing verified yet
	'/': [{ as: 'anonymous' }, { as: 'unverified' }],
	'/login': [{ as: 'anonymous' }],
	'/register': [{ as: 'anonymous' }],
	'/reset': [{ as: 'anonymous' }],
	'/r/lookup': [{ as: 'anonymous' }],
	'/p/[cid]/board': [{ as: 'anonymous' }],
	'/p/[cid]/votes/[vid]': [{ as: 'anonymous', ids: { vid: 'prelimVid' }, optional: 'no final result in the demo: the public page answers 404' }],
	'/p/[cid]/minutes/[sid]': [{ as: 'anonymous', optional: 'minutes are not public in the demo until the committee turns them on' }],
	'/p/[cid]/plans/[pid]': [{ as: 'anonymous', optional: 'plan notices are not public in the demo until the committee turns them on' }],
	'/logout': [{ as: 'resident' }],
	'/me': [{ as: 'owner' }],
	'/me/phone': [{ as: 'owner' }],
	'/me/inbox': [{ as: 'owner' }],
	'/me/channels': [{ as: 'owner' }],
	'/c/[cid]': [{ as: 'owner' }, { as: 'committee' }],
	'/c/[cid]/committee': [{ as: 'committee' }],
	'/c/[cid]/committee/audit': [{ as: 'committee' }],
	'/c/[cid]/committee/delivery': [{ as: 'committee' }],
	'/c/[cid]/committee/members': [{ as: 'committee' }],
	'/c/[cid]/committee/moderation': [{ as: 'committee' }],
	'/c/[cid]/committee/members/[mid]/reset-slip': [{ as: 'committee', ids: { mid: 'pendingMembershipId' } }],
	'/c/[cid]/committee/settings': [{ as: 'committee' }],
	'/c/[cid]/committee/units': [{ as: 'committee' }],
	'/c/[cid]/topics': [{ as: 'owner' }],
	'/c/[cid]/topics/[tid]': [{ as: 'owner' }, { as: 'committee' }],
	'/c/[cid]/topics/new': [{ as: 'owner' }],
	'/c/[cid]/votes': [{ as: 'committee' }],
	'/c/[cid]/votes/[vid]': [{ as: 'owner', ids: { vid: 'bvid' } }, { as: 'committee', ids: { vid: 'bvid' } }],
	'/c/[cid]/votes/[vid]/notice': [{ as: 'committee' }],
	'/c/[cid]/votes/[vid]/papers': [{ as: 'committee', ids: { vid: 'bvid' }, repeated: 'section.sheet' }],
	'/c/[cid]/votes/new': [{ as: 'committee' }],
	'/c/[cid]/sessions': [{ as: 'owner' }],
	'/c/[cid]/sessions/new': [{ as: 'committee' }],
	'/c/[cid]/sessions/[sid]': [{ as: 'committee' }, { as: 'owner' }],
	'/c/[cid]/sessions/[sid]/checkin': [{ as: 'owner' }],
	'/c/[cid]/sessions/[sid]/edit': [{ as: 'committee' }],
	'/c/[cid]/sessions/[sid]/invitations': [{ as: 'committee' }],
	'/c/[cid]/sessions/[sid]/invitations/[iid]/letter': [{ as: 'committee' }],
	'/c/[cid]/sessions/[sid]/live': [{ as: 'committee' }],
	'/c/[cid]/sessions/[sid]/minutes': [{ as: 'owner' }],
	'/c/[cid]/sessions/[sid]/minutes/notice': [{ as: 'owner', optional: 'the demo session has no published minutes yet' }],
	'/c/[cid]/sessions/[sid]/poster': [{ as: 'committee' }],
	'/c/[cid]/sessions/[sid]/record': [{ as: 'committee' }],
	'/i/[token]': [{ as: 'token' }],
	'/i/[token]/minutes': [{ as: 'token' }],
	'/c/[cid]/resolutions': [{ as: 'owner' }],
	'/c/[cid]/resolutions/[rid]': [{ as: 'committee', ids: { rid: 'resolutionId' } }],
	'/c/[cid]/plans': [{ as: 'owner' }],
	'/c/[cid]/plans/new': [{ as: 'committee' }],
	// the demo's street-light plan (pledges, payments, sources); the committee's controls on the gates' collecting plan
	'/c/[cid]/plans/[pid]': [{ as: 'committee' }, { as: 'owner', ids: { pid: 'demoPid' } }],
	'/c/[cid]/plans/[pid]/bills': [{ as: 'committee', ids: { pid: 'demoPid' }, repeated: '.bill, section.sheet, article' }],
	'/c/[cid]/plans/[pid]/ledger': [{ as: 'owner', ids: { pid: 'demoPid' } }],
	'/c/[cid]/plans/[pid]/notice': [{ as: 'owner', ids: { pid: 'demoPid' } }],
	'/c/[cid]/ratings': [{ as: 'owner' }, { as: 'cadre' }],
	'/c/[cid]/ratings/[rid]': [{ as: 'owner', ids: { rid: 'roundId' } }, { as: 'committee', ids: { rid: 'roundId' } }],
	'/c/[cid]/ratings/[rid]/notice': [{ as: 'owner', ids: { rid: 'publishedRoundId' }, optional: 'no published round in 金阳' }],
	'/c/[cid]/ratings/cadres': [{ as: 'committee' }],
	'/c/[cid]/ratings/me': [{ as: 'cadre' }],
	'/c/[cid]/ratings/settings': [{ as: 'committee' }],
	'/c/[cid]/requests': [{ as: 'committee' }, { as: 'grid' }],
	'/c/[cid]/requests/[rid]': [{ as: 'committee', ids: { rid: 'requestId' } }],
	'/c/[cid]/requests/board': [{ as: 'owner' }],
	'/c/[cid]/requests/board/print': [{ as: 'committee' }],
	'/c/[cid]/requests/posters': [{ as: 'committee', repeated: 'section.poster, .poster, article' }],
	'/r/[code]': [{ as: 'anonymous' }],
	'/r/track/[token]': [{ as: 'anonymous', ids: { token: 'trackToken' } }],
	'/street/requests': [{ as: 'street' }]
};

const MODES = ['normal', 'large'] as const;
/** English with large text: only the sideways-scroll check, at the phone width */
const ENGLISH_LARGE = 'english-large';
/** Paraglide's language cookie (src/lib/paraglide/runtime.js) */
const LOCALE_COOKIE = 'PARAGLIDE_LOCALE';
const WIDTHS = [390, 1280];

const contexts = new Map<string, BrowserContext>();
let tokens: Record<Actor, string | null>;
let ids: AllFixtures;

async function pageFor(browser: Browser, actor: Actor, mode: (typeof MODES)[number] | typeof ENGLISH_LARGE): Promise<Page> {
	const key = `${actor}:${mode}`;
	let context = contexts.get(key);
	if (!context) {
		context = await browser.newContext();
		await useSession(context, tokens[actor], mode !== 'normal');
		if (mode === ENGLISH_LARGE) await context.addCookies([{ name: LOCALE_COOKIE, value: 'en', url: BASE }]);
		contexts.set(key, context);
	}
	return context.pages()[0] ?? (await context.newPage());
}

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * closed sections whose summary shows nothing that says it opens: no browser triangle (a flex summary loses it),
 * no 展开 ▾ / Show ▾ control, no arrow drawn beside it
 */
function silentSummaries(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('details:not([open]) > summary')]
			.filter((el) => el.getClientRects().length > 0)
			.filter((el) => {
				const style = getComputedStyle(el);
				if (style.display === 'list-item' && style.listStyleType !== 'none') return false;
				const drawn = `${getComputedStyle(el, '::before').content}${getComputedStyle(el, '::after').content}`;
				return !/[▸▾►▼]/.test(`${el.innerText}${drawn}`);
			})
			.map((el) => `"${el.innerText.trim().slice(0, 30)}"`)
	);
}

/** controls smaller than 44 × 44 px; inline links inside running text and hidden inputs don't count */
function smallTargets(page: Page) {
	return page.evaluate(() => {
		const out: string[] = [];
		const describe = (el: Element) =>
			`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}> "${(el.textContent ?? (el as HTMLInputElement).value ?? '').trim().slice(0, 30)}"`;
		const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
		for (const el of document.querySelectorAll<HTMLElement>(selector)) {
			const style = getComputedStyle(el);
			if (style.visibility === 'hidden' || style.display === 'none') continue;
			let rect = el.getBoundingClientRect();
			if (rect.width === 0 || rect.height === 0) continue;
			if (rect.right < 0 || rect.bottom < 0) continue; // the skip link waiting off-screen
			if (el.closest('.visually-hidden')) continue;
			if (el.tagName === 'A' && style.display === 'inline') {
				// a link inside running text: its paragraph holds more text than the link itself
				const block = el.parentElement;
				const own = (el.textContent ?? '').trim();
				if (block && (block.textContent ?? '').trim().length > own.length) continue;
			}
			if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
				// the tap target is the label around (or for) the box
				const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
				if (label) rect = label.getBoundingClientRect();
			}
			if (rect.height < 43.5 || rect.width < 43.5) out.push(`${describe(el)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
		}
		return out;
	});
}

test.describe('accessibility of every page', () => {
	test.beforeAll(async ({ request }) => {
		tokens = await signInAll(request);
		ids = await fixtures(request, tokens, await gateIds(request, tokens));
	});

	test.afterAll(async () => {
		for (const c of contexts.values()) await c.close();
		contexts.clear();
	});

	test('every page route in src/routes is in the list', () => {
		const onDisk = pageRoutes().map((r) => r.pattern);
		const missing = onDisk.filter((p) => !(p in PAGES));
		const stale = Object.keys(PAGES).filter((p) => !onDisk.includes(p));
		expect(missing, 'page routes without an accessibility check: add them to PAGES in a11y.spec.ts').toEqual([]);
		expect(stale, 'PAGES lists routes that no longer exist').toEqual([]);
	});

	for (const [pattern, visits] of Object.entries(PAGES)) {
		test(`${pattern}: no serious axe violations, 44 px targets, normal and large text, 390 and 1280 px; English large text fits 390 px`, async ({ browser }) => {
			// a page looked at by two people is two passes, and the committee's plan page is long: 90 s for each visit
			test.setTimeout(90_000 * visits.length);
			const problems: string[] = [];
			for (const visit of visits) {
				const values: Record<string, string | number> = { ...ids, ...Object.fromEntries(Object.entries(visit.ids ?? {}).map(([k, from]) => [k, ids[from]])) };
				const url = fill(pattern, values) + (visit.query ?? '');
				// a record the demo does not have: nothing to look at
				if (paramsOf(pattern).some((p) => values[p] === MISSING)) {
					test.info().annotations.push({ type: 'not checked', description: `${pattern}: no such record in the demo` });
					console.log(`a11y: ${pattern} not checked: no such record in the demo`);
					continue;
				}
				// the two modes are separate browser contexts: check them side by side
				await Promise.all(
					MODES.map(async (mode) => {
						const page = await pageFor(browser, visit.as, mode);
						await page.setViewportSize({ width: WIDTHS[0], height: 900 });
						const res = await page.goto(url);
						if (visit.optional && [404, 409].includes(res?.status() ?? 0)) {
							test.info().annotations.push({ type: 'not checked', description: `${url}: ${visit.optional}` });
							return;
						}
						expect(res?.status(), `${url} as ${visit.as}: the page loads`).toBe(200);
						if (visit.repeated) await page.locator(visit.repeated).evaluateAll((els) => els.slice(3).forEach((el) => el.remove()));
						// one load per mode; the wider layout is the same page resized (media queries apply again)
						for (const width of WIDTHS) {
							const where = `${url} as ${visit.as}, ${mode} text, ${width} px`;
							if (width !== WIDTHS[0]) await page.setViewportSize({ width, height: 900 });
							// axe at the phone width, in both text sizes; the desk width keeps the cheap checks below (tap
							// targets): the colours and names axe checks are the same at both widths, and axe is most of this
							// spec's time
							const result = width !== WIDTHS[0] ? { violations: [] } : await new AxeBuilder({ page })
								.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
								.options({ rules: { 'target-size': { enabled: true } } })
								.analyze();
							for (const v of result.violations) {
								if (v.impact !== 'serious' && v.impact !== 'critical') continue;
								const nodes = v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`);
								problems.push(`${where}: [${v.impact}] ${v.id} ${v.help}\n    ${nodes.join('\n    ')}`);
							}
							for (const small of await smallTargets(page)) problems.push(`${where}: tap target under 44 px: ${small}`);
							if (width === 390) {
								const overflow = await sidewaysScroll(page);
								if (overflow > 0) problems.push(`${where}: scrolls sideways by ${overflow} px`);
								if (mode === 'normal') for (const s of await silentSummaries(page)) problems.push(`${where}: a closed section does not show that it opens: ${s}`);
							}
						}
					}).concat(
						(async () => {
							const page = await pageFor(browser, visit.as, ENGLISH_LARGE);
							await page.setViewportSize({ width: WIDTHS[0], height: 900 });
							const res = await page.goto(url);
							if (visit.optional && [404, 409].includes(res?.status() ?? 0)) return;
							expect(res?.status(), `${url} as ${visit.as} in English: the page loads`).toBe(200);
							const overflow = await sidewaysScroll(page);
							if (overflow > 0) problems.push(`${url} as ${visit.as}, English, large text, 390 px: scrolls sideways by ${overflow} px`);
						})()
					)
				);
			}
			expect(problems, problems.join('\n')).toEqual([]);
		});
	}

	test('large-text mode is at least 1.5 × the normal body size', async ({ browser }) => {
		const sizes: number[] = [];
		for (const mode of MODES) {
			const page = await pageFor(browser, 'owner', mode);
			await page.goto(fill('/c/[cid]/topics/[tid]', ids));
			sizes.push(await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li, main td, main') ?? document.body).fontSize)));
		}
		expect(sizes[1] / sizes[0]).toBeGreaterThanOrEqual(1.5);
		expect(sizes[0]).toBeGreaterThanOrEqual(16);
	});

	for (const [pattern, actor] of [
		['/c/[cid]/topics/[tid]', 'committee'],
		['/c/[cid]/votes/[vid]', 'owner'],
		['/c/[cid]/topics/new', 'owner'],
		['/login', 'anonymous']
	] as [string, Actor][]) {
		test(`keyboard: Tab reaches every control of ${pattern} (${actor}) with a visible focus ring`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
			await useSession(context, tokens[actor]);
			const page = await context.newPage();
			await page.goto(fill(pattern, ids));
			const total = await page.evaluate(() => {
				const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
				let i = 0;
				for (const el of document.querySelectorAll<HTMLElement>(selector)) {
					const style = getComputedStyle(el);
					if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden], details:not([open]) > :not(summary)')) continue;
					if (el.getClientRects().length === 0) continue;
					// one stop per radio group: the arrow keys move within it
					el.dataset.gateStop = el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : String(i++);
				}
				return new Set([...document.querySelectorAll<HTMLElement>('[data-gate-stop]')].map((el) => el.dataset.gateStop)).size;
			});
			const reached = new Set<string>();
			const noRing: string[] = [];
			for (let presses = 0; presses < total + 10; presses++) {
				await page.keyboard.press('Tab');
				const focus = await page.evaluate(() => {
					const el = document.activeElement as HTMLElement | null;
					if (!el || el === document.body) return null;
					const style = getComputedStyle(el);
					const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
					return { stop: el.dataset.gateStop ?? null, ring, what: `<${el.tagName.toLowerCase()}> ${(el.textContent ?? '').trim().slice(0, 20)}` };
				});
				if (!focus) continue;
				if (focus.stop) reached.add(focus.stop);
				if (!focus.ring) noRing.push(focus.what);
			}
			const unreached = await page.evaluate(
				(seen) =>
					[...document.querySelectorAll<HTMLElement>('[data-gate-stop]')]
						.filter((el) => !seen.includes(el.dataset.gateStop!))
						.map((el) => `<${el.tagName.toLowerCase()}> ${(el.textContent ?? '').trim().slice(0, 20)}`),
				[...reached]
			);
			await context.close();
			expect(total).toBeGreaterThan(3);
			expect(unreached, 'controls Tab never reaches').toEqual([]);
			expect(noRing, 'controls focused without a visible focus ring').toEqual([]);
		});
	}
});
