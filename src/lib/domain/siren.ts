// SIREN (9 digits) and SIRET (14 digits) numbers carry a Luhn check digit.

export function luhnValid(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

// La Poste's establishments share one SIREN and their SIRETs follow a different rule (sum of digits
// divisible by 5) since there are more of them than the Luhn key allows.
const LA_POSTE_SIREN = '356000000';

export type SirenResult = { ok: true; siren: string } | { ok: false; reason: 'format' | 'checksum' };

/** Accepts a SIREN or a SIRET, spaces allowed, and keeps the SIREN. */
export function parseSirenOrSiret(input: string): SirenResult {
	const digits = input.replace(/[\s.]/g, '');
	if (!/^\d{9}$|^\d{14}$/.test(digits)) return { ok: false, reason: 'format' };
	const siren = digits.slice(0, 9);
	if (!luhnValid(siren)) return { ok: false, reason: 'checksum' };
	if (digits.length === 14) {
		const valid = siren === LA_POSTE_SIREN ? [...digits].reduce((s, c) => s + Number(c), 0) % 5 === 0 : luhnValid(digits);
		if (!valid) return { ok: false, reason: 'checksum' };
	}
	return { ok: true, siren };
}

/** NAF rev. 2 code such as "62.01Z"; accepts "6201Z" and lower case, returns the dotted form. */
export function parseNafCode(input: string): string | null {
	const match = /^(\d{2})\.?(\d{2})([A-Za-z])$/.exec(input.trim());
	return match ? `${match[1]}.${match[2]}${match[3].toUpperCase()}` : null;
}
