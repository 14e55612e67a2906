import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RULES, tally, type Choice, type RollEntry } from './art278';
import { tallyElection, tallyMeeting, type ElectionBallot, type MeetingBallot, type MeetingItem } from './meeting';

const rule = RULES['civil-code-2021'];
const rollOf = (areas: number[]): RollEntry[] => areas.map((areaDm2, i) => ({ key: `h${i}`, areaDm2 }));
const same = (n: number, area = 10000) => Array.from({ length: n }, () => area);

const ITEMS: MeetingItem[] = [
	{ id: 1, title: '修改管理规约', matter: 'management_rules', matterClass: 'ordinary' },
	{ id: 2, title: '筹集维修资金', matter: 'raise_fund', matterClass: 'special' },
	{ id: 3, title: '续聘物业', matter: 'property_firm', matterClass: 'ordinary' }
];
/** one ballot per row, h0, h1, …; a row's entries are the choices on items 1, 2, 3 (null = left blank) */
const meetingBallots = (rows: (Choice | null)[][]): MeetingBallot[] =>
	rows.map((row, i) => ({
		key: `h${i}`,
		choices: Object.fromEntries(row.flatMap((c, j) => (c ? [[ITEMS[j].id, c]] : [])))
	}));

describe('a meeting counts every matter under its own class on the same returned ballots', () => {
	it('exactly 3/4 passes the special matter while exactly half fails an ordinary one', () => {
		const t = tallyMeeting(
			rollOf(same(4)),
			meetingBallots([
				['yes', 'yes', 'yes'],
				['yes', 'yes', 'no'],
				['no', 'yes', 'yes'],
				['no', 'no', 'yes']
			]),
			rule,
			ITEMS
		);
		expect(t.quorumMet).toBe(true);
		expect(t.items.map((i) => i.passed)).toEqual([false, true, true]);
		expect(t.items[0].yes).toEqual({ heads: 2, areaDm2: 20000 });
	});

	it('a matter left blank counts as 弃权 and the owner still took part in it', () => {
		const t = tallyMeeting(
			rollOf(same(4)),
			meetingBallots([
				['yes', 'yes', 'yes'],
				['yes', 'yes', 'yes'],
				['yes', 'yes', 'yes'],
				[null, null, 'yes']
			]),
			rule,
			ITEMS
		);
		expect(t.participated).toEqual({ heads: 4, areaDm2: 40000 });
		for (const item of t.items) expect(item.yes.heads + item.no.heads + item.abstain.heads).toBe(4);
		expect(t.items[0].abstain).toEqual({ heads: 1, areaDm2: 10000 });
		// 3 of 4 is exactly 3/4: the special matter passes with the blank counted as abstention
		expect(t.items[1].passed).toBe(true);
		expect(t.items[0].passed).toBe(true);
	});

	it('exactly 2/3 of heads and area returning ballots meets the quorum, even with every matter blank on one', () => {
		const t = tallyMeeting(rollOf(same(3)), meetingBallots([['yes', 'yes', 'yes'], [null, null, null]]), rule, ITEMS);
		expect(t.quorumMet).toBe(true);
		expect(t.participated.heads).toBe(2);
		// 1 yes of 2: exactly half fails ordinary, below 3/4 fails special
		expect(t.items.map((i) => i.passed)).toEqual([false, false, false]);
	});

	it('exactly 2/3 yes is not enough for a special matter (3/4 needed)', () => {
		const t = tallyMeeting(rollOf(same(3)), meetingBallots([['yes', 'yes', 'yes'], ['yes', 'yes', 'yes'], ['no', 'no', 'no']]), rule, ITEMS);
		expect(t.items.map((i) => i.passed)).toEqual([true, false, true]);
	});

	it('without the quorum no matter passes, however unanimous', () => {
		const t = tallyMeeting(rollOf(same(4)), meetingBallots([['yes', 'yes', 'yes'], ['yes', 'yes', 'yes']]), rule, ITEMS);
		expect(t.quorumMet).toBe(false);
		expect(t.items.every((i) => !i.passed)).toBe(true);
	});

	it('area decides too: most heads yes but half the area or less fails an ordinary matter', () => {
		const t = tallyMeeting(
			rollOf([10000, 10000, 20000]),
			meetingBallots([['yes', 'yes', 'yes'], ['yes', 'yes', 'yes'], ['no', 'no', 'no']]),
			rule,
			ITEMS
		);
		expect(t.items[0].yes).toEqual({ heads: 2, areaDm2: 20000 });
		expect(t.items[0].passed).toBe(false);
	});
});

