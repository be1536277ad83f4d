// Shared by the funds and Stripe integration tests: organisations, an active consortium, fund inputs.
import { expect } from 'vitest';
import { write } from '$lib/server/db';
import { consortia, consortiumMembers, memberships, organisations, receivingAccounts, type User } from '$lib/server/db/schema';
import { and, eq } from 'drizzle-orm';
import { newId } from '$lib/server/auth/tokens';
import { offerMatch, type FundInput, type MatchOfferInput } from '$lib/server/funds/commands';
import { approveMatchOffer } from '$lib/server/funds/offers';
import { verifyLedger } from '$lib/server/funds/verify';
import { proven } from './support';

export type Role = 'admin' | 'member' | 'signatory';
export async function organisation(kind: 'city' | 'partner', name: string, people: [User, Role][]) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id,
			slug: `${name.toLowerCase()}-${id.slice(0, 6)}`,
			kind,
			name,
			verificationStatus: 'verified',
			createdBy: people[0][0].id,
			createdAt: new Date()
		});
		for (const [user, role] of people) await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
	});
	return id;
}

/** The same, people given by role, admins first, then members, then signatories: `{ admin: [a], signatory: [b, c] }`. */
export const organisationWith = (kind: 'city' | 'partner', name: string, people: Partial<Record<Role, User[]>>) =>
	organisation(
		kind,
		name,
		(['admin', 'member', 'signatory'] as const).flatMap((role) => (people[role] ?? []).map((user): [User, Role] => [user, role]))
	);

/** The coordinator's receiving account, inserted as approved (its four-eyes path is tested in money-accounts). */
export async function approvedAccount(organisationId: string, by: User) {
	await write(async (tx) => {
		const [held] = await tx
			.select()
			.from(receivingAccounts)
			.where(and(eq(receivingAccounts.organisationId, organisationId), eq(receivingAccounts.status, 'approved')));
		if (held) return;
		const now = new Date();
		await tx.insert(receivingAccounts).values({
			id: newId(),
			organisationId,
			holder: 'Trésorerie',
			iban: 'FR7610071620000000100012332',
			bic: 'TRPUFRP1',
			status: 'approved',
			enteredBy: by.id,
			enteredAt: now,
			approvedBy: by.id,
			approvedAt: now
		});
	});
}

/**
 * An active consortium, inserted as it stands once formed (its forming is tested elsewhere); its
 * coordinator holds an approved receiving account unless `withAccount` is false.
 */
export async function activeConsortium(coordinator: string, members: string[], creator: User, withAccount = true) {
	if (withAccount) await approvedAccount(coordinator, creator);
	const id = newId();
	const now = new Date();
	await write(async (tx) => {
		await tx.insert(consortia).values({
			id,
			name: `Consortium ${id.slice(0, 5)}`,
			purpose: 'Ensemble',
			coordinatorOrganisationId: coordinator,
			status: 'active',
			minMembers: 2,
			minDepartements: 1,
			createdBy: creator.id,
			createdAt: now,
			updatedAt: now
		});
		for (const organisationId of [coordinator, ...members]) {
			await tx.insert(consortiumMembers).values({
				id: newId(),
				consortiumId: id,
				organisationId,
				invitedName: organisationId,
				status: 'council_approved',
				invitedBy: creator.id,
				invitedAt: now
			});
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

/**
 * `count` verified cities, members of the consortium (council approved), each with the same two people: one
 * enters, the other approves. Inserted in one write; named "Ville 00", "Ville 01"… in the order returned.
 */
export async function memberCities(consortiumId: string, count: number, admin: User, signatory: User) {
	const cities = Array.from({ length: count }, () => newId());
	await write(async (tx) => {
		for (const [i, id] of cities.entries()) {
			await tx.insert(organisations).values({
				id,
				slug: `ville-${id}`,
				kind: 'city',
				name: `Ville ${String(i).padStart(2, '0')}`,
				verificationStatus: 'verified',
				createdBy: admin.id,
				createdAt: new Date()
			});
			await tx.insert(memberships).values([
				{ organisationId: id, userId: admin.id, role: 'admin', createdAt: new Date() },
				{ organisationId: id, userId: signatory.id, role: 'signatory', createdAt: new Date() }
			]);
			await tx
				.insert(consortiumMembers)
				.values({ id: newId(), consortiumId, organisationId: id, invitedName: id, status: 'council_approved', invitedBy: admin.id, invitedAt: new Date() });
		}
	});
	return cities;
}
