import { describe, expect, it } from 'vitest';
import {
	acceptsResponses,
	canExtendDeadline,
	canMoveCall,
	checkSchedule,
	completeEvaluators,
	criteriaProblem,
	rankResponses,
	warnInnovativePurchase,
	weightedMean
} from './calls';

const day = 86_400_000;
const opens = new Date('2026-12-01T09:00:00Z');
const after = (days: number) => new Date(opens.getTime() + days * day);

describe('call schedule', () => {
	it('refuses a call that closes before it opens or within 7 days', () => {
		expect(checkSchedule(opens, opens)).toEqual({ ok: false, problem: 'closes_before_opens' });
		expect(checkSchedule(opens, after(-1))).toEqual({ ok: false, problem: 'closes_before_opens' });
		expect(checkSchedule(opens, after(6.9))).toEqual({ ok: false, problem: 'too_short' });
	});
	it('warns between 7 and 28 days', () => {
		expect(checkSchedule(opens, after(7))).toEqual({ ok: true, warnShort: true });
		expect(checkSchedule(opens, after(27))).toEqual({ ok: true, warnShort: true });
	});
	it('accepts 28 days and more silently', () => {
		expect(checkSchedule(opens, after(28))).toEqual({ ok: true, warnShort: false });
	});
	it('only lets an open call move its deadline later', () => {
		expect(canExtendDeadline('open', after(30), after(40))).toBe(true);
		expect(canExtendDeadline('open', after(30), after(20))).toBe(false);
		expect(canExtendDeadline('closed', after(30), after(40))).toBe(false);
	});
	it('accepts responses between opening and closing only', () => {
		expect(acceptsResponses('open', opens, after(30), after(1))).toBe(true);
		expect(acceptsResponses('open', opens, after(30), after(-1))).toBe(false);
		expect(acceptsResponses('open', opens, after(30), after(30))).toBe(false);
		expect(acceptsResponses('closed', opens, after(30), after(1))).toBe(false);
	});
});

describe('legal frame', () => {
	it('warns for an innovative purchase over EUR 100,000 HT', () => {
		expect(warnInnovativePurchase('innovative_purchase', 100_000_01)).toBe(true);
		expect(warnInnovativePurchase('innovative_purchase', 100_000_00)).toBe(false);
		expect(warnInnovativePurchase('experimentation_convention', 500_000_00)).toBe(false);
	});
});

describe('criteria', () => {
	it('need weights adding up to 100', () => {
		expect(
			criteriaProblem([
				{ label: 'Prix', weight: 40 },
				{ label: 'Qualité', weight: 60 }
			])
		).toBeNull();
		expect(
			criteriaProblem([
				{ label: 'Prix', weight: 40 },
				{ label: 'Qualité', weight: 50 }
			])
		).toBe('sum_not_100');
	});
	it('need a label, whole weights and at least one criterion', () => {
		expect(criteriaProblem([])).toBe('none');
		expect(criteriaProblem([{ label: ' ', weight: 100 }])).toBe('label_missing');
		expect(
			criteriaProblem([
				{ label: 'A', weight: 99.5 },
				{ label: 'B', weight: 0.5 }
			])
		).toBe('weight_invalid');
		expect(
			criteriaProblem([
				{ label: 'A', weight: 0 },
				{ label: 'B', weight: 100 }
			])
		).toBe('weight_invalid');
	});
});

describe('call lifecycle', () => {
	it('moves forward one step at a time', () => {
		expect(canMoveCall('draft', 'open')).toBe(true);
		expect(canMoveCall('open', 'closed')).toBe(true);
		expect(canMoveCall('open', 'decided')).toBe(false);
		expect(canMoveCall('closed', 'open')).toBe(false);
	});
});

describe('scoring', () => {
	const criteria = [
		{ id: 'price', weight: 40 },
		{ id: 'quality', weight: 60 }
	];
	it('weights the mean of each criterion', () => {
		const scores = [
			{ evaluatorId: 'a', criterionId: 'price', score: 5 },
			{ evaluatorId: 'b', criterionId: 'price', score: 3 },
			{ evaluatorId: 'a', criterionId: 'quality', score: 2 }
		];
		// price: mean 4 × 40; quality: 2 × 60 → (160 + 120) / 100 = 2.8
		expect(weightedMean(criteria, scores)).toBeCloseTo(2.8);
		expect(completeEvaluators(criteria, scores)).toBe(1);
	});
	it('has no mean until every criterion is scored', () => {
		expect(weightedMean(criteria, [{ evaluatorId: 'a', criterionId: 'price', score: 5 }])).toBeNull();
	});
	it('ranks by mean, unscored last, ties by earlier submission', () => {
		const early = new Date('2026-01-01');
		const late = new Date('2026-01-02');
		const ranked = rankResponses([
			{ id: 'none', mean: null, submittedAt: early },
			{ id: 'late', mean: 4, submittedAt: late },
			{ id: 'best', mean: 4.5, submittedAt: late },
			{ id: 'early', mean: 4, submittedAt: early }
		]);
		expect(ranked.map((r) => r.id)).toEqual(['best', 'early', 'late', 'none']);
	});
});
