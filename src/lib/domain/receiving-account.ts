import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

// The fund's receiving account and the payment reference of each call: pure rules, no I/O.

export const receivingAccountStatuses = ['proposed', 'approved', 'replaced', 'superseded'] as const;
export type ReceivingAccountStatus = (typeof receivingAccountStatuses)[number];

export type AccountProblem = 'holder_required' | 'iban_invalid' | 'bic_invalid' | 'bic_country';

/** The account as entered, normalised, or what is wrong with it (IBAN and BIC by their own rules). */
export function checkAccount(input: {
	holder: string;
	iban: string;
	bic: string;
}): { ok: true; holder: string; iban: string; bic: string } | { ok: false; problems: Partial<Record<'holder' | 'iban' | 'bic', AccountProblem>> } {
	const holder = input.holder.trim().replace(/\s+/g, ' ');
	// Bounded before any per-character work: an IBAN has at most 34 characters, a BIC 11.
	const iban = input.iban.length <= 64 ? (electronicFormatIBAN(input.iban) ?? '') : '';
	const bic = input.bic.length <= 32 ? input.bic.replace(/\s+/g, '').toUpperCase() : '';
	const problems: Partial<Record<'holder' | 'iban' | 'bic', AccountProblem>> = {};
	if (!holder || holder.length > 120) problems.holder = 'holder_required';
	if (!isValidIBAN(iban)) problems.iban = 'iban_invalid';
	if (!isValidBIC(bic)) problems.bic = 'bic_invalid';
	// A BIC names its bank's country (letters 5–6); French territories' banks may use FR for their IBANs.
	else if (!problems.iban && !sameCountry(iban.slice(0, 2), bic.slice(4, 6))) problems.bic = 'bic_country';
	return Object.keys(problems).length ? { ok: false, problems } : { ok: true, holder, iban, bic };
}

const FRENCH = new Set(['FR', 'GP', 'GF', 'MQ', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF', 'MC']);
function sameCountry(ibanCountry: string, bicCountry: string) {
	return ibanCountry === bicCountry || (FRENCH.has(ibanCountry) && FRENCH.has(bicCountry));
}

/** An IBAN grouped by four, as printed on a notice. */
export const formatIban = (iban: string) => friendlyFormatIBAN(iban) ?? iban;

/** What the public sees of an IBAN: its country, its key and its last four characters. */
export function maskIban(iban: string) {
	if (iban.length < 8) return '••••';
	const hidden = iban.slice(4, -4).replace(/./g, '•');
	return formatIban(iban.slice(0, 4) + hidden + iban.slice(-4));
}

const BODY_MAX = 21;

/** ISO 7064 mod 97-10 of an alphanumeric string (letters count as 10…35), as IBANs and RF references use. */
function mod97(text: string) {
	let rest = 0;
	for (const char of text) {
		const digits = /[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55);
		for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
	}
	return rest;
}

/**
 * The ISO 11649 structured creditor reference ("RF" + two check digits + up to 21 letters or digits)
 * of `body`: banks check its key, so a mistyped reference is caught when the transfer is entered.
 */
export function creditorReference(body: string) {
	const clean = body
		.toUpperCase()
		.replace(/[^0-9A-Z]/g, '')
		.slice(0, BODY_MAX);
	if (!clean) throw new Error('a creditor reference needs a body');
	const check = 98 - mod97(`${clean}RF00`);
	return `RF${String(check).padStart(2, '0')}${clean}`;
}

/** Whether `reference` is a well-formed RF reference whose key holds. */
export function isCreditorReference(reference: string) {
	const clean = reference.replace(/\s+/g, '').toUpperCase();
	if (!/^RF[0-9]{2}[0-9A-Z]{1,21}$/.test(clean)) return false;
	return mod97(clean.slice(4) + clean.slice(0, 4)) === 1;
}

/** The reference as printed: groups of four. */
export const formatReference = (reference: string) => reference.replace(/(.{4})(?=.)/g, '$1 ');