const C = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `候选人${i + 1}` }));
/** each row: the candidate ids a head (h0, h1, …) consents to */
const electionBallots = (rows: number[][]): ElectionBallot[] => rows.map((candidateIds, i) => ({ key: `h${i}`, candidateIds }));
const byId = (t: ReturnType<typeof tallyElection>) => Object.fromEntries(t.candidates.map((c) => [c.id, c]));

describe('an election elects candidates consented to by more than half of participating heads and area', () => {
	it('exactly half consenting does not pass; one more does', () => {
		const t = byId(tallyElection(rollOf(same(4)), electionBallots([[1, 2], [1, 2], [1], [3]]), rule, C(3), 2));
		expect(t[1].passed).toBe(true); // 3 of 4
		expect(t[2].passed).toBe(false); // 2 of 4, exactly half
		expect(t[3].passed).toBe(false);
		expect(t[1].elected).toBe(true);
		expect(t[2].elected).toBe(false);
	});

	it('more passing than seats: the most consenting heads win, the rest passed but not elected', () => {
		// 9 heads: 1 and 2 have 6 each, 3 has 5 (5 of 9 is more than half)
		const t = tallyElection(
			rollOf(same(9)),
			electionBallots([[1, 2], [1, 2], [1, 2], [1, 2], [1, 3], [1, 3], [2, 3], [2, 3], [3]]),
			rule,
			C(3),
			2
		);
		expect(t.candidates.map((c) => [c.id, c.yes.heads, c.passed, c.elected, c.tie])).toEqual([
			[1, 6, true, true, false],
			[2, 6, true, true, false],
			[3, 5, true, false, false]
		]);
		expect(t.runoffSeats).toBe(0);
	});

	it('equal heads at the last seat: the larger consenting area wins by default', () => {
		const t = byId(
			tallyElection(rollOf([10000, 10000, 10000, 12000, 11000]), electionBallots([[1, 2], [1, 3], [1, 2], [1, 3], [2, 3]]), rule, C(3), 2)
		);
		expect(t[2].yes).toEqual({ heads: 3, areaDm2: 31000 });
		expect(t[3].yes).toEqual({ heads: 3, areaDm2: 33000 });
		expect([t[1].elected, t[2].elected, t[3].elected]).toEqual([true, false, true]);
		expect(t[2].tie || t[3].tie).toBe(false);
	});

	it('the community may rank by area first', () => {
		// h7 and h8 hold 40 m² each, the others 10 m²
		const roll = rollOf([...same(7, 1000), 4000, 4000]);
		const ballots = electionBallots([[2, 3], [1, 2], [1, 2], [1, 2], [1, 2], [1, 3], [1, 3], [2, 3], [1, 3]]);
		const heads = byId(tallyElection(roll, ballots, rule, C(3), 2));
		const area = byId(tallyElection(roll, ballots, rule, C(3), 2, 'area_then_heads'));
		expect([heads[1].yes, heads[2].yes, heads[3].yes]).toEqual([
			{ heads: 7, areaDm2: 10000 },
			{ heads: 6, areaDm2: 9000 },
			{ heads: 5, areaDm2: 11000 }
		]);
		expect([heads[1].elected, heads[2].elected, heads[3].elected]).toEqual([true, true, false]);
		expect([area[1].elected, area[2].elected, area[3].elected]).toEqual([true, false, true]);
	});

	it('an exact tie at the last seat is reported for a run-off, nobody picked', () => {
		const t = tallyElection(rollOf(same(5)), electionBallots([[1, 2], [1, 3], [1, 2], [1, 3], [2, 3]]), rule, C(3), 2);
		const c = byId(t);
		expect([c[1].elected, c[1].tie]).toEqual([true, false]);
		expect([c[2].passed, c[2].elected, c[2].tie, c[3].passed, c[3].elected, c[3].tie]).toEqual([true, false, true, true, false, true]);
		expect(t.runoffSeats).toBe(1);
		const all = tallyElection(rollOf(same(6)), electionBallots([[1, 2], [1, 2], [1, 3], [1, 3], [2, 3], [2, 3]]), rule, C(3), 2);
		expect(all.candidates.map((x) => [x.elected, x.tie])).toEqual([
			[false, true],
			[false, true],
			[false, true]
		]);
		expect(all.runoffSeats).toBe(2);
	});

	it('a tie spanning the last seat: those above are elected, the tied share the remaining seats in a run-off', () => {
		// 4 candidates, 3 seats: 1 has 5 heads, 2/3/4 have 4 heads each on equal areas
		const t = tallyElection(
			rollOf(same(6)),
			electionBallots([[1, 2, 3], [1, 2, 4], [1, 3, 4], [1, 2, 3], [1, 4], [2, 3, 4]]),
			rule,
			C(4),
			3
		);
		const c = byId(t);
		expect(c[1].elected).toBe(true);
		expect([2, 3, 4].map((i) => [c[i].passed, c[i].elected, c[i].tie])).toEqual([
			[true, false, true],
			[true, false, true],
			[true, false, true]
		]);
		expect(t.runoffSeats).toBe(2);
	});

	it('a tie above the last seat is no tie: both are elected', () => {
		const t = byId(tallyElection(rollOf(same(4)), electionBallots([[1, 2], [1, 2], [1, 2], [3]]), rule, C(3), 2));
		expect([t[1].elected, t[2].elected, t[1].tie, t[2].tie]).toEqual([true, true, false, false]);
	});

	it('a tie among fewer passing candidates than seats elects them all', () => {
		const t = byId(tallyElection(rollOf(same(3)), electionBallots([[1, 2], [1, 2], []]), rule, C(3), 3));
		expect([t[1].elected, t[2].elected, t[3].elected, t[1].tie]).toEqual([true, true, false, false]);
	});

	it('without the meeting quorum nobody is elected', () => {
		const t = tallyElection(rollOf(same(4)), electionBallots([[1], [1]]), rule, C(2), 1);
		expect(t.quorumMet).toBe(false);
		expect(t.candidates.every((c) => !c.passed && !c.elected)).toBe(true);
	});

	it('a ballot marking more candidates than seats, or one not standing, is refused', () => {
		expect(() => tallyElection(rollOf(same(3)), electionBallots([[1, 2]]), rule, C(3), 1)).toThrow(/more candidates than seats/);
		expect(() => tallyElection(rollOf(same(3)), electionBallots([[9]]), rule, C(3), 1)).toThrow(/not standing/);
		expect(() => tallyElection(rollOf(same(3)), electionBallots([[1, 1]]), rule, C(3), 2)).toThrow(/twice/);
	});
});

