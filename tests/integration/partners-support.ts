// Fixtures for the rapprochements' tests: verified organisations with their members and places.
import { write } from '$lib/server/db';
import { communes, departements, epciMembers, epcis, memberships, organisations, regions, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { foldForSearch } from '$lib/domain/text';

export async function organisation(
	kind: 'city' | 'intercommunality' | 'startup' | 'partner',
	name: string,
	members: [User, 'admin' | 'member' | 'signatory'][],
	options: { inseeCode?: string; siren?: string; verified?: boolean; description?: string } = {}
) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id,
			slug: `${foldForSearch(name).replace(/[^a-z0-9]+/g, '-')}-${id.slice(0, 4)}`,
			kind,
			name,
			inseeCode: options.inseeCode ?? null,
			siren: options.siren ?? null,
			description: options.description ?? '',
			verificationStatus: options.verified === false ? 'unverified' : 'verified',
			reviewedAt: new Date(),
			createdBy: members[0][0].id,
			createdAt: new Date()
		});
		for (const [user, role] of members) {
			await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
		}
	});
	return id;
}

/** Communes of four régions, of several sizes, and an EPCI: real codes, rounded populations. */
export async function insertPlaces() {
	const rows = [
		{ inseeCode: '62119', name: 'Béthune', siren: '216201192', departementCode: '62', regionCode: '32', population: 25_000, postalCodes: '62400' },
		{ inseeCode: '60057', name: 'Beauvais', siren: '216000578', departementCode: '60', regionCode: '32', population: 56_000, postalCodes: '60000' },
		{ inseeCode: '58194', name: 'Nevers', siren: '215801943', departementCode: '58', regionCode: '27', population: 32_000, postalCodes: '58000' },
		{ inseeCode: '46042', name: 'Cahors', siren: '214600429', departementCode: '46', regionCode: '76', population: 19_500, postalCodes: '46000' },
		{ inseeCode: '53130', name: 'Laval', siren: '215301308', departementCode: '53', regionCode: '52', population: 49_000, postalCodes: '53000' },
		{ inseeCode: '62498', name: 'Lens', siren: '216204980', departementCode: '62', regionCode: '32', population: 31_000, postalCodes: '62300' }
	];
	await write(async (tx) => {
		await tx.insert(regions).values([
			{ code: '32', name: 'Hauts-de-France' },
			{ code: '27', name: 'Bourgogne-Franche-Comté' },
			{ code: '76', name: 'Occitanie' },
			{ code: '52', name: 'Pays de la Loire' }
		]);
		await tx.insert(departements).values([
			{ code: '62', name: 'Pas-de-Calais', regionCode: '32' },
			{ code: '60', name: 'Oise', regionCode: '32' },
			{ code: '58', name: 'Nièvre', regionCode: '27' },
			{ code: '46', name: 'Lot', regionCode: '76' },
			{ code: '53', name: 'Mayenne', regionCode: '52' },
			{ code: '59', name: 'Nord', regionCode: '32' }
		]);
		await tx.insert(communes).values(rows.map((r) => ({ ...r, searchName: foldForSearch(r.name) })));
		await tx
			.insert(epcis)
			.values({ siren: '200035442', name: 'CA de Béthune-Bruay', searchName: foldForSearch('CA de Béthune-Bruay'), nature: 'CA', population: 277_000 });
		await tx.insert(epciMembers).values({ epciSiren: '200035442', communeInseeCode: '62119' });
	});
}
