import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { db } from '../db';
import { auditEvents, communes, consortia, consortiumMembers, consortiumProjects, departements, epciMembers, organisations, projects } from '../db/schema';
import { checkRules, currentMemberStatuses, type ConsortiumStatus, type MemberPlaces } from '../../domain/consortia';
import { placesOf } from './places';
import { placeOptions } from '../reference/places';
import { ftsQuery } from '../../domain/search';

export const CONSORTIA_PAGE_SIZE = 20;

export interface ConsortiumFilters {
	status?: ConsortiumStatus;
	region?: string;
	departement?: string;
}

/** The members of several consortia with the places they cover and the rule report of each. */
async function membersAndRules(consortiumRows: (typeof consortia.$inferSelect)[]) {
	const ids = consortiumRows.map((c) => c.id);
	const members = ids.length
		? await db()
				.select({
					id: consortiumMembers.id,
					consortiumId: consortiumMembers.consortiumId,
					organisationId: consortiumMembers.organisationId,
					status: consortiumMembers.status,
					invitedName: consortiumMembers.invitedName,
					inseeCode: consortiumMembers.inseeCode,
					epciSiren: consortiumMembers.epciSiren,
					invitedAt: consortiumMembers.invitedAt,
					decisionKind: consortiumMembers.decisionKind,
					deliberationNumber: consortiumMembers.deliberationNumber,
					deliberationDate: consortiumMembers.deliberationDate,
					deliberationFileName: consortiumMembers.deliberationFileName,
					withdrawalReason: consortiumMembers.withdrawalReason,
					name: organisations.name,
					slug: organisations.slug,
					kind: organisations.kind
				})
				.from(consortiumMembers)
				.leftJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
				.where(inArray(consortiumMembers.consortiumId, ids))
				.orderBy(asc(consortiumMembers.invitedAt))
		: [];
	const [places, names] = await Promise.all([
		placesOf(db(), [...new Set(members.flatMap((m) => (m.organisationId ? [m.organisationId] : [])))]),
		departementNames()
	]);
	return consortiumRows.map((consortium) => {
		const mine = members
			.filter((m) => m.consortiumId === consortium.id)
			.map((m) => ({
				...m,
				name: m.name ?? m.invitedName,
				departements: (m.organisationId && places.get(m.organisationId)?.departements) || [],
				regions: (m.organisationId && places.get(m.organisationId)?.regions) || []
			}));
		const report = checkRules(
			consortium,
			mine
				.filter((m) => m.organisationId && m.kind)
				.map((m): MemberPlaces => ({
					organisationId: m.organisationId!,
					kind: m.kind!,
					status: m.status,
					departements: m.departements,
					regions: m.regions
				}))
		);
		return {
			consortium,
			members: mine,
			report,
			covered: report.departements.covered.map((code) => ({ code, name: names.get(code) ?? code }))
		};
	});
}

async function departementNames() {
	return new Map((await placeOptions()).departements.map((d) => [d.code, d.name]));
}

/**
 * Consortia one of whose current members covers a place: a city by its commune, an intercommunality by
 * the communes it groups (what `placesOf` and the rule report count), asked of the database.
 */
function coveringPlace(place: 'departement' | 'region', code: string): SQL {
	const column = place === 'departement' ? communes.departementCode : communes.regionCode;
	const byCity = db()
		.select({ id: consortiumMembers.consortiumId })
		.from(consortiumMembers)
		.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
		.innerJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.where(and(inArray(consortiumMembers.status, currentMemberStatuses), eq(column, code)));
	const byIntercommunality = db()
		.select({ id: consortiumMembers.consortiumId })
		.from(consortiumMembers)
		.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
		.innerJoin(epciMembers, eq(epciMembers.epciSiren, organisations.siren))
		.innerJoin(communes, eq(communes.inseeCode, epciMembers.communeInseeCode))
		.where(and(inArray(consortiumMembers.status, currentMemberStatuses), eq(column, code)));
	return or(inArray(consortia.id, byCity), inArray(consortia.id, byIntercommunality))!;
}

/**
 * Consortia for the public list, with their members and rules: filtered, counted and paginated by the
 * database, so the work of a page is the same whatever the number of consortia (six queries).
 */
export async function listConsortia(filters: ConsortiumFilters, offset = 0, limit = CONSORTIA_PAGE_SIZE) {
	const where = and(
		filters.status ? eq(consortia.status, filters.status) : undefined,
		filters.departement ? coveringPlace('departement', filters.departement) : undefined,
		filters.region ? coveringPlace('region', filters.region) : undefined
	);
	const [rows, [{ total }]] = await Promise.all([
		db().select().from(consortia).where(where).orderBy(desc(consortia.updatedAt), desc(consortia.id)).limit(limit).offset(offset),
		db().select({ total: count() }).from(consortia).where(where)
	]);
	return { consortia: await membersAndRules(rows), total };
}

/** Events of a consortium's history on one page of its page. */
export const CONSORTIUM_HISTORY_PAGE = 20;

