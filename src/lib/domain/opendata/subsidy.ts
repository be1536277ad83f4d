// What a disbursement must record to be published as an SCDL subsidy, and how its share is split
// among the members whose money paid it.

import { isIsoDate } from './table-schema';
import { subsidyNatures, type SubsidyNature } from './scdl';

export interface SubsidyDetails {
	conventionDate: string;
	decisionReference: string;
	nature: SubsidyNature;
	paymentConditions: string;
	paymentPeriod: string;
}

export type SubsidyField = keyof SubsidyDetails;
export type SubsidyProblem = 'required' | 'date' | 'too_long' | 'nature' | 'period';

const PERIOD = /^(\d{4}-\d{2}-\d{2})(?:\/(\d{4}-\d{2}-\d{2}))?$/;

/** Checks and trims what a signatory typed; every problem by field. */
export function parseSubsidyDetails(
	input: Record<SubsidyField, string>
): { ok: true; value: SubsidyDetails } | { ok: false; errors: Partial<Record<SubsidyField, SubsidyProblem>> } {
	const errors: Partial<Record<SubsidyField, SubsidyProblem>> = {};
	const value = {
		conventionDate: input.conventionDate.trim().slice(0, 20),
		decisionReference: input.decisionReference.trim(),
		nature: input.nature.trim(),
		paymentConditions: input.paymentConditions.trim(),
		paymentPeriod: input.paymentPeriod.replace(/\s/g, '').slice(0, 40)
	};
	if (!value.conventionDate) errors.conventionDate = 'required';
	else if (!isIsoDate(value.conventionDate)) errors.conventionDate = 'date';
	if (!value.decisionReference) errors.decisionReference = 'required';
	else if (value.decisionReference.length > 100) errors.decisionReference = 'too_long';
	if (!(subsidyNatures as readonly string[]).includes(value.nature)) errors.nature = 'nature';
	if (!value.paymentConditions) errors.paymentConditions = 'required';
	else if ([...value.paymentConditions].length > 256) errors.paymentConditions = 'too_long';
	const period = PERIOD.exec(value.paymentPeriod);
	if (!value.paymentPeriod) errors.paymentPeriod = 'required';
	else if (!period || !isIsoDate(period[1]) || (period[2] !== undefined && (!isIsoDate(period[2]) || period[2] < period[1]))) errors.paymentPeriod = 'period';
	if (Object.keys(errors).length) return { ok: false, errors };
	return { ok: true, value: value as SubsidyDetails };
}

/**
 * Splits a whole into shares in basis points (10 000 = 100 %) proportional to each part, the rounding
 * given to the largest remainders so that they add up to exactly 10 000.
 */
export function sharesBp(parts: number[]): number[] {
	const whole = parts.reduce((s, p) => s + p, 0);
	if (whole <= 0) return parts.map(() => 0);
	const exact = parts.map((p) => (p * 10_000) / whole);
	const shares = exact.map(Math.floor);
	let left = 10_000 - shares.reduce((s, p) => s + p, 0);
	const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (const [, i] of order) {
		if (left <= 0) break;
		shares[i]++;
		left--;
	}
	return shares;
}

/** A share in basis points as the schema's decimal: 4500 → "0.4500", 10000 → "1.0000". */
export const bpToDecimal = (bp: number) => `${Math.trunc(bp / 10_000)}.${String(bp % 10_000).padStart(4, '0')}`;

/** The schema's object: at most 256 characters, cut on a character with an ellipsis. */
export function subsidyObject(text: string): string {
	const chars = [...text.replace(/\s+/g, ' ').trim()];
	return chars.length <= 256 ? chars.join('') : `${chars.slice(0, 255).join('')}…`;
}
