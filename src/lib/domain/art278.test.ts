import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	buildRoll,
	DEVELOPER_KEY,
	MATTERS,
	meets,
	RULES,
	ruleOf,
	tally,
	type Ballot,
	type Choice,
	type MatterClass,
	type RollEntry
} from './art278';

const rule = RULES['civil-code-2021'];

/** a roll of n heads; areas given, or 10000 (100 m²) each */
const rollOf = (areas: number[]): RollEntry[] => areas.map((areaDm2, i) => ({ key: `h${i}`, areaDm2 }));
const ballotsOf = (choices: Choice[]): Ballot[] => choices.map((choice, i) => ({ key: `h${i}`, choice }));
const same = (n: number, area = 10000) => Array.from({ length: n }, () => area);
const many = (n: number, c: Choice) => Array.from({ length: n }, () => c);

describe('quorum: participating area and heads each at least 2/3 of the scope', () => {
	// 3 heads of 100 m² each: 2 taking part is exactly 2/3 of heads and area
	it.each([
		{ name: 'exactly 2/3 of heads and area meets quorum', areas: [10000, 10000, 10000], voters: 2, met: true },
		{ name: '0.01 m² less than 2/3 of the area fails', areas: [9999, 10000, 10001], voters: 2, met: false },
		{ name: '0.01 m² more than 2/3 of the area meets', areas: [10001, 10000, 9999], voters: 2, met: true },
		{ name: 'nearly all the area but fewer than 2/3 of heads fails', areas: [1000000, 1000000, 1000000, 1, 1, 1], voters: 3, met: false },
		{ name: 'more than 2/3 of heads but less than 2/3 of area fails', areas: [100, 100, 100, 100, 100000], voters: 4, met: false },
		{ name: 'exactly 2/3 of heads (6 of 9) with equal areas meets', areas: same(9), voters: 6, met: true },
		{ name: 'one head short (5 of 9) fails', areas: same(9), voters: 5, met: false },
		{ name: 'nobody voting fails', areas: same(3), voters: 0, met: false }
	])('$name', ({ areas, voters, met }) => {
		const t = tally(rollOf(areas), ballotsOf(many(voters, 'yes')), rule, 'ordinary');
		expect(t.quorumMet).toBe(met);
	});

	it('abstain and no count as participating for the quorum', () => {
		const t = tally(rollOf(same(3)), ballotsOf(['no', 'abstain']), rule, 'ordinary');
		expect(t.participated).toEqual({ heads: 2, areaDm2: 20000 });
		expect(t.quorumMet).toBe(true);
		expect(t.passed).toBe(false);
	});
});

describe('special matters pass with yes at least 3/4 of participating area and heads', () => {
	it.each([
		{ name: 'exactly 3/4 of heads and area passes', areas: same(4), choices: ['yes', 'yes', 'yes', 'no'], passed: true },
		{ name: '3/4 of heads but 0.01 m² short of 3/4 of area fails', areas: [9999, 10000, 10000, 10001], choices: ['yes', 'yes', 'yes', 'no'], passed: false },
		{ name: '3/4 of heads and 0.01 m² over 3/4 of area passes', areas: [10001, 10000, 10000, 9999], choices: ['yes', 'yes', 'yes', 'no'], passed: true },
		{ name: 'an abstention counts against: 3 yes of 5 participants fails', areas: same(5), choices: ['yes', 'yes', 'yes', 'abstain', 'no'], passed: false },
		{ name: '6 yes of 8 heads (exactly 3/4) passes', areas: same(8), choices: ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'abstain'], passed: true },
		{ name: '5 yes of 7 heads (just under 3/4) fails', areas: same(7), choices: ['yes', 'yes', 'yes', 'yes', 'yes', 'no', 'abstain'], passed: false },
		{ name: 'all area but 2 of 4 heads fails', areas: [1000000, 1000000, 1, 1], choices: ['yes', 'yes', 'no', 'no'], passed: false },
		{ name: '3 of 4 heads but small area fails', areas: [1, 1, 1, 1000000], choices: ['yes', 'yes', 'yes', 'no'], passed: false }
	] as { name: string; areas: number[]; choices: Choice[]; passed: boolean }[])('$name', ({ areas, choices, passed }) => {
		const t = tally(rollOf(areas), ballotsOf(choices), rule, 'special');
		expect(t.quorumMet).toBe(true);
		expect(t.passed).toBe(passed);
	});
});

