import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { createCall, publishCall } from '$lib/server/calls/commands';
import { listPublicCalls } from '$lib/server/calls/queries';
import { callFiltersFrom } from '$lib/server/calls/filters';
import { publicCall, publicCallsPage } from '$lib/server/calls/api';
import type { CallInput } from '$lib/schemas/calls';
import { createUser, insertSomeCommunes, useTestDatabase } from './support';

useTestDatabase();

const DAY = 86_400_000;
let admin: User;
let bethune: string, nevers: string;
const ids: Record<string, string> = {};

async function city(name: string, inseeCode: string) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id,
			slug: `${name}-${id.slice(0, 5)}`,
			kind: 'city',
			name,
			inseeCode,
			verificationStatus: 'verified',
			createdBy: admin.id,
			createdAt: new Date()
		});
		await tx.insert(memberships).values({ organisationId: id, userId: admin.id, role: 'admin', createdAt: new Date() });
	});
	return id;
}

async function call(organisationId: string, input: Partial<CallInput>, publish = true) {
	const opensAt = new Date(Date.now() - DAY);
	const created = await createCall(admin, organisationId, {
		title: 'Un appel',
		challenge: 'Un défi.',
		theme: 'town_centre_commerce',
		budget: 50_000_00,
		durationMonths: 6,
		legalFrame: 'experimentation_convention',
		opensAt,
		closesAt: new Date(opensAt.getTime() + 60 * DAY),
		consortiumId: null,
		audience: 'startups',
		eligibility: null,
		criteria: [{ label: 'Prix', weight: 100 }],
		...input
	});
	if (!created.ok) throw new Error(created.code);
	if (publish) expect(await publishCall(admin, created.id)).toEqual({ ok: true });
	return created.id;
}

beforeAll(async () => {
	admin = await createUser();
	await insertSomeCommunes();
	bethune = await city('Béthune', '62119');
	nevers = await city('Nevers', '58194');
	ids.air = await call(bethune, {
		title: 'Qualité de l’air au cœur de ville',
		challenge: 'Mesurer les particules fines près des écoles.',
		theme: 'health',
		budget: 60_000_00
	});
	// A call stays open at least 7 days: this one opened 3 days ago and closes within a week.
	ids.light = await call(nevers, {
		title: 'Éclairage public intelligent',
		challenge: 'Réduire la consommation la nuit.',
		theme: 'energy_environment',
		budget: 600_000_00,
		opensAt: new Date(Date.now() - 3 * DAY),
		closesAt: new Date(Date.now() + 5 * DAY)
	});
	ids.consortia = await call(nevers, {
		title: 'Projets de territoire',
		challenge: 'Pour des groupements.',
		audience: 'consortia',
		eligibility: { minMembers: 2, minDepartements: 2, allowedRegions: [] },
		budget: null
	});
	ids.draft = await call(bethune, { title: 'Brouillon sur la qualité de l’air' }, false);
});

async function found(query: string) {
	const { calls } = await listPublicCalls(callFiltersFrom(new URL(`http://x/calls?${query}`)), 0, 100);
	return calls.map((c) => c.id).sort();
}

describe('searching calls', () => {
	it('finds words whatever their accents or ligatures, and never a draft', async () => {
		expect(await found('q=qualite')).toEqual([ids.air]);
		expect(await found('q=QUALITÉ')).toEqual([ids.air]);
		expect(await found('q=coeur')).toEqual([ids.air]);
		expect(await found('q=c%C5%93ur')).toEqual([ids.air]);
		expect(await found('q=eclairage')).toEqual([ids.light]);
		expect(await found('q=partic')).toEqual([ids.air]);
		// The publisher's name is searchable too.
		expect(await found('q=bethune')).toEqual([ids.air]);
	});

	it('treats operators typed by a person as plain words', async () => {
		// As FTS syntax, OR would find both calls and NOT would find nothing or fail; as words, nothing has both.
		expect(await found('q=' + encodeURIComponent('qualite OR eclairage'))).toEqual([]);
		expect(await found('q=' + encodeURIComponent('air NOT ecoles'))).toEqual([]);
		for (const raw of ['"', 'NEAR(air', 'air*)', '-air', 'title:air', '^air', '(((', '*', 'AND']) {
			const result = await found('q=' + encodeURIComponent(raw));
			expect(Array.isArray(result)).toBe(true);
		}
		expect(await found('q=' + encodeURIComponent('title:air'))).toEqual([]);
		expect(await found('q=' + encodeURIComponent('"air"'))).toEqual([ids.air]);
		// Nothing searchable left: no filter rather than an error.
		expect((await found('q=' + encodeURIComponent('***'))).length).toBe(3);
	});

	it('filters by place, theme, audience, budget band and deadline window', async () => {
		expect(await found('departement=62')).toEqual([ids.air]);
		expect(await found('region=32')).toEqual([ids.air]);
		expect(await found('region=27')).toEqual([ids.consortia, ids.light].sort());
		expect(await found('departement=58&q=air')).toEqual([]);
		expect(await found('theme=energy_environment')).toEqual([ids.light]);
		expect(await found('audience=consortia')).toEqual([ids.consortia]);
		expect(await found('budget=50k_100k')).toEqual([ids.air]);
		expect(await found('budget=over_500k')).toEqual([ids.light]);
		expect(await found('closes=7')).toEqual([ids.light]);
		expect(await found('closes=90')).toEqual([ids.air, ids.consortia, ids.light].sort());
		// Unknown values are ignored, never an error.
		expect((await found('departement=xyz&budget=lots&closes=2&audience=cats')).length).toBe(3);
	});

	it('answers the same in the API, with places and audience', async () => {
		const page = await publicCallsPage(callFiltersFrom(new URL('http://x/api/v1/calls?q=air&departement=62')), 20, 0);
		expect(page.data.map((c) => c.id)).toEqual([ids.air]);
		expect(page.data[0]).toMatchObject({ audience: 'startups', departements: ['62'] });
		expect(await publicCall(ids.draft)).toBeUndefined();
		expect(await publicCall(ids.light)).toMatchObject({ departements: ['58'] });
	});
});