// ---------- properties ----------

const choiceArb = fc.option(fc.constantFrom<Choice>('yes', 'no', 'abstain'), { nil: null });
const areasArb = fc.array(fc.integer({ min: 1, max: 30_000 }), { minLength: 1, maxLength: 30 });

const meetingArb = areasArb.chain((areas) =>
	fc.tuple(
		fc.constant(rollOf(areas)),
		// null row: the head returned no ballot
		fc.array(fc.option(fc.array(choiceArb, { minLength: 3, maxLength: 3 }), { nil: null }), { minLength: areas.length, maxLength: areas.length })
	)
);

describe('meeting properties', () => {
	it('each matter is the single-matter Art. 278 tally of the returned ballots with blanks as abstentions', () => {
		fc.assert(
			fc.property(meetingArb, ([roll, rows]) => {
				const returned = rows.flatMap((row, i) => (row ? [{ i, row }] : []));
				const ballots: MeetingBallot[] = returned.map(({ i, row }) => ({
					key: `h${i}`,
					choices: Object.fromEntries(row.flatMap((c, j) => (c ? [[ITEMS[j].id, c]] : [])))
				}));
				const t = tallyMeeting(roll, ballots, rule, ITEMS);
				ITEMS.forEach((item, j) => {
					const single = tally(roll, returned.map(({ i, row }) => ({ key: `h${i}`, choice: row[j] ?? 'abstain' })), rule, item.matterClass);
					expect(t.items[j]).toMatchObject({ yes: single.yes, no: single.no, abstain: single.abstain, passed: single.passed });
					expect(single.participated).toEqual(t.participated);
				});
				expect(t.participated.heads).toBe(returned.length);
			})
		);
	});

	it('a passed special matter would also pass as ordinary, on the same ballots', () => {
		fc.assert(
			fc.property(meetingArb, ([roll, rows]) => {
				const ballots: MeetingBallot[] = rows.flatMap((row, i) => (row ? [{ key: `h${i}`, choices: { 1: row[0] ?? undefined, 2: row[0] ?? undefined } }] : []));
				const t = tallyMeeting(roll, ballots, rule, [
					{ ...ITEMS[0], matterClass: 'ordinary' },
					{ ...ITEMS[1], matterClass: 'special' }
				]);
				if (t.items[1].passed) expect(t.items[0].passed).toBe(true);
			})
		);
	});
});

