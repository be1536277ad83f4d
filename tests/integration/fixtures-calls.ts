// What the calls tests share: verified organisations with their people, and a call's input (an air-quality call
// open since yesterday for thirty days, judged on price) that each test adjusts.
import { write } from '$lib/server/db';
import { memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import type { CallInput } from '$lib/schemas/calls';

export const DAY = 86_400_000;

/** A verified organisation and its people, the first of whom created it. */
export async function organisation(kind: 'city' | 'startup', name: string, members: [User, 'admin' | 'member' | 'signatory'][]) {
	const id = newId();
	await write(async (tx) => {
		await tx
			.insert(organisations)
			.values({ id, slug: `${name}-${id.slice(0, 5)}`, kind, name, verificationStatus: 'verified', createdBy: members[0][0].id, createdAt: new Date() });
		for (const [user, role] of members) await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
	});
	return id;
}

/** A verified organisation with one person, its admin. */
export const organisationOf = (kind: 'city' | 'startup', name: string, admin: User) => organisation(kind, name, [[admin, 'admin']]);

export function callInput(overrides: Partial<CallInput> = {}): CallInput {
	const opensAt = new Date(Date.now() - DAY);
	return {
		title: 'Qualité de l’air',
		challenge: 'Mesurer.',
		theme: 'health',
		budget: 60_000_00,
		durationMonths: 6,
		legalFrame: 'experimentation_convention',
		opensAt,
		closesAt: new Date(opensAt.getTime() + 30 * DAY),
		consortiumId: null,
		audience: 'startups',
		eligibility: null,
		criteria: [{ label: 'Prix', weight: 100 }],
		...overrides
	};
}
