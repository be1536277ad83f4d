import { numberFormat } from './intl';

// Money is integer cents. People type euros: "150 000", "150000,50", "1 234,5 €".

const MAX_CENTS = 1_000_000_000_000_00; // a thousand billion euros: far above any city budget

/** Euros as typed by a person → integer cents, or null when it is not an amount. */
export function parseEuros(input: string): number | null {
	const compact = input.replace(/[\s\u00a0\u202f€]/g, '').replace(/EUR$/i, '');
	if (!/^\d+([.,]\d{1,2})?$/.test(compact)) return null;
	const [whole, fraction = ''] = compact.split(/[.,]/);
	const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
	return Number.isSafeInteger(cents) && cents <= MAX_CENTS ? cents : null;
}

const euroOptions: Record<number, Intl.NumberFormatOptions> = {};

/** Cents → "1 234 567,00 €" (fr) or "€1,234,567.00" (en). */
export function formatEuros(cents: number, locale: string, fractionDigits = 2): string {
	const options = (euroOptions[fractionDigits] ??= {
		style: 'currency',
		currency: 'EUR',
		minimumFractionDigits: fractionDigits,
		maximumFractionDigits: fractionDigits
	});
	return numberFormat(locale, options).format(cents / 100);
}

/** Cents → the euros a person typed, for a form field: 15000050 → "150000,50". */
export function centsToInput(cents: number | null | undefined, locale: string): string {
	if (cents === null || cents === undefined) return '';
	const whole = Math.trunc(cents / 100);
	const fraction = cents % 100;
	return fraction === 0 ? String(whole) : `${whole}${locale === 'fr' ? ',' : '.'}${String(fraction).padStart(2, '0')}`;
}