describe('ordinary matters pass with yes strictly more than half of participating area and heads', () => {
	it.each([
		{ name: 'exactly half of heads and area FAILS', areas: same(4), choices: ['yes', 'yes', 'no', 'no'], passed: false },
		{ name: 'exactly half the area with 3 of 5 heads FAILS', areas: [4000, 4000, 10000, 10000, 12000], choices: ['yes', 'yes', 'no', 'no', 'yes'], passed: false },
		{ name: 'half the area + 0.01 m² with 3 of 5 heads passes', areas: [4000, 4000, 10000, 10000, 12001], choices: ['yes', 'yes', 'no', 'no', 'yes'], passed: true },
		{ name: 'exactly half the heads with more than half the area FAILS', areas: [10001, 10000, 10000, 9999], choices: ['yes', 'yes', 'no', 'no'], passed: false },
		{ name: 'one head over half (3 of 5) with more than half the area passes', areas: same(5), choices: ['yes', 'yes', 'yes', 'no', 'abstain'], passed: true },
		{ name: 'abstentions count against: 2 yes, 1 no, 1 abstain fails', areas: same(4), choices: ['yes', 'yes', 'no', 'abstain'], passed: false }
	] as { name: string; areas: number[]; choices: Choice[]; passed: boolean }[])('$name', ({ areas, choices, passed }) => {
		const t = tally(rollOf(areas), ballotsOf(choices), rule, 'ordinary');
		expect(t.quorumMet).toBe(true);
		expect(t.passed).toBe(passed);
	});

	it('never passes without quorum, however many yes', () => {
		const t = tally(rollOf(same(10)), ballotsOf(many(6, 'yes')), rule, 'special');
		expect(t.quorumMet).toBe(false);
		expect(t.passed).toBe(false);
	});
});

describe('counting', () => {
	it('reports totals per choice and ignores ballots off the roll', () => {
		const roll = rollOf([8000, 9000, 10000]);
		const t = tally(roll, [...ballotsOf(['yes', 'no', 'abstain']), { key: 'stranger', choice: 'yes' }], rule, 'ordinary');
		expect(t.eligible).toEqual({ heads: 3, areaDm2: 27000 });
		expect(t.yes).toEqual({ heads: 1, areaDm2: 8000 });
		expect(t.no).toEqual({ heads: 1, areaDm2: 9000 });
		expect(t.abstain).toEqual({ heads: 1, areaDm2: 10000 });
		expect(t.ignored).toBe(1);
	});

	it('refuses a second ballot for the same head', () => {
		expect(() => tally(rollOf([1, 1]), [{ key: 'h0', choice: 'yes' }, { key: 'h0', choice: 'no' }], rule, 'ordinary')).toThrow();
	});

	it('the threshold comparison is integer-exact with huge areas', () => {
		// 2/3 of 3e12 as integers; a float 0.6666… comparison would blur the last 0.01 m²
		expect(meets(2_000_000_000_000, 3_000_000_000_000, rule.quorum)).toBe(true);
		expect(meets(1_999_999_999_999, 3_000_000_000_000, rule.quorum)).toBe(false);
	});

	it('rules are looked up by version and unknown versions are refused', () => {
		expect(ruleOf('civil-code-2021')).toBe(rule);
		expect(() => ruleOf('civil-code-1999')).toThrow();
	});

	it('the matter fixes the class: raising the fund is special, using it is ordinary', () => {
		expect(MATTERS.raise_fund.class).toBe('special');
		expect(MATTERS.rebuild.class).toBe('special');
		expect(MATTERS.common_use.class).toBe('special');
		expect(MATTERS.use_fund.class).toBe('ordinary');
		expect(MATTERS.property_firm.class).toBe('ordinary');
		expect(Object.values(MATTERS).filter((mt) => mt.class === 'special')).toHaveLength(3);
	});
});

describe('building the roll from units', () => {
	it('an owner with several units is one head with their areas summed', () => {
		const roll = buildRoll([
			{ id: 1, ownerKey: 'A', areaDm2: 8000, developer: false },
			{ id: 2, ownerKey: 'B', areaDm2: 9000, developer: false },
			{ id: 3, ownerKey: 'A', areaDm2: 12000, developer: false }
		]);
		expect(roll).toHaveLength(2);
		expect(roll.find((h) => h.unitIds.includes(3))).toEqual({ key: 'o:A', areaDm2: 20000, unitIds: [1, 3] });
	});

	it('developer-held units are one head together, whatever owner key they carry', () => {
		const roll = buildRoll([
			{ id: 1, ownerKey: 'DEV-1', areaDm2: 8000, developer: true },
			{ id: 2, ownerKey: 'DEV-2', areaDm2: 9000, developer: true },
			{ id: 3, ownerKey: 'C', areaDm2: 10000, developer: false },
			{ id: 4, ownerKey: 'C', areaDm2: 500, developer: true }
		]);
		expect(roll).toEqual([
			{ key: DEVELOPER_KEY, areaDm2: 17500, unitIds: [1, 2, 4] },
			{ key: 'o:C', areaDm2: 10000, unitIds: [3] }
		]);
	});

	it('an owner key that reads "developer" is not the developer', () => {
		const roll = buildRoll([
			{ id: 1, ownerKey: 'developer', areaDm2: 1, developer: false },
			{ id: 2, ownerKey: 'x', areaDm2: 1, developer: true }
		]);
		expect(roll).toHaveLength(2);
	});
});

