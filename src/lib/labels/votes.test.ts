import { describe, expect, it } from 'vitest';
import { areaM2, bindingChecks, percent, thresholdLine } from './votes';

const TWO_THIRDS = { num: 2, den: 3, strict: false };
const HALF = { num: 1, den: 2, strict: true };
const THREE_QUARTERS = { num: 3, den: 4, strict: false };

describe('vote figures in words', () => {
	it('areas show square metres with two decimals, from integers', () => {
		expect(areaM2(38000)).toBe('380.00');
		expect(areaM2(1234567)).toBe('12,345.67');
		expect(areaM2(5)).toBe('0.05');
		expect(percent(712)).toBe('71.2%');
	});

	it.each([
		// part, whole, threshold, actual, sign, target, met
		[78, 100, THREE_QUARTERS, '78%', '≥', '75%', true],
		[3, 4, THREE_QUARTERS, '75%', '≥', '75%', true],
		[2, 3, TWO_THIRDS, '66.7%', '≥', '66.7%', true],
		[3, 100, TWO_THIRDS, '3%', '<', '66.7%', false],
		// one short of two thirds: 19999/30000 = 66.663% shows as 66.7% < 66.7% would mislead; more places are shown
		[19999, 30000, TWO_THIRDS, '66.66%', '<', '66.67%', false],
		[1, 2, HALF, '50%', '≤', '50%', false],
		[501, 1000, HALF, '50.1%', '>', '50%', true],
		[5001, 10000, HALF, '50.01%', '>', '50%', true],
		[0, 0, HALF, '0%', '≤', '50%', false]
	] as const)('%i of %i against %o reads %s %s %s', (part, whole, t, actual, sign, target, met) => {
		expect(thresholdLine('x', part, whole, t)).toEqual({ label: 'x', actual, sign, target, met });
	});

	it('the four checks of a binding result follow its rule and matter class', () => {
		const r = {
			ruleVersion: 'civil-code-2021',
			matterClass: 'special' as const,
			eligible: { heads: 4, areaDm2: 38000 },
			participated: { heads: 3, areaDm2: 27000 },
			yes: { heads: 2, areaDm2: 17000 }
		};
		const c = bindingChecks(r);
		expect(c.quorum.map((l) => l.met)).toEqual([true, true]);
		expect(c.pass.map((l) => [l.label, l.met])).toEqual([
			['同意人数 四分之三以上', false],
			['同意面积 四分之三以上', false]
		]);
	});
});
