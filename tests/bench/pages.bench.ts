/**
 * Topic pages under load and the JavaScript a first visit downloads, on the BUILT server with real PostgreSQL:
 * a community with TOPICS topics (seeded by SQL), its committee member signed in; autocannon keeps CONNECTIONS
 * requests in flight against the topic list and one topic page (server-rendered HTML) and reports p50/p99.
 * Then Chromium loads the home page (signed out, as a first visitor), the community's board and the topic page
 * (signed in) and sums the JavaScript responses, gzip-compressed. Needs DATABASE_URL (skipped otherwise).
 */
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { BenchResult } from './run';
import { load, seedCommunity, SHORT, signIn, startServer, step } from './harness';

const TOPICS = 1_000;
const CONNECTIONS = 20;
const SECONDS = SHORT ? 2 : 8;
/** the targets: p99 under 100 ms for the topic pages, first-load JS under 80 KB gzip for the home page */
const P99_BUDGET_MS = 100;
const HOME_JS_BUDGET_KB = 80;
/** no target in the issue; a ceiling that catches a page suddenly pulling in a large library */
const PAGE_JS_BUDGET_KB = 150;

const say = (what: string) => step('pages', what);
const CATEGORIES = ['facility', 'environment', 'safety', 'traffic', 'property', 'elderly', 'business', 'other'];
const STATUSES = ['collecting', 'accepted', 'deliberating', 'voted', 'implementing', 'done'];

async function firstLoadJs(base: string, token: string, pages: { name: string; path: string; signedIn: boolean }[]) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
	const out: Record<string, { kb: number; files: number }> = {};
	try {
		for (const page of pages) {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
			if (page.signedIn) await context.addCookies([{ name: 'yst_session', value: token, url: base }]);
			const tab = await context.newPage();
			const scripts = new Map<string, Promise<number>>();
			tab.on('response', (res) => {
				const url = res.url();
				const type = res.request().resourceType();
				if (url.endsWith('.js') || type === 'script') scripts.set(url, res.body().then((b) => gzipSync(b).length, () => 0));
			});
			const res = await tab.goto(`${base}${page.path}`, { waitUntil: 'networkidle' });
			if (!res || res.status() !== 200) throw new Error(`${page.path} answered ${res?.status()}`);
			const sizes = await Promise.all(scripts.values());
			out[page.name] = { kb: sizes.reduce((a, b) => a + b, 0) / 1024, files: sizes.length };
			await context.close();
		}
	} finally {
		await browser.close();
	}
	return out;
}

export async function run(): Promise<BenchResult[]> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		console.log('skip pages: set DATABASE_URL to a PostgreSQL server (a fresh database is made on it and dropped afterwards)');
		return [];
	}
	const app = await startServer(serverUrl, `yst_bench_pages_${process.pid}`);
	try {
		const { communityId, userId, estateId } = await seedCommunity(app.sql, 200);
		await app.sql`
			insert into topic (community_id, title, description, scope, estate_id, category, status, proposer_id, second_count, created_at, updated_at)
			select ${communityId}, '议题 ' || g || '：' || (array['楼道灯不亮', '电梯异响', '停车位不足', '垃圾分类点太远', '外墙渗水'])[1 + g % 5],
				repeat('居民反映的情况说明。', 20), 'estate', ${estateId}, (${CATEGORIES}::text[])[1 + g % 8], (${STATUSES}::text[])[1 + g % 6],
				${userId}, g % 30, now() - g * interval '1 hour', now() - g * interval '1 hour'
			from generate_series(1, ${TOPICS}) as g`;
		const [topic] = await app.sql<{ id: number }[]>`select id from topic where community_id = ${communityId} order by id offset ${TOPICS / 2} limit 1`;
		await app.sql`
			insert into topic_comment (community_id, topic_id, user_id, body)
			select ${communityId}, ${topic.id}, ${userId}, '意见 ' || g || '：建议尽快处理。' from generate_series(1, 30) as g`;
		// statistics as autovacuum would have them on a site that has been running, not those of an empty database
		await app.sql`analyze`;
		say(`seeded ${TOPICS} topics`);
		const token = await signIn(app.base);
		const cookie = { cookie: `yst_session=${token}` };
		const list = `/c/${communityId}/topics`;
		const one = `/c/${communityId}/topics/${topic.id}`;
		for (const path of [list, one]) {
			const res = await fetch(`${app.base}${path}`, { headers: cookie });
			if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
		}

		// a second of load on each page first, not counted: connections opened, statements prepared, code compiled
		for (const path of [list, one]) await load({ url: `${app.base}${path}`, connections: CONNECTIONS, seconds: 1, headers: cookie });

		const results: BenchResult[] = [];
		for (const [name, path] of [
			['topic list', list],
			['topic page', one]
		]) {
			const l = await load({ url: `${app.base}${path}`, connections: CONNECTIONS, seconds: SECONDS, headers: cookie });
			say(`${name}: ${l.ok} pages in ${l.seconds} s`);
			if (l.other > 0 || l.errors > 0) throw new Error(`${path}: ${l.other} non-2xx answers, ${l.errors} errors`);
			results.push({
				name: `${name} p99 (${TOPICS} topics, ${CONNECTIONS} connections)`,
				value: l.p99,
				unit: 'ms',
				budget: P99_BUDGET_MS,
				target: true,
				detail: { p50ms: l.p50, pagesPerS: l.okPerS.toFixed(0) }
			});
		}

		const js = await firstLoadJs(app.base, token, [
			{ name: 'home', path: '/', signedIn: false },
			{ name: 'community board', path: `/c/${communityId}`, signedIn: true },
			{ name: 'topic page', path: one, signedIn: true }
		]);
		for (const [name, { kb, files }] of Object.entries(js)) {
			results.push({
				name: `first-load JavaScript, ${name} (gzip)`,
				value: kb,
				unit: 'KB',
				budget: name === 'home' ? HOME_JS_BUDGET_KB : PAGE_JS_BUDGET_KB,
				detail: { files }
			});
		}
		return results;
	} finally {
		await app.close();
	}
}
