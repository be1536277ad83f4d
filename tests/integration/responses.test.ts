import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { createCall, publishCall } from '$lib/server/calls/commands';
import { saveResponse } from '$lib/server/calls/responses';
import { responseOf, responsesOfOrganisation } from '$lib/server/calls/queries';
import type { ResponseInput } from '$lib/schemas/calls';
import { createUser, useTestDatabase } from './support';

useTestDatabase();

const DAY = 86_400_000;
let cityAdmin: User, founder: User;
let city: string, startup: string, callId: string;

async function organisation(kind: 'city' | 'startup', name: string, user: User) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({ id, slug: `${name}-${id.slice(0, 5)}`, kind, name, verificationStatus: 'verified', createdBy: user.id, createdAt: new Date() });
		await tx.insert(memberships).values({ organisationId: id, userId: user.id, role: 'admin', createdAt: new Date() });
	});
	return id;
}

const answer = (price: number, confirmPrice?: boolean): ResponseInput => ({ proposal: 'Des capteurs', price, durationMonths: 6, team: 'Deux personnes', references: '', confirmPrice });

beforeAll(async () => {
	[cityAdmin, founder] = await Promise.all([createUser(), createUser()]);
	city = await organisation('city', 'arras', cityAdmin);
	startup = await organisation('startup', 'airsens', founder);
	const opensAt = new Date(Date.now() - DAY);
	const created = await createCall(cityAdmin, city, {
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
		criteria: [{ label: 'Prix', weight: 100 }]
	});
	if (!created.ok) throw new Error(created.code);
	callId = created.id;
	expect(await publishCall(cityAdmin, callId)).toEqual({ ok: true });
});

describe('a response’s price', () => {
	it('asks to confirm a price of nothing or above the budget, once, and saves nothing until then', async () => {
		expect(await saveResponse(founder, callId, startup, answer(0), null)).toEqual({ ok: false, code: 'price_zero' });
		expect(await responseOf(callId, startup)).toBeUndefined();
		expect(await saveResponse(founder, callId, startup, answer(99_999_999_999_00), null)).toEqual({ ok: false, code: 'price_over_budget' });
		expect(await saveResponse(founder, callId, startup, answer(60_000_00), null)).toMatchObject({ ok: true });
		expect(await saveResponse(founder, callId, startup, answer(75_000_00, true), null)).toMatchObject({ ok: true });
		// The confirmed price is not asked again when the rest of the response changes.
		expect(await saveResponse(founder, callId, startup, answer(75_000_00), null)).toMatchObject({ ok: true });
		expect((await responseOf(callId, startup))?.priceCents).toBe(75_000_00);
		expect((await responsesOfOrganisation(startup)).map((r) => [r.callTitle, r.status])).toEqual([['Qualité de l’air', 'draft']]);
	});
});