const electionArb = fc
	.record({ areas: areasArb, candidates: fc.integer({ min: 1, max: 6 }), seats: fc.integer({ min: 1, max: 4 }) })
	.chain(({ areas, candidates, seats }) =>
		fc.record({
			roll: fc.constant(rollOf(areas)),
			candidates: fc.constant(C(candidates)),
			seats: fc.constant(seats),
			ballots: fc.array(
				fc.option(fc.shuffledSubarray(C(candidates).map((c) => c.id), { maxLength: Math.min(seats, candidates) }), { nil: null }),
				{ minLength: areas.length, maxLength: areas.length }
			),
			order: fc.constantFrom('heads_then_area' as const, 'area_then_heads' as const)
		})
	);

describe('election properties', () => {
	it('never more elected than seats; only passed candidates are elected; a tie is reported exactly when it straddles the last seat', () => {
		fc.assert(
			fc.property(electionArb, ({ roll, candidates, seats, ballots, order }) => {
				const bs = ballots.flatMap((ids, i) => (ids ? [{ key: `h${i}`, candidateIds: ids }] : []));
				const t = tallyElection(roll, bs, rule, candidates, seats, order);
				const elected = t.candidates.filter((c) => c.elected);
				const passed = t.candidates.filter((c) => c.passed);
				const tied = t.candidates.filter((c) => c.tie);
				expect(elected.length).toBeLessThanOrEqual(seats);
				expect(elected.every((c) => c.passed)).toBe(true);
				expect(tied.every((c) => c.passed && !c.elected)).toBe(true);
				if (tied.length === 0) {
					expect(elected.length).toBe(Math.min(seats, passed.length));
					expect(t.runoffSeats).toBe(0);
				} else {
					expect(elected.length + tied.length).toBeGreaterThan(seats);
					expect(t.runoffSeats).toBe(seats - elected.length);
					expect(t.runoffSeats).toBeGreaterThan(0);
				}
				// passing is plain integer arithmetic on the consenting heads and area
				for (const c of t.candidates) {
					expect(c.passed).toBe(t.quorumMet && 2 * c.yes.heads > t.participated.heads && 2 * c.yes.areaDm2 > t.participated.areaDm2);
				}
				// every elected candidate ranks strictly above every passed one left out
				const key = (c: (typeof t.candidates)[number]) =>
					order === 'heads_then_area' ? [c.yes.heads, c.yes.areaDm2] : [c.yes.areaDm2, c.yes.heads];
				for (const e of elected) {
					for (const o of passed.filter((p) => !p.elected)) {
						const [a, b] = [key(e), key(o)];
						expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])).toBe(true);
					}
				}
			})
		);
	});

	it('the order in which ballots are counted changes nothing', () => {
		fc.assert(
			fc.property(
				electionArb.chain((e) => {
					const bs = e.ballots.flatMap((ids, i) => (ids ? [{ key: `h${i}`, candidateIds: ids }] : []));
					return fc.tuple(fc.constant(e), fc.constant(bs), fc.shuffledSubarray(bs, { minLength: bs.length }));
				}),
				([e, bs, shuffled]) => {
					expect(tallyElection(e.roll, shuffled, rule, e.candidates, e.seats, e.order)).toEqual(
						tallyElection(e.roll, bs, rule, e.candidates, e.seats, e.order)
					);
				}
			)
		);
	});
});
