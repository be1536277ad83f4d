import { describe, expect, it } from 'vitest';
import { centsToInput, formatEuros, parseEuros } from './money';

describe('parseEuros', () => {
	it('reads what people type', () => {
		expect(parseEuros('150000')).toBe(15_000_000);
		expect(parseEuros('150 000')).toBe(15_000_000);
		expect(parseEuros('150\u202f000,5 €')).toBe(15_000_050);
		expect(parseEuros('1234.56')).toBe(123_456);
		expect(parseEuros('0,07')).toBe(7);
	});
	it('refuses what is not an amount', () => {
		expect(parseEuros('')).toBeNull();
		expect(parseEuros('-5')).toBeNull();
		expect(parseEuros('1,234,567')).toBeNull();
		expect(parseEuros('12,345')).toBeNull();
		expect(parseEuros('abc')).toBeNull();
		expect(parseEuros('1e6')).toBeNull();
		expect(parseEuros('9'.repeat(20))).toBeNull();
	});
	it('never goes through floats for the cents', () => {
		expect(parseEuros('0,29')).toBe(29);
		expect(parseEuros('1,10')).toBe(110);
	});
});

describe('formatEuros', () => {
	it('formats French amounts with spaces and a comma', () => {
		expect(formatEuros(123_456_700, 'fr').replace(/[\u202f\u00a0]/g, ' ')).toBe('1 234 567,00 €');
	});
	it('formats English amounts', () => {
		expect(formatEuros(123_456_700, 'en')).toBe('€1,234,567.00');
	});
});

describe('centsToInput', () => {
	it('gives back what can be typed again', () => {
		expect(centsToInput(15_000_050, 'fr')).toBe('150000,50');
		expect(parseEuros(centsToInput(15_000_050, 'fr'))!).toBe(15_000_050);
		expect(centsToInput(null, 'fr')).toBe('');
	});
});
