import { describe, expect, it } from 'vitest';
import { deadlineLimit, inBudgetBand } from './call-search';

describe('budget bands', () => {
	it('puts each amount in exactly one band, bounds included below and excluded above', () => {
		expect(inBudgetBand('under_50k', 49_999_99)).toBe(true);
		expect(inBudgetBand('under_50k', 50_000_00)).toBe(false);
		expect(inBudgetBand('50k_100k', 50_000_00)).toBe(true);
		expect(inBudgetBand('over_500k', 9_000_000_00)).toBe(true);
	});
	it('never matches a call without a budget', () => {
		expect(inBudgetBand('under_50k', null)).toBe(false);
	});
});

describe('deadline windows', () => {
	it('counts days from now', () => {
		expect(deadlineLimit('7', new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-08T00:00:00.000Z');
	});
});
