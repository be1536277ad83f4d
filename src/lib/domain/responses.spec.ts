import { describe, expect, it } from 'vitest';
import { needsPriceConfirmation, priceConcern } from './responses';

describe('price concerns', () => {
	it('flags nothing, and anything above the budget, but not the budget itself', () => {
		expect(priceConcern(0, 60_000_00)).toBe('zero');
		expect(priceConcern(60_000_00, 60_000_00)).toBeNull();
		expect(priceConcern(60_000_01, 60_000_00)).toBe('over_budget');
		expect(priceConcern(9_999_999_999_900, 60_000_00)).toBe('over_budget');
		expect(priceConcern(9_999_999_999_900, null)).toBeNull();
	});
	it('asks once: a confirmed or already saved price is not asked again', () => {
		expect(needsPriceConfirmation(0, 60_000_00, null, false)).toBe(true);
		expect(needsPriceConfirmation(0, 60_000_00, null, true)).toBe(false);
		expect(needsPriceConfirmation(0, 60_000_00, 0, false)).toBe(false);
		expect(needsPriceConfirmation(50_000_00, 60_000_00, null, false)).toBe(false);
	});
});
