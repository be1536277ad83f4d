import { eq } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { communes, departements, epciMembers, epcis } from '../db/schema';

/** A commune as the official reference data describes it: what a claim is compared with. */
export async function officialCommune(inseeCode: string, q: Queryable = db()) {
	const [row] = await q
		.select({
			inseeCode: communes.inseeCode,
			name: communes.name,
			siren: communes.siren,
			population: communes.population,
			departementCode: communes.departementCode,
			departementName: departements.name
		})
		.from(communes)
		.leftJoin(departements, eq(departements.code, communes.departementCode))
		.where(eq(communes.inseeCode, inseeCode));
	if (!row) return null;
	const [epci] = await q
		.select({ siren: epcis.siren, name: epcis.name })
		.from(epciMembers)
		.innerJoin(epcis, eq(epcis.siren, epciMembers.epciSiren))
		.where(eq(epciMembers.communeInseeCode, inseeCode))
		.limit(1);
	return { kind: 'city' as const, ...row, epciName: epci?.name ?? null, epciSiren: epci?.siren ?? null, nature: null, memberCount: null };
}

/** An EPCI as the official reference data describes it. */
export async function officialEpci(siren: string, q: Queryable = db()) {
	const [row] = await q.select().from(epcis).where(eq(epcis.siren, siren));
	if (!row) return null;
	const members = await q.select({ insee: epciMembers.communeInseeCode }).from(epciMembers).where(eq(epciMembers.epciSiren, siren));
	return {
		kind: 'intercommunality' as const,
		inseeCode: null,
		name: row.name,
		siren: row.siren,
		population: row.population,
		departementCode: null,
		departementName: null,
		epciName: null,
		epciSiren: null,
		nature: row.nature,
		memberCount: members.length
	};
}

export type OfficialRecord = NonNullable<Awaited<ReturnType<typeof officialCommune>>>;
