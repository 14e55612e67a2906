import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import LineChart from './LineChart.svelte';
import BarChart from './BarChart.svelte';

/** the server-rendered markup without Svelte's hydration comments */
const html = (out: { body: string }) => out.body.replace(/<!--.*?-->/g, '');

const circles = (body: string) => [...body.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('LineChart', () => {
	it('draws a higher value higher up, skips missing quarters and lists every value in the table', () => {
		const body = html(render(LineChart, { props: { label: '满意率趋势', xLabels: ['2026Q1', '2026Q2', '2026Q3'], series: [{ name: '陈志强', values: [90, null, 99.5] }], unit: '%' } }));
		const points = circles(body);
		expect(points).toHaveLength(2);
		// SVG y grows downwards: 99.5 sits above 90
		expect(points[1][1]).toBeLessThan(points[0][1]);
		expect(points[1][0]).toBeGreaterThan(points[0][0]);
		expect(body).toContain('aria-label="满意率趋势"');
		expect(body).toContain('<title>陈志强 2026Q3: 99.5%</title>');
		expect(body).toMatch(/<th scope="row">2026Q2<\/th><td>—<\/td>/);
		expect(body).toMatch(/<td>99.5%<\/td>/);
	});

	it('shows a legend only for several series and says so when there is nothing to draw', () => {
		const one = html(render(LineChart, { props: { label: 't', xLabels: ['a', 'b'], series: [{ name: '甲', values: [1, 2] }] } }));
		expect(one).not.toContain('class="legend');
		const two = html(render(LineChart, { props: { label: 't', xLabels: ['a', 'b'], series: [{ name: '甲', values: [1, 2] }, { name: '乙', values: [2, 1] }] } }));
		expect(two).toContain('class="legend');
		const empty = html(render(LineChart, { props: { label: 't', xLabels: ['a'], series: [{ name: '甲', values: [null] }] } }));
		expect(empty).not.toContain('<svg');
		expect(empty).toContain('暂无数据');
	});
});

describe('BarChart', () => {
	it('draws bars in proportion to their values with the given colours', () => {
		const body = html(render(BarChart, { props: { label: '按颜色', rows: [{ label: '绿', value: 30, color: '#1d6b35' }, { label: '黄', value: 15, color: '#8a5a00' }, { label: '红', value: 0 }] } }));
		const bars = [...body.matchAll(/<rect x="[\d.]+" y="[\d.]+" height="[\d.]+" width="([\d.]+)" fill="([^"]+)"/g)].map((m) => ({ width: Number(m[1]), fill: m[2] }));
		expect(bars).toHaveLength(3);
		expect(bars[0].width).toBeCloseTo(2 * bars[1].width, 5);
		expect(bars[0].fill).toBe('#1d6b35');
		expect(bars[2].width).toBe(0);
		expect(body).toMatch(/<th scope="row">黄<\/th><td>15<\/td>/);
	});

	it('cuts a long label in the drawing but keeps it whole in the table', () => {
		const body = html(render(BarChart, { props: { label: 'x', rows: [{ label: '公共设施与道路照明维修', value: 3 }] } }));
		expect(body).toContain('公共设施与道路…');
		expect(body).toContain('<th scope="row">公共设施与道路照明维修</th>');
	});
});
