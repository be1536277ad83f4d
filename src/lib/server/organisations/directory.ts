import { and, asc, count, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { db } from '../db';
import { communes, departements, epciMembers, epcis, organisationProfiles, organisations, projects } from '../db/schema';
import { ftsQuery } from '../../domain/search';
import { organisationKinds, type OrganisationKind } from '../../domain/organisations';
import { populationBands, populationBounds, type PopulationBand } from '../../domain/partners';
import { projectThemes, type ProjectTheme } from '../../domain/projects';
import { knownDepartement, knownRegion } from '../reference/codes';

// The public directory of organisations: search, filters, and the référents numériques.

export const DIRECTORY_PAGE_SIZE = 24;

export interface DirectoryFilters {
	q?: string;
	kind?: OrganisationKind;
	region?: string;
	departement?: string;
	band?: PopulationBand;
	theme?: ProjectTheme;
}

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
	return allowed.find((a) => a === value);
}

/** The directory's filters from a URL (the page's and the API's): unknown values are ignored. */
export function directoryFiltersFrom(url: URL): DirectoryFilters {
	const p = url.searchParams;
	return {
		q: p.get('q')?.slice(0, 200).trim() || undefined,
		kind: pick(organisationKinds, p.get('kind')),
		region: knownRegion(p.get('region')),
		departement: knownDepartement(p.get('departement')),
		band: pick(populationBands, p.get('population')),
		theme: pick(projectThemes, p.get('theme'))
	};
}

/** The population of a city (its commune) or an intercommunality (its EPCI). */
const population = sql<number | null>`coalesce(${communes.population}, ${epcis.population})`;

/** Whether the organisation lies in the place: a commune's own, or one of an EPCI's member communes. */
function inPlace(column: 'departement_code' | 'region_code', value: string): SQL {
	return sql`(${communes[column === 'departement_code' ? 'departementCode' : 'regionCode']} = ${value} OR EXISTS (
		SELECT 1 FROM ${epciMembers} INNER JOIN ${communes} AS member ON member.insee_code = ${epciMembers.communeInseeCode}
		WHERE ${epciMembers.epciSiren} = ${epcis.siren} AND member.${sql.raw(column)} = ${value}))`;
}

