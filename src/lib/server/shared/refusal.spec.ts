import { describe, expect, it } from 'vitest';
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';
import { fundRefusalTable } from '../funds/refusals';
import { consortiumRefusalTable } from '../consortia/refusals';
import { projectRefusalTable } from '../projects/refusals';
import { interestRefusalTable, reuseRefusalTable } from '../partners/refusals';
import { memberRefusalTable, organisationRefusalTable, reviewRefusalTable } from '../organisations/refusals';
import { callDocumentRefusalTable, callRefusalTable, evaluationRefusalTable, responseRefusalTable } from '../calls/refusals';
import { refusalFailure, refusalStatuses, type RefusalStatus } from './refusal';
import {
	callStatusLabel,
	consortiumMemberStatusLabel,
	consortiumStatusLabel,
	fundKindLabel,
	fundStatusLabel,
	kindLabel,
	ledgerKindLabel,
	legalFrameLabel,
	pledgeStatusLabel,
	projectStatusLabel,
	responseStatusLabel,
	roleLabel,
	stripeStatusLabel,
	themeLabel,
	thresholdRuleLabel,
	verificationLabel
} from '$lib/labels';
import { entryKinds, fundKinds, fundStatuses, pledgeStatuses, thresholdRules, type EntryKind } from '$lib/domain/funds';
import { callStatuses, legalFrames } from '$lib/domain/calls';
import { responseStatuses } from '$lib/domain/responses';
import { projectStatuses, projectThemes } from '$lib/domain/projects';
import { organisationKinds, verificationStatuses } from '$lib/domain/organisations';
import { roles } from '$lib/domain/roles';
import { stripeInvoiceStatuses } from '$lib/domain/stripe';
import { consortiumStatuses, memberStatuses } from '$lib/domain/consortia';

let locale: Locale = 'fr';
overwriteGetLocale(() => locale);

/** A vocabulary's codes and its label, the label taking any code of the list (the test reads them as strings). */
const vocabulary = <T extends string>(codes: readonly T[], label: (code: T) => string): [readonly string[], (code: string) => string] => [
	codes,
	(code) => label(code as T)
];

// Every aggregate's refusal table, walked code by code: the types make a missing entry a compile error; this
// checks what the types cannot, that each entry says something in each language.
type AnyTable = Record<string, { message: (figures: object) => string; status: RefusalStatus; field?: string }>;
const tables = {
	funds: fundRefusalTable as unknown as AnyTable,
	consortia: consortiumRefusalTable as unknown as AnyTable,
	calls: callRefusalTable as unknown as AnyTable,
	'call documents': callDocumentRefusalTable as unknown as AnyTable,
	responses: responseRefusalTable as unknown as AnyTable,
	evaluations: evaluationRefusalTable as unknown as AnyTable,
	projects: projectRefusalTable as unknown as AnyTable,
	organisations: organisationRefusalTable as unknown as AnyTable,
	members: memberRefusalTable as unknown as AnyTable,
	'organisation reviews': reviewRefusalTable as unknown as AnyTable,
	rapprochements: interestRefusalTable as unknown as AnyTable,
	'project reuse': reuseRefusalTable as unknown as AnyTable
};

