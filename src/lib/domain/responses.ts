// Rules of a response to a call that need no database.

export const responseStatuses = ['draft', 'submitted', 'withdrawn', 'shortlisted', 'rejected', 'selected'] as const;
export type ResponseStatus = (typeof responseStatuses)[number];

export type PriceConcern = 'zero' | 'over_budget';

/**
 * A price the startup must confirm, and evaluators see flagged: nothing at all, or more than the call's
 * budget (a call without a stated budget has no ceiling).
 */
export function priceConcern(priceCents: number, budgetCents: number | null): PriceConcern | null {
	if (priceCents === 0) return 'zero';
	if (budgetCents !== null && priceCents > budgetCents) return 'over_budget';
	return null;
}

/** Whether saving `priceCents` needs the startup's confirmation: a concern it has not confirmed before. */
export function needsPriceConfirmation(priceCents: number, budgetCents: number | null, savedPriceCents: number | null, confirmed: boolean): boolean {
	return !confirmed && priceCents !== savedPriceCents && priceConcern(priceCents, budgetCents) !== null;
}

/** What a joined PDF is, so evaluators find the technical brief or the price schedule at once. */
export const attachmentKinds = ['technical_brief', 'price_schedule', 'certificate', 'other'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];
export const MAX_ATTACHMENTS = 10;
