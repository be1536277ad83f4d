// Shared by the funds and Stripe integration tests: organisations, an active consortium, fund inputs.
import { expect } from 'vitest';
import { write } from '$lib/server/db';
import { consortia, consortiumMembers, memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { offerMatch, type FundInput, type MatchOfferInput } from '$lib/server/funds/commands';
import { approveMatchOffer } from '$lib/server/funds/offers';
import { verifyLedger } from '$lib/server/funds/verify';
import { proven } from './support';

export type Role = 'admin' | 'member' | 'signatory';
export async function organisation(kind: 'city' | 'partner', name: string, people: [User, Role][]) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({ id, slug: `${name.toLowerCase()}-${id.slice(0, 6)}`, kind, name, verificationStatus: 'verified', createdBy: people[0][0].id, createdAt: new Date() });
		for (const [user, role] of people) await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
	});
	return id;
}

/** An active consortium, inserted as it stands once formed (its forming is tested elsewhere). */
export async function activeConsortium(coordinator: string, members: string[], creator: User) {
	const id = newId();
	const now = new Date();
	await write(async (tx) => {
		await tx.insert(consortia).values({ id, name: `Consortium ${id.slice(0, 5)}`, purpose: 'Ensemble', coordinatorOrganisationId: coordinator, status: 'active', minMembers: 2, minDepartements: 1, createdBy: creator.id, createdAt: now, updatedAt: now });
		for (const organisationId of [coordinator, ...members]) {
			await tx.insert(consortiumMembers).values({ id: newId(), consortiumId: id, organisationId, invitedName: organisationId, status: 'council_approved', invitedBy: creator.id, invitedAt: now });
		}
	});
	return id;
}

export const HOUR = 3_600_000;
export const yesterday = () => new Date(Date.now() - 24 * HOUR);
export const vote = (reference: string) => ({ reference, date: yesterday() });
export const fundInput = (overrides: Partial<FundInput> = {}): FundInput => ({
	kind: 'investment',
	name: 'Fonds capteurs',
	purpose: 'Des capteurs',
	targetCents: 1_000_000_00,
	thresholdCents: 600_000_00,
	rule: 'all_or_nothing',
	deadline: new Date(Date.now() + HOUR),
	capAmountCents: null,
	capSharePercent: 40,
	...overrides
});

export async function expectLedgerAgrees() {
	const { differences } = await verifyLedger();
	expect(differences).toEqual([]);
}

/** A partner's match offer entered by one person and approved by a second signatory (four-eyes). */
export async function approvedOffer(enteredBy: User, approvedBy: User, partnerId: string, fundId: string, input: MatchOfferInput) {
	const { id } = ok(await offerMatch(enteredBy, partnerId, fundId, input));
	const { matchedCents } = ok(await approveMatchOffer(proven(approvedBy), id, vote(`CA-${id.slice(0, 6)}`)));
	return { id, matchedCents };
}

export function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
	if (!outcome.ok) throw new Error(`refused: ${(outcome as unknown as { code: string }).code}`);
	return outcome as Extract<T, { ok: true }>;
}