function directoryConditions(filters: DirectoryFilters): SQL | undefined {
	const conditions: (SQL | undefined)[] = [eq(organisations.verificationStatus, 'verified')];
	if (filters.kind) conditions.push(eq(organisations.kind, filters.kind));
	if (filters.departement) conditions.push(inPlace('departement_code', filters.departement));
	if (filters.region) conditions.push(inPlace('region_code', filters.region));
	if (filters.band) {
		const [low, high] = populationBounds(filters.band);
		conditions.push(and(gte(population, low), lt(population, high)));
	}
	if (filters.theme) {
		conditions.push(
			sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.proposerOrganisationId} = ${organisations.id}
				AND ${projects.status} <> 'draft' AND ${projects.theme} = ${filters.theme})`
		);
	}
	const match = filters.q ? ftsQuery(filters.q) : null;
	if (match) {
		conditions.push(sql`${organisations.id} IN (SELECT organisation_id FROM organisations_search WHERE organisations_search MATCH ${match})`);
	}
	return and(...conditions);
}

const directoryColumns = {
	id: organisations.id,
	slug: organisations.slug,
	name: organisations.name,
	kind: organisations.kind,
	description: organisations.description,
	isDemo: organisations.isDemo,
	inseeCode: organisations.inseeCode,
	siren: organisations.siren,
	nafCode: organisations.nafCode,
	verifiedAt: organisations.reviewedAt,
	departementCode: communes.departementCode,
	departementName: departements.name,
	regionCode: communes.regionCode,
	population,
	epciNature: epcis.nature,
	website: organisationProfiles.website,
	contactEmail: organisationProfiles.contactEmail,
	contactPhone: organisationProfiles.contactPhone,
	hasLogo: sql<boolean>`${organisationProfiles.logo} IS NOT NULL`.mapWith(Boolean),
	referentName: organisationProfiles.referentName,
	referentRole: organisationProfiles.referentRole,
	referentEmail: organisationProfiles.referentEmail,
	referentPhone: organisationProfiles.referentPhone
};

function directoryQuery(where: SQL | undefined) {
	return db()
		.select(directoryColumns)
		.from(organisations)
		.leftJoin(communes, and(eq(organisations.kind, 'city'), eq(communes.inseeCode, organisations.inseeCode)))
		.leftJoin(departements, eq(departements.code, communes.departementCode))
		.leftJoin(epcis, and(eq(organisations.kind, 'intercommunality'), eq(epcis.siren, organisations.siren)))
		.leftJoin(organisationProfiles, eq(organisationProfiles.organisationId, organisations.id))
		.where(where)
		.$dynamic();
}

export type DirectoryEntry = Awaited<ReturnType<typeof directoryQuery>>[number];

/** The themes of each organisation's published projects, in one query. */
export async function themesOf(organisationIds: string[]) {
	const byOrganisation = new Map<string, ProjectTheme[]>();
	if (organisationIds.length === 0) return byOrganisation;
	const rows = await db()
		.selectDistinct({ organisationId: projects.proposerOrganisationId, theme: projects.theme })
		.from(projects)
		.where(and(inArray(projects.proposerOrganisationId, organisationIds), ne(projects.status, 'draft')))
		.orderBy(projects.theme);
	for (const row of rows) byOrganisation.set(row.organisationId, [...(byOrganisation.get(row.organisationId) ?? []), row.theme]);
	return byOrganisation;
}

/** A page of the directory by name, and the total, in three queries whatever the page size. */
export async function searchDirectory(filters: DirectoryFilters, offset = 0, limit = DIRECTORY_PAGE_SIZE) {
	const where = directoryConditions(filters);
	const [rows, [{ total }]] = await Promise.all([
		directoryQuery(where)
			.orderBy(asc(sql`${organisations.name} COLLATE NOCASE`), asc(organisations.id))
			.limit(limit)
			.offset(offset),
		db()
			.select({ total: count() })
			.from(organisations)
			.leftJoin(communes, and(eq(organisations.kind, 'city'), eq(communes.inseeCode, organisations.inseeCode)))
			.leftJoin(epcis, and(eq(organisations.kind, 'intercommunality'), eq(epcis.siren, organisations.siren)))
			.where(where)
	]);
	const themes = await themesOf(rows.map((r) => r.id));
	return { organisations: rows.map((r) => ({ ...r, themes: themes.get(r.id) ?? [] })), total };
}

/** The API's page: by id after the cursor, so that an organisation joining does not shift the pages. */
export async function directoryAfter(filters: DirectoryFilters, limit: number, after: string | null) {
	const where = and(directoryConditions(filters), after ? sql`${organisations.id} > ${after}` : undefined);
	const rows = await directoryQuery(where)
		.orderBy(asc(organisations.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const themes = await themesOf(page.map((r) => r.id));
	return {
		data: page.map((r) => ({ ...r, themes: themes.get(r.id) ?? [] })),
		last: rows.length > limit ? page[page.length - 1].id : null
	};
}

export function directoryEntry(id: string) {
	return directoryQuery(and(eq(organisations.id, id), eq(organisations.verificationStatus, 'verified'))).then(async ([row]) => {
		if (!row) return undefined;
		const themes = await themesOf([row.id]);
		return { ...row, themes: themes.get(row.id) ?? [] };
	});
}

export interface ReferentFilters {
	region?: string;
	departement?: string;
}

/** The référents numériques of verified cities and intercommunalities, by place, after `after` (an organisation id). */
export async function referentsAfter(filters: ReferentFilters, limit: number, after: string | null) {
	const where = and(
		eq(organisations.verificationStatus, 'verified'),
		inArray(organisations.kind, ['city', 'intercommunality']),
		sql`${organisationProfiles.referentName} IS NOT NULL`,
		filters.departement ? inPlace('departement_code', filters.departement) : undefined,
		filters.region ? inPlace('region_code', filters.region) : undefined,
		after ? sql`${organisations.id} > ${after}` : undefined
	);
	const rows = await directoryQuery(where)
		.orderBy(asc(organisations.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	return { data: page, last: rows.length > limit ? page[page.length - 1].id : null };
}

/** The référents for the public page, by département then name, with the total. */
export async function referentsPage(filters: ReferentFilters, offset: number, limit = DIRECTORY_PAGE_SIZE) {
	const where = and(
		eq(organisations.verificationStatus, 'verified'),
		inArray(organisations.kind, ['city', 'intercommunality']),
		sql`${organisationProfiles.referentName} IS NOT NULL`,
		filters.departement ? inPlace('departement_code', filters.departement) : undefined,
		filters.region ? inPlace('region_code', filters.region) : undefined
	);
	const [rows, [{ total }]] = await Promise.all([
		directoryQuery(where)
			.orderBy(sql`${communes.departementCode} IS NULL`, asc(communes.departementCode), asc(organisations.name))
			.limit(limit)
			.offset(offset),
		db()
			.select({ total: count() })
			.from(organisations)
			.leftJoin(communes, and(eq(organisations.kind, 'city'), eq(communes.inseeCode, organisations.inseeCode)))
			.leftJoin(epcis, and(eq(organisations.kind, 'intercommunality'), eq(epcis.siren, organisations.siren)))
			.innerJoin(organisationProfiles, eq(organisationProfiles.organisationId, organisations.id))
			.where(where)
	]);
	return { referents: rows, total };
}
