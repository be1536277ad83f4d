// The work of a list page must not grow with its length: a page of twenty costs the database the same
// number of statements as a page of one. Counted by the same counter `BENCH=1` turns on for the bench.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import { consortia, consortiumMembers, organisations, users } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { listConsortia } from '$lib/server/consortia/queries';
import { listPublicProjects } from '$lib/server/projects/queries';
import { listPublicCalls } from '$lib/server/calls/queries';
import { listFunds } from '$lib/server/funds/queries';
import { useDemoDatabase } from './support';

enableQueryCounting();
useDemoDatabase();

const EXTRA_CONSORTIA = 6;

beforeAll(async () => {
	// More consortia, of Nevers (Nièvre, 58, Bourgogne-Franche-Comté) and Laval (Mayenne, 53, Pays de la Loire) only.
	const cities = await db().select().from(organisations).where(eq(organisations.kind, 'city'));
	const nevers = cities.find((c) => c.inseeCode === '58194')!;
	const laval = cities.find((c) => c.inseeCode === '53130')!;
	const [someone] = await db().select().from(users).limit(1);
	await write(async (tx) => {
		for (let i = 0; i < EXTRA_CONSORTIA; i++) {
			const id = newId();
			const at = new Date(Date.now() - i * 60_000);
			await tx.insert(consortia).values({
				id,
				name: `Entente Loire ${i}`,
				purpose: 'Ensemble',
				coordinatorOrganisationId: nevers.id,
				minMembers: 2,
				minDepartements: 2,
				createdBy: someone.id,
				createdAt: at,
				updatedAt: at
			});
			await tx.insert(consortiumMembers).values([
				{
					id: newId(),
					consortiumId: id,
					organisationId: nevers.id,
					invitedName: nevers.name,
					status: 'council_approved',
					invitedBy: someone.id,
					invitedAt: at
				},
				// Laval only invited: it does not count toward the places the consortium covers.
				{ id: newId(), consortiumId: id, organisationId: laval.id, invitedName: laval.name, status: 'invited', invitedBy: someone.id, invitedAt: at }
			]);
		}
	});
});

async function queriesFor(list: (limit: number) => Promise<unknown[]>, limit: number) {
	const { result, queries } = await countQueries(() => list(limit));
	return { rows: result.length, queries };
}

describe('list pages', () => {
	const lists: Record<string, (limit: number) => Promise<unknown[]>> = {
		consortia: async (limit) => (await listConsortia({}, 0, limit)).consortia,
		projects: async (limit) => (await listPublicProjects({}, 0, limit)).projects,
		calls: async (limit) => (await listPublicCalls({}, 0, limit)).calls,
		funds: async (limit) => (await listFunds({ status: null, consortiumId: null }, 0, limit)).funds
	};

	for (const [name, list] of Object.entries(lists)) {
		it(`cost the same number of queries for a page of one ${name} as for a full page, and few`, async () => {
			await list(1); // reference data some lists keep once loaded
			const one = await queriesFor(list, 1);
			const many = await queriesFor(list, 100);
			expect(one.rows).toBe(1);
			expect(many.rows).toBeGreaterThan(1);
			expect(many.queries).toBe(one.queries);
			expect(many.queries).toBeGreaterThan(0);
			expect(many.queries).toBeLessThanOrEqual(10);
		});
	}

	it('filter consortia by the places their current members cover, counted and paginated by the database', async () => {
		const all = await listConsortia({}, 0, 100);
		expect(all.total).toBe(EXTRA_CONSORTIA + 1);

		const nievre = await listConsortia({ departement: '58' }, 0, 100);
		expect(nievre.total).toBe(EXTRA_CONSORTIA + 1);
		const mayenne = await listConsortia({ departement: '53' }, 0, 100);
		// Only the demo consortium counts Laval (its invitation is pending there too, unless it is a current member).
		expect(mayenne.consortia.every((c) => c.report.departements.covered.includes('53'))).toBe(true);
		expect(mayenne.consortia.some((c) => c.consortium.name.startsWith('Entente Loire'))).toBe(false);

		const pasDeCalais = await listConsortia({ departement: '62' }, 0, 100);
		expect(pasDeCalais.total).toBe(1);
		expect(pasDeCalais.consortia[0].report.departements.covered).toContain('62');

		const hautsDeFrance = await listConsortia({ region: '32' }, 0, 100);
		expect(hautsDeFrance.consortia.map((c) => c.consortium.id)).toEqual(pasDeCalais.consortia.map((c) => c.consortium.id));
		const bourgogne = await listConsortia({ region: '27' }, 0, 100);
		expect(bourgogne.total).toBe(EXTRA_CONSORTIA + 1);

		const secondPage = await listConsortia({ departement: '58' }, 2, 2);
		expect(secondPage.total).toBe(EXTRA_CONSORTIA + 1);
		expect(secondPage.consortia.map((c) => c.consortium.id)).toEqual(nievre.consortia.slice(2, 4).map((c) => c.consortium.id));
		expect((await listConsortia({ status: 'dissolved', departement: '58' })).total).toBe(0);
	});
});
