import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db';
import { communes, departements, epciMembers, organisations } from '../db/schema';

export interface Places {
	departements: string[];
	regions: string[];
}

/**
 * The départements (and their régions) each organisation covers: its own for a commune, every one its
 * communes touch for an intercommunality, none for a startup or a partner. One statement in all.
 */
export async function placesOf(q: Queryable, organisationIds: string[]): Promise<Map<string, Places>> {
	const places = new Map<string, Places>();
	if (organisationIds.length === 0) return places;
	const rows = await q
		.select({ id: organisations.id, departement: communes.departementCode, region: communes.regionCode, ownCommune: sql<number>`1` })
		.from(organisations)
		.innerJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.where(inArray(organisations.id, organisationIds))
		.unionAll(
			q
				.selectDistinct({ id: organisations.id, departement: departements.code, region: departements.regionCode, ownCommune: sql<number>`0` })
				.from(organisations)
				.innerJoin(epciMembers, eq(epciMembers.epciSiren, organisations.siren))
				.innerJoin(communes, eq(communes.inseeCode, epciMembers.communeInseeCode))
				.innerJoin(departements, eq(departements.code, communes.departementCode))
				.where(inArray(organisations.id, organisationIds))
		);
	const cities = rows.filter((r) => Number(r.ownCommune) === 1);
	const epcis = rows.filter((r) => Number(r.ownCommune) === 0);
	for (const row of [...cities, ...epcis.filter((e) => !cities.some((c) => c.id === e.id))]) {
		const entry = places.get(row.id) ?? { departements: [], regions: [] };
		if (!entry.departements.includes(row.departement)) {
			entry.departements.push(row.departement);
			entry.regions.push(row.region);
		}
		places.set(row.id, entry);
	}
	return places;
}