/** A consortium with its members, rules and projects, and one page of its history (`historyOffset`, newest first). */
export async function consortiumDetails(id: string, { historyOffset = 0, historyLimit = CONSORTIUM_HISTORY_PAGE } = {}) {
	const [found] = await db()
		.select({ consortium: consortia, coordinator: organisations })
		.from(consortia)
		.innerJoin(organisations, eq(organisations.id, consortia.coordinatorOrganisationId))
		.where(eq(consortia.id, id));
	if (!found) return undefined;
	const { consortium: row, coordinator } = found;
	const [[details], linked, timeline, places] = await Promise.all([
		membersAndRules([row]),
		db()
			.select({ id: projects.id, title: projects.title, status: projects.status })
			.from(consortiumProjects)
			.innerJoin(projects, eq(projects.id, consortiumProjects.projectId))
			.where(eq(consortiumProjects.consortiumId, id)),
		db()
			.select({
				at: auditEvents.at,
				action: auditEvents.action,
				details: auditEvents.details,
				organisationName: organisations.name,
				// The length of the whole history, counted in the same statement.
				total: sql<number>`count(*) over ()`
			})
			.from(auditEvents)
			.leftJoin(organisations, eq(organisations.id, auditEvents.actingOrganisationId))
			.where(and(eq(auditEvents.objectType, 'consortium'), eq(auditEvents.objectId, id)))
			.orderBy(desc(auditEvents.id))
			.limit(historyLimit)
			.offset(historyOffset),
		placeOptions()
	]);
	const regionNames = places.regions;
	return {
		...details,
		coordinator,
		projects: linked.filter((p) => p.status !== 'draft'),
		timeline: timeline.map(({ total: _total, ...event }) => event),
		/** Events in the whole history (0 when the page asked is past its end). */
		timelineTotal: timeline[0]?.total ?? 0,
		allowedRegionNames: row.allowedRegions.map((code) => regionNames.find((r) => r.code === code)?.name ?? code)
	};
}

/** Published projects a coordinator may link (not linked yet). */
/** How many organisations or projects one search of the coordinator's pickers shows at most. */
export const PICKER_RESULTS = 20;

/**
 * Published projects not yet linked whose title, or whose proposer's name, matches the coordinator's search
 * (`?link=`): at most PICKER_RESULTS, by title, each with its proposer to tell same-named projects apart.
 */
export async function linkableProjects(consortiumId: string, search: string) {
	const match = ftsQuery(search);
	if (!match) return [];
	const named = `{name} : (${match})`;
	return db()
		.select({ id: projects.id, title: projects.title, owner: organisations.name })
		.from(projects)
		.innerJoin(organisations, eq(organisations.id, projects.proposerOrganisationId))
		.where(
			and(
				inArray(projects.status, ['published', 'consortium_formed', 'funded', 'in_progress']),
				or(
					sql`${projects.id} IN (SELECT project_id FROM projects_search WHERE projects_search MATCH ${`{title} : (${match})`})`,
					sql`${projects.proposerOrganisationId} IN (SELECT organisation_id FROM organisations_search WHERE organisations_search MATCH ${named})`
				),
				sql`NOT EXISTS (SELECT 1 FROM ${consortiumProjects} WHERE ${consortiumProjects.consortiumId} = ${consortiumId} AND ${consortiumProjects.projectId} = ${projects.id})`
			)
		)
		.orderBy(asc(sql`${projects.title} COLLATE NOCASE`), asc(sql`${organisations.name} COLLATE NOCASE`), asc(projects.id))
		.limit(PICKER_RESULTS);
}

/**
 * Verified cities, intercommunalities and partners that are not live members and whose name matches the
 * coordinator's search (`?invite=`): who can be invited, at most PICKER_RESULTS, by name.
 */
export async function invitableOrganisations(consortiumId: string, search: string) {
	const match = ftsQuery(search);
	if (!match) return [];
	return db()
		.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, departement: departements.name })
		.from(organisations)
		.leftJoin(communes, and(eq(organisations.kind, 'city'), eq(communes.inseeCode, organisations.inseeCode)))
		.leftJoin(departements, eq(departements.code, communes.departementCode))
		.where(
			and(
				eq(organisations.verificationStatus, 'verified'),
				inArray(organisations.kind, ['city', 'intercommunality', 'partner']),
				sql`${organisations.id} IN (SELECT organisation_id FROM organisations_search WHERE organisations_search MATCH ${`{name} : (${match})`})`,
				sql`NOT EXISTS (SELECT 1 FROM ${consortiumMembers} WHERE ${consortiumMembers.consortiumId} = ${consortiumId}
					AND ${consortiumMembers.organisationId} = ${organisations.id} AND ${inArray(consortiumMembers.status, ['invited', 'accepted', 'council_approved'])})`
			)
		)
		.orderBy(asc(sql`${organisations.name} COLLATE NOCASE`), asc(organisations.id))
		.limit(PICKER_RESULTS);
}

export async function consortiumCount() {
	const [row] = await db().select({ value: count() }).from(consortia);
	return row?.value ?? 0;
}

/** Consortia an organisation coordinates and that still act: on whose behalf it may publish calls. */
export function coordinatedConsortia(organisationId: string) {
	return db()
		.select({ id: consortia.id, name: consortia.name })
		.from(consortia)
		.where(and(eq(consortia.coordinatorOrganisationId, organisationId), inArray(consortia.status, ['forming', 'active'])))
		.orderBy(asc(consortia.name));
}

/** The stored PDF of a member's délibération, if one was recorded with it. */
export async function deliberationFile(consortiumId: string, memberId: string) {
	const [row] = await db()
		.select({ file: consortiumMembers.deliberationFile, name: consortiumMembers.deliberationFileName })
		.from(consortiumMembers)
		.where(and(eq(consortiumMembers.id, memberId), eq(consortiumMembers.consortiumId, consortiumId), eq(consortiumMembers.status, 'council_approved')));
	return row?.file ? { file: row.file, name: row.name } : undefined;
}