describe('refusals', () => {
	for (const [aggregate, table] of Object.entries(tables)) {
		it(`gives every refusal of ${aggregate} a message in French and English, a status and at most one field`, () => {
			const codes = Object.keys(table);
			// A project's reuse record has three ways to refuse; every other aggregate more than five.
			expect(codes.length).toBeGreaterThan(aggregate === 'project reuse' ? 2 : 5);
			for (const code of codes) {
				const entry = table[code];
				const said: string[] = [];
				for (const language of ['fr', 'en'] as const) {
					locale = language;
					const message = entry.message({});
					expect(message, `${aggregate}.${code} in ${language}`).toMatch(/\p{L}{3}/u);
					// Not a raw key: a sentence, with spaces.
					expect(message).not.toMatch(/^[a-z_.]+$/);
					said.push(message);
				}
				expect(said[0], `${aggregate}.${code} is translated`).not.toBe(said[1]);
				expect(refusalStatuses).toContain(entry.status);
				if (entry.field !== undefined) expect(entry.field).toMatch(/^[a-zA-Z]+$/);
			}
			locale = 'fr';
		});
	}

	it('turns a refusal into a form failure with its status, beside its field, with its figures', () => {
		locale = 'fr';
		const overCap = refusalFailure(fundRefusalTable, { code: 'intent_over_member_cap', leftCents: 60_000_00 }, { form: 'pledge', values: { amount: '90000' } });
		expect(overCap.status).toBe(400);
		expect(overCap.data.form).toBe('pledge');
		expect(overCap.data.values).toEqual({ amount: '90000' });
		expect(overCap.data.errors.amount.replace(/\s/g, ' ')).toMatch(/60 000,00/);
		expect(overCap.data.message).toBeUndefined();

		const own = refusalFailure(fundRefusalTable, { code: 'own_pledge' });
		expect(own.status).toBe(403);
		expect(own.data.errors).toEqual({});
		expect(own.data.message).toBe(fundRefusalTable.own_pledge.message({}));

		// A form can place a code beside its own field, or above the form, over the table's choice.
		const receipt = refusalFailure(fundRefusalTable, { code: 'over_outstanding' }, { fields: { over_outstanding: 'amount' } });
		expect(Object.keys(receipt.data.errors)).toEqual(['amount']);
		const whole = refusalFailure(fundRefusalTable, { code: 'deadline_past' }, { fields: { deadline_past: null } });
		expect(whole.data.errors).toEqual({});
		expect(whole.data.message).toBeTruthy();

		// The page's figures and the form's own errors are kept.
		const upload = refusalFailure(consortiumRefusalTable, { code: 'too_large' }, { errors: { kind: 'x' }, figures: { maxAttachmentMb: '7' } });
		expect(upload.data.errors.kind).toBe('x');
		expect(upload.data.errors.file).toContain('7');
		locale = 'en';
		expect(refusalFailure(consortiumRefusalTable, { code: 'forbidden' }, { figures: { coordinatorForm: true } }).data.message).not.toBe(
			refusalFailure(consortiumRefusalTable, { code: 'forbidden' }).data.message
		);
		locale = 'fr';
	});

	it('gives every status of a fund, a pledge, a consortium and a member, and every code of the other vocabularies, a label of its own', () => {
		for (const language of ['fr', 'en'] as const) {
			locale = language;
			const vocabularies: [readonly string[], (status: string) => string][] = [
				vocabulary(fundStatuses, fundStatusLabel),
				vocabulary(pledgeStatuses, pledgeStatusLabel),
				vocabulary(consortiumStatuses, consortiumStatusLabel),
				vocabulary(memberStatuses, consortiumMemberStatusLabel),
				// Every other vocabulary of src/lib/domain that has labels.
				vocabulary(callStatuses, callStatusLabel),
				vocabulary(responseStatuses, responseStatusLabel),
				vocabulary(projectStatuses, projectStatusLabel),
				vocabulary(projectThemes, themeLabel),
				vocabulary(legalFrames, legalFrameLabel),
				vocabulary(organisationKinds, kindLabel),
				vocabulary(verificationStatuses, verificationLabel),
				vocabulary(roles, roleLabel),
				vocabulary(fundKinds, fundKindLabel),
				vocabulary(thresholdRules, thresholdRuleLabel),
				vocabulary(Object.keys(entryKinds) as EntryKind[], ledgerKindLabel)
			];
			// Stripe's own words read the same in English ("open", "paid"): distinct, and translated into French.
			const stripe = stripeInvoiceStatuses.map((status) => stripeStatusLabel(status));
			expect(new Set(stripe).size).toBe(stripeInvoiceStatuses.length);
			if (language === 'fr') for (const [i, text] of stripe.entries()) expect(text).not.toBe(stripeInvoiceStatuses[i]);
			for (const [statuses, label] of vocabularies) {
				const labels = statuses.map((status) => label(status));
				// A missing label falls back to another status's: two statuses would then read the same.
				expect(new Set(labels).size, labels.join(' / ')).toBe(statuses.length);
				for (const [i, text] of labels.entries()) expect(text).not.toBe(statuses[i]);
			}
		}
		locale = 'fr';
	});
});
