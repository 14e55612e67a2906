import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble, canonical, contentHash, diff, lines, type MinutesSource } from './minutes';

const source = (): MinutesSource => ({
	community: '双福社区',
	session: { title: '双福巷商户燃气管道协商会', kind: 'tripartite', venue: '议事厅', startsAt: '2026-11-20T06:00:00.000Z', endsAt: '2026-11-20T08:00:00Z' },
	attendees: [
		{ name: '李建国', role: 'resident' },
		{ name: '王经理', role: 'utility', organisation: '天然气公司' },
		{ name: '张老板', role: 'merchant', organisation: '张记面馆' },
		{ name: '刘芳', role: 'resident' }
	],
	agenda: [
		{ id: 12, position: 2, title: '施工安全与时间', presenter: '王经理' },
		{ id: 11, position: 1, title: '燃气管道走向', presenter: '张桂兰' }
	],
	records: [
		{ id: 1, agendaItemId: 11, speaker: '李建国', role: '居民', point: '管道不能贴着卧室外墙' },
		{ id: 2, agendaItemId: 11, speaker: '王经理', role: '天然气公司', point: '可改走巷道一侧' },
		{ id: 3, agendaItemId: 12, speaker: '张老板', role: '商户', point: '夜间施工可以接受' }
	],
	votes: [{ id: 5, title: '管道走巷道一侧', kind: 'poll', result: ['同意 18 人', '不同意 2 人'] }],
	resolutions: [
		{ id: 7, text: '燃气管道改走巷道北侧', responsible: '王经理', deadline: '2026-12-31', topic: '燃气管道' },
		{ id: 8, text: '施工前三天张贴公告', responsible: '张桂兰', deadline: '2026-12-10' }
	],
	opinion: '各方同意管道改走巷道北侧。'
});

describe('assembling the minutes', () => {
	it('groups attendees by role in the given order, orders the agenda and files each point under its item', () => {
		const doc = assemble(source(), ['committee', 'merchant', 'utility', 'resident']);
		expect(doc.attendees.map((g) => g.role)).toEqual(['merchant', 'utility', 'resident']);
		expect(doc.attendees[2].people.map((p) => p.name)).toEqual(['李建国', '刘芳']);
		expect(doc.attendees[1].people[0]).toEqual({ name: '王经理', organisation: '天然气公司' });
		expect(doc.agenda.map((a) => a.title)).toEqual(['燃气管道走向', '施工安全与时间']);
		expect(doc.agenda[0].discussion.map((d) => d.speaker)).toEqual(['李建国', '王经理']);
		expect(doc.agenda[1].discussion).toHaveLength(1);
		expect(doc.resolutions.map((r) => r.number)).toEqual([1, 2]);
		expect(doc.session.endsAt).toBe('2026-11-20T08:00:00.000Z');
	});

	it('roles not in the order come after, in order of first appearance', () => {
		const doc = assemble(source(), ['utility']);
		expect(doc.attendees.map((g) => g.role)).toEqual(['utility', 'resident', 'merchant']);
	});
});

describe('canonical text and content hash', () => {
	it('the same content gives the same hash whatever the key order or Date form', () => {
		const a = assemble(source());
		const s = source();
		s.session.startsAt = new Date('2026-11-20T06:00:00Z');
		const b = JSON.parse(JSON.stringify(assemble(s)), (_k, v) =>
			v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v
		);
		expect(canonical(b)).toBe(canonical(a));
		expect(contentHash(b)).toBe(contentHash(a));
		expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('a one-character change changes the hash', () => {
		const s = source();
		const before = contentHash(assemble(s));
		s.resolutions[1].deadline = '2026-12-11';
		expect(contentHash(assemble(s))).not.toBe(before);
	});

	it('is the SHA-256 of the canonical UTF-8 text (known value)', () => {
		// sha256('{"a":1,"b":"议"}'), computed independently with `printf '%s' '{"a":1,"b":"议"}' | sha256sum`
		expect(canonical({ b: '议', a: 1 })).toBe('{"a":1,"b":"议"}');
		expect(contentHash({ b: '议', a: 1 } as never)).toBe('e4a4ca202c7c7766916a32e80bdd07ac9bec245571635b98b71a1866301538f6');
	});

	it('property: canonical text is independent of key insertion order', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), (obj) => {
				const reversed = Object.fromEntries(Object.entries(obj).reverse());
				expect(canonical(reversed)).toBe(canonical(obj));
				expect(JSON.parse(canonical(obj))).toEqual(obj);
			})
		);
	});
});

describe('what changed between two versions', () => {
	it('no change gives no lines', () => {
		expect(diff(assemble(source()), assemble(source()))).toEqual([]);
	});

	it('a corrected deadline, an added point and a removed resolution read as such', () => {
		const before = assemble(source());
		const s = source();
		s.resolutions[0].deadline = '2026-12-15';
		s.records.push({ id: 4, agendaItemId: 12, speaker: '刘芳', role: '网格员', point: '施工期间巷口设专人值守' });
		s.resolutions.splice(1, 1);
		const changes = diff(before, assemble(s));
		expect(changes).toEqual([
			{ kind: 'added', section: 'discussion', ref: '2', field: 'point', before: null, after: '刘芳（网格员）：施工期间巷口设专人值守' },
			{ kind: 'changed', section: 'resolutions', ref: '1', field: 'deadline', before: '2026-12-31', after: '2026-12-15' },
			{ kind: 'removed', section: 'resolutions', ref: '2', field: 'text', before: '施工前三天张贴公告', after: null },
			{ kind: 'removed', section: 'resolutions', ref: '2', field: 'responsible', before: '张桂兰', after: null },
			{ kind: 'removed', section: 'resolutions', ref: '2', field: 'deadline', before: '2026-12-10', after: null }
		]);
	});

	it('an attendee added to a role shows the role’s whole list before and after', () => {
		const before = assemble(source());
		const s = source();
		s.attendees.push({ name: '赵明', role: 'resident' });
		expect(diff(before, assemble(s))).toEqual([
			{ kind: 'changed', section: 'attendees', ref: 'resident', field: 'people', before: '李建国、刘芳', after: '李建国、刘芳、赵明' }
		]);
	});

	it('every line has a unique key', () => {
		const keys = lines(assemble(source())).map((l) => l.key);
		expect(new Set(keys).size).toBe(keys.length);
	});
});