// ---- properties ----

const choiceArb = fc.constantFrom<Choice>('yes', 'no', 'abstain');
const classArb = fc.constantFrom<MatterClass>('special', 'ordinary');
/** a roll and ballots from a subset of its heads */
const voteArb = fc
	.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 40 })
	.chain((areas) =>
		fc.tuple(
			fc.constant(rollOf(areas)),
			fc.array(fc.option(choiceArb, { nil: null }), { minLength: areas.length, maxLength: areas.length })
		)
	)
	.map(([roll, picks]) => ({
		roll,
		ballots: picks.flatMap((choice, i) => (choice ? [{ key: roll[i].key, choice }] : []))
	}));

describe('properties', () => {
	it('adding a yes ballot never turns a passed vote into a failed one', () => {
		fc.assert(
			fc.property(voteArb, classArb, ({ roll, ballots }, cls) => {
				const before = tally(roll, ballots, rule, cls);
				const voted = new Set(ballots.map((b) => b.key));
				const fresh = roll.find((r) => !voted.has(r.key));
				fc.pre(fresh !== undefined);
				const after = tally(roll, [...ballots, { key: fresh!.key, choice: 'yes' }], rule, cls);
				if (before.passed) expect(after.passed).toBe(true);
			})
		);
	});

	it('turning a no into a yes never turns passed into failed', () => {
		fc.assert(
			fc.property(voteArb, classArb, fc.nat(), ({ roll, ballots }, cls, pick) => {
				const noes = ballots.filter((b) => b.choice === 'no');
				fc.pre(noes.length > 0);
				const flip = noes[pick % noes.length].key;
				const before = tally(roll, ballots, rule, cls);
				const after = tally(roll, ballots.map((b) => (b.key === flip ? { ...b, choice: 'yes' as const } : b)), rule, cls);
				if (before.passed) expect(after.passed).toBe(true);
			})
		);
	});

	it('the result never depends on ballot order', () => {
		fc.assert(
			fc.property(
				voteArb.chain((v) => fc.tuple(fc.constant(v), fc.shuffledSubarray(v.ballots, { minLength: v.ballots.length }))),
				classArb,
				([{ roll, ballots }, shuffled], cls) => {
					expect(tally(roll, shuffled, rule, cls)).toEqual(tally(roll, ballots, rule, cls));
				}
			)
		);
	});

	it('participation never exceeds eligibility and choices add up to participation', () => {
		fc.assert(
			fc.property(voteArb, classArb, ({ roll, ballots }, cls) => {
				const t = tally(roll, ballots, rule, cls);
				expect(t.participated.heads).toBeLessThanOrEqual(t.eligible.heads);
				expect(t.participated.areaDm2).toBeLessThanOrEqual(t.eligible.areaDm2);
				expect(t.yes.heads + t.no.heads + t.abstain.heads).toBe(t.participated.heads);
				expect(t.yes.areaDm2 + t.no.areaDm2 + t.abstain.areaDm2).toBe(t.participated.areaDm2);
				if (t.passed) expect(t.quorumMet).toBe(true);
			})
		);
	});

	it('owners with several units count once, with the area of all their units', () => {
		const unitsArb = fc.array(
			fc.record({
				ownerKey: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
				areaDm2: fc.integer({ min: 1, max: 30_000 }),
				developer: fc.boolean()
			}),
			{ minLength: 1, maxLength: 30 }
		);
		fc.assert(
			fc.property(unitsArb, (raw) => {
				const units = raw.map((u, i) => ({ ...u, id: i + 1 }));
				const roll = buildRoll(units);
				const owners = new Set(units.map((u) => (u.developer ? '#dev' : u.ownerKey)));
				expect(roll).toHaveLength(owners.size);
				expect(roll.reduce((s, h) => s + h.areaDm2, 0)).toBe(units.reduce((s, u) => s + u.areaDm2, 0));
				expect(roll.flatMap((h) => h.unitIds).sort((a, b) => a - b)).toEqual(units.map((u) => u.id));
				// everyone voting yes: the heads are the distinct owners, not the units
				const t = tally(roll, roll.map((h) => ({ key: h.key, choice: 'yes' as const })), rule, 'special');
				expect(t.participated.heads).toBe(owners.size);
				expect(t.passed).toBe(true);
			})
		);
	});
});
