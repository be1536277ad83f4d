import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { consortia, consortiumMembers, memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { amendPledge, approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { consortiumForFund, fundOfPledge, pledgesShapedBy } from '$lib/server/funds/queries';
import { fundRefusalField, fundRefusalStatus } from '$lib/server/funds/refusals';
import { createUser, proven, useTestDatabase } from './support';

// The reads the funds pages add: the page offers the approval form exactly when approvePledge would accept it.

useTestDatabase();

let admin: User, firstSigner: User, secondSigner: User;
let city: string, consortiumId: string, fundId: string;

beforeAll(async () => {
	[admin, firstSigner, secondSigner] = await Promise.all([createUser(), createUser(), createUser()]);
	city = newId();
	consortiumId = newId();
	const now = new Date();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id: city,
			slug: `ville-${city.slice(0, 6)}`,
			kind: 'city',
			name: 'Ville Test',
			verificationStatus: 'verified',
			createdBy: admin.id,
			createdAt: now
		});
		for (const [user, role] of [
			[admin, 'admin'],
			[firstSigner, 'signatory'],
			[secondSigner, 'signatory']
		] as const) {
			await tx.insert(memberships).values({ organisationId: city, userId: user.id, role, createdAt: now });
		}
		await tx.insert(consortia).values({
			id: consortiumId,
			name: 'Consortium Test',
			purpose: 'Ensemble',
			coordinatorOrganisationId: city,
			status: 'active',
			minMembers: 1,
			minDepartements: 1,
			createdBy: admin.id,
			createdAt: now,
			updatedAt: now
		});
		await tx
			.insert(consortiumMembers)
			.values({ id: newId(), consortiumId, organisationId: city, invitedName: 'Ville Test', status: 'council_approved', invitedBy: admin.id, invitedAt: now });
	});
	const opened = await openFund(admin, consortiumId, {
		kind: 'investment',
		name: 'Fonds test',
		purpose: 'Tester',
		targetCents: 10_000_000,
		thresholdCents: null,
		rule: 'flexible',
		deadline: new Date(Date.now() + 30 * 86_400_000),
		capAmountCents: null,
		capSharePercent: null
	});
	if (!opened.ok) throw new Error(opened.code);
	fundId = opened.id;
});

describe('funds pages reads', () => {
	it('name the consortium a fund is opened for, with its coordinator', async () => {
		expect(await consortiumForFund(consortiumId)).toMatchObject({ name: 'Consortium Test', status: 'active', coordinatorName: 'Ville Test' });
		expect(await consortiumForFund('inconnu0000')).toBeUndefined();
	});

	it('say whose pledge it is to approve: neither the person who entered it nor one who amended it', async () => {
		const entered = await enterPledge(admin, city, fundId, 1_000_000);
		if (!entered.ok) throw new Error(entered.code);
		// One open intent per organisation and fund: the other intent is in a second fund.
		const second = await openFund(admin, consortiumId, {
			kind: 'investment',
			name: 'Second fonds',
			purpose: 'Tester',
			targetCents: 10_000_000,
			thresholdCents: null,
			rule: 'flexible',
			deadline: new Date(Date.now() + 30 * 86_400_000),
			capAmountCents: null,
			capSharePercent: null
		});
		if (!second.ok) throw new Error(second.code);
		const other = await enterPledge(firstSigner, city, second.id, 200_000);
		if (!other.ok) throw new Error(other.code);
		expect(await fundOfPledge(entered.id)).toBe(fundId);
		expect(await fundOfPledge('inconnu0000')).toBeUndefined();

		expect([...(await pledgesShapedBy(admin.id, [entered.id, other.id]))]).toEqual([entered.id]);
		expect([...(await pledgesShapedBy(firstSigner.id, [entered.id, other.id]))]).toEqual([other.id]);
		expect(await amendPledge(firstSigner, entered.id, 1_200_000)).toEqual({ ok: true });
		expect(await pledgesShapedBy(firstSigner.id, [entered.id, other.id])).toEqual(new Set([entered.id, other.id]));
		expect((await pledgesShapedBy(secondSigner.id, [entered.id, other.id])).size).toBe(0);
		expect(await pledgesShapedBy(secondSigner.id, [])).toEqual(new Set());

		// The command agrees with what the page shows.
		const approval = { reference: '2026-001', date: new Date() };
		expect(await approvePledge(proven(firstSigner), entered.id, approval)).toEqual({ ok: false, code: 'own_pledge' });
		expect(await approvePledge(proven(secondSigner), entered.id, approval)).toMatchObject({ ok: true });
	});

	it('turn refusals into a status and, when a field is at fault, that field', () => {
		expect(fundRefusalStatus('own_pledge')).toBe(403);
		expect(fundRefusalStatus('not_found')).toBe(404);
		expect(fundRefusalStatus('over_target')).toBe(400);
		expect(fundRefusalField('deliberation_in_future')).toBe('date');
		expect(fundRefusalField('deliberation_number_format')).toBe('reference');
		expect(fundRefusalField('threshold_over_target')).toBe('threshold');
		expect(fundRefusalField('over_member_cap')).toBeNull();
	});
});
