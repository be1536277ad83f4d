import { directoryAfter, directoryEntry, referentsAfter, type DirectoryEntry, type DirectoryFilters, type ReferentFilters } from './directory';

// What the public API says of an organisation: what its public page shows, nothing more, and never an
// email address (DESIGN.md): the page that shows the contact and the référent's address is linked instead.

function referentOf(row: DirectoryEntry) {
	return row.referentName ? { name: row.referentName, role: row.referentRole, phone: row.referentPhone } : null;
}

function shape(row: DirectoryEntry & { themes: string[] }) {
	return {
		id: row.id,
		slug: row.slug,
		kind: row.kind,
		name: row.name,
		inseeCode: row.inseeCode,
		siren: row.siren,
		nafCode: row.nafCode,
		description: row.description,
		departementCode: row.departementCode,
		regionCode: row.regionCode,
		population: row.population,
		website: row.website,
		pageUrl: `/organisations/${row.slug}`,
		contactPhone: row.contactPhone,
		logoUrl: row.hasLogo ? `/organisations/${row.slug}/logo` : null,
		themes: row.themes,
		referent: referentOf(row),
		verifiedAt: row.verifiedAt
	};
}

export async function publicOrganisations(limit: number, after: string | null, filters: DirectoryFilters = {}) {
	const { data, last } = await directoryAfter(filters, limit, after);
	return { data: data.map(shape), last };
}

export async function publicOrganisation(id: string) {
	const row = await directoryEntry(id);
	return row ? shape(row) : undefined;
}

export async function publicReferents(limit: number, after: string | null, filters: ReferentFilters) {
	const { data, last } = await referentsAfter(filters, limit, after);
	return {
		data: data.map((row) => ({
			organisationId: row.id,
			organisationName: row.name,
			organisationKind: row.kind,
			departementCode: row.departementCode,
			regionCode: row.regionCode,
			pageUrl: `/organisations/${row.slug}`,
			...referentOf(row)!
		})),
		last
	};
}
