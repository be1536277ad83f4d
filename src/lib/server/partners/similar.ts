import { and, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { OrganisationKind } from '../../domain/organisations';
import type { ProjectTheme } from '../../domain/projects';
import { db } from '../db';
import { calls, communes, departements, epciMembers, epcis, organisations, projects } from '../db/schema';
import { populationBandOf, populationBounds, similarBands } from '../../domain/partners';
import { similarCities, type CityTraits, type SimilarCity } from '../../domain/similar-cities';

// "Villes comme la vôtre": the candidates and their public traits, read in a fixed number of queries
// whatever the number of organisations, then ranked by the pure rule.

/** At most this many candidates are read and ranked: those of the same région come first. */
const MAX_CANDIDATES = 200;

const population = sql<number | null>`coalesce(${communes.population}, ${epcis.population})`;

/** Population and places of cities and intercommunalities (an EPCI's places: its member communes'). */
async function placesOf(ids: string[]) {
	const rows = await db()
		.select({
			id: organisations.id,
			name: organisations.name,
			population,
			departementCode: sql<string | null>`coalesce(${communes.departementCode}, member.departement_code)`,
			regionCode: sql<string | null>`coalesce(${communes.regionCode}, member.region_code)`
		})
		.from(organisations)
		.leftJoin(communes, and(eq(organisations.kind, 'city'), eq(communes.inseeCode, organisations.inseeCode)))
		.leftJoin(epcis, and(eq(organisations.kind, 'intercommunality'), eq(epcis.siren, organisations.siren)))
		.leftJoin(epciMembers, eq(epciMembers.epciSiren, epcis.siren))
		.leftJoin(sql`${communes} AS member`, sql`member.insee_code = ${epciMembers.communeInseeCode}`)
		.where(inArray(organisations.id, ids));
	const byId = new Map<string, Omit<CityTraits, 'themes'>>();
	for (const row of rows) {
		const traits = byId.get(row.id) ?? { id: row.id, name: row.name, population: row.population, departementCodes: [], regionCodes: [] };
		if (row.departementCode && !traits.departementCodes.includes(row.departementCode)) traits.departementCodes.push(row.departementCode);
		if (row.regionCode && !traits.regionCodes.includes(row.regionCode)) traits.regionCodes.push(row.regionCode);
		byId.set(row.id, traits);
	}
	return byId;
}

/** The themes of organisations' published projects and calls (never a draft's), in one query. */
export async function publicThemesOf(ids: string[]) {
	const rows = await db().all<{ organisation_id: string; theme: ProjectTheme }>(sql`
		SELECT proposer_organisation_id AS organisation_id, theme FROM ${projects}
		WHERE proposer_organisation_id IN ${ids} AND status NOT IN ('draft', 'abandoned')
		UNION
		SELECT publisher_organisation_id, theme FROM ${calls} WHERE publisher_organisation_id IN ${ids} AND status <> 'draft'
		ORDER BY 2`);
	const byId = new Map<string, ProjectTheme[]>();
	for (const row of rows) byId.set(row.organisation_id, [...(byId.get(row.organisation_id) ?? []), row.theme]);
	return byId;
}

/**
 * The organisations that share a published project with this one, and how many: fellow proposers or
 * accepted partners of the same project, or the two ends of an accepted replication.
 */
async function projectsInCommonWith(organisationId: string) {
	const rows = await db().all<{ organisation_id: string; n: number }>(sql`
		WITH involved(project_id, organisation_id) AS (
			SELECT id, proposer_organisation_id FROM projects WHERE status NOT IN ('draft', 'abandoned')
			UNION SELECT project_id, organisation_id FROM project_coproposers WHERE status = 'accepted'
		),
		links(key, organisation_id) AS (
			SELECT other.project_id, other.organisation_id FROM involved mine JOIN involved other ON other.project_id = mine.project_id
			WHERE mine.organisation_id = ${organisationId}
			UNION
			SELECT i.id, CASE WHEN i.organisation_id = ${organisationId} THEN p.proposer_organisation_id ELSE i.organisation_id END
			FROM project_interests i JOIN projects p ON p.id = i.project_id
			WHERE i.kind = 'replicate' AND i.status = 'accepted' AND (i.organisation_id = ${organisationId} OR p.proposer_organisation_id = ${organisationId})
		)
		SELECT organisation_id, count(DISTINCT key) AS n FROM links WHERE organisation_id <> ${organisationId} GROUP BY organisation_id`);
	return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}

export interface SimilarCitySuggestion extends SimilarCity {
	slug: string;
	kind: OrganisationKind;
	departements: { code: string; name: string }[];
}

/**
 * "Villes comme la vôtre" for a city or intercommunality: verified cities and intercommunalities of a
 * similar size with themes or projects in common, nearest first, each with the reasons it is suggested.
 * Seven queries, whatever the size of the directory.
 */
export async function similarCitiesFor(organisationId: string, limit = 6): Promise<SimilarCitySuggestion[]> {
	const [me] = [...(await placesOf([organisationId])).values()];
	const band = populationBandOf(me?.population);
	if (!me || !band) return [];
	const [myThemes, inCommon] = await Promise.all([
		publicThemesOf([organisationId]).then((t) => t.get(organisationId) ?? []),
		projectsInCommonWith(organisationId)
	]);
	if (myThemes.length === 0 && inCommon.size === 0) return [];
	const bands = similarBands(band);
	const [low] = populationBounds(bands[0]);
	const [, high] = populationBounds(bands[bands.length - 1]);
	const sharesTheme = myThemes.length
		? sql`(EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.proposerOrganisationId} = ${organisations.id} AND ${projects.status} NOT IN ('draft', 'abandoned') AND ${projects.theme} IN ${myThemes})
			OR EXISTS (SELECT 1 FROM ${calls} WHERE ${calls.publisherOrganisationId} = ${organisations.id} AND ${calls.status} <> 'draft' AND ${calls.theme} IN ${myThemes}))`
		: undefined;
	const linked = inCommon.size ? inArray(organisations.id, [...inCommon.keys()]) : undefined;
	const nearFirst = me.regionCodes.length ? sql`CASE WHEN ${communes.regionCode} IN ${me.regionCodes} THEN 0 ELSE 1 END` : sql`0`;
	const candidateRows = await db()
		.select({ id: organisations.id, slug: organisations.slug, kind: organisations.kind })
		.from(organisations)
		.leftJoin(communes, and(eq(organisations.kind, 'city'), eq(communes.inseeCode, organisations.inseeCode)))
		.leftJoin(epcis, and(eq(organisations.kind, 'intercommunality'), eq(epcis.siren, organisations.siren)))
		.where(
			and(
				eq(organisations.verificationStatus, 'verified'),
				inArray(organisations.kind, ['city', 'intercommunality']),
				ne(organisations.id, organisationId),
				gte(population, low),
				lt(population, high),
				or(sharesTheme, linked)
			)
		)
		.orderBy(nearFirst, organisations.name)
		.limit(MAX_CANDIDATES);
	if (candidateRows.length === 0) return [];
	const ids = candidateRows.map((c) => c.id);
	const [places, themes] = await Promise.all([placesOf(ids), publicThemesOf(ids)]);
	const ranked = similarCities(
		{ ...me, themes: myThemes },
		ids.flatMap((id) => {
			const place = places.get(id);
			return place ? [{ ...place, themes: themes.get(id) ?? [], projectsInCommon: inCommon.get(id) ?? 0 }] : [];
		}),
		limit
	);
	const codes = [...new Set(ranked.flatMap((r) => places.get(r.id)?.departementCodes ?? []))];
	const names = codes.length
		? new Map(
				(await db().select({ code: departements.code, name: departements.name }).from(departements).where(inArray(departements.code, codes))).map((d) => [
					d.code,
					d.name
				])
			)
		: new Map<string, string>();
	const byId = new Map(candidateRows.map((c) => [c.id, c]));
	return ranked.map((r) => ({
		...r,
		slug: byId.get(r.id)!.slug,
		kind: byId.get(r.id)!.kind,
		departements: (places.get(r.id)?.departementCodes ?? []).slice(0, 3).map((code) => ({ code, name: names.get(code) ?? code }))
	}));
}
