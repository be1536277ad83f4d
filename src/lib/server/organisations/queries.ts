import { and, asc, desc, eq, inArray, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { communes, departements, epcis, memberships, organisations, users, type Organisation, type Role } from '../db/schema';
import { binaryCompare, foldForSearch } from '../../domain/text';
import { escapeLike, likeEscaped } from '../db/like';

/** Communes by name (accent-insensitive), postal code or INSEE code, largest first. */
export async function searchCommunes(query: string, limit = 15) {
	const q = query.trim();
	if (q.length < 2) return [];
	const folded = foldForSearch(q);
	// What was typed is matched literally: "%" or "_" in a search are characters, not wildcards.
	const typed = escapeLike(q);
	const name = escapeLike(folded);
	const where = /^\d[\dAB]\d{3}$/i.test(q)
		? or(eq(communes.inseeCode, q.toUpperCase()), likeEscaped(communes.postalCodes, `%${typed}%`))
		: /^\d{2,4}$/.test(q)
			? // The start of a postal code: "62" finds 62400, not 06200 or 76620.
				or(likeEscaped(communes.postalCodes, `${typed}%`), likeEscaped(communes.postalCodes, `% ${typed}%`))
			: or(likeEscaped(communes.searchName, `${name}%`), likeEscaped(communes.searchName, `% ${name}%`));
	return db()
		.select({
			inseeCode: communes.inseeCode,
			name: communes.name,
			siren: communes.siren,
			postalCodes: communes.postalCodes,
			population: communes.population,
			departementCode: communes.departementCode,
			departementName: departements.name,
			claimed: sql<boolean>`${organisations.id} is not null`.mapWith(Boolean)
		})
		.from(communes)
		.innerJoin(departements, eq(departements.code, communes.departementCode))
		.leftJoin(
			organisations,
			and(eq(organisations.inseeCode, communes.inseeCode), eq(organisations.kind, 'city'), ne(organisations.verificationStatus, 'rejected'))
		)
		.where(where)
		.orderBy(
			// An exact name first, then the largest communes.
			sql`${communes.searchName} = ${folded} desc`,
			desc(communes.population)
		)
		.limit(limit);
}

/** EPCI by name (accent-insensitive) or SIREN. */
export async function searchEpcis(query: string, limit = 15) {
	const q = query.trim();
	if (q.length < 2) return [];
	const where = /^\d{9}$/.test(q) ? eq(epcis.siren, q) : likeEscaped(epcis.searchName, `%${escapeLike(foldForSearch(q))}%`);
	return db()
		.select({
			siren: epcis.siren,
			name: epcis.name,
			nature: epcis.nature,
			population: epcis.population,
			claimed: sql<boolean>`${organisations.id} is not null`.mapWith(Boolean)
		})
		.from(epcis)
		.leftJoin(
			organisations,
			and(eq(organisations.siren, epcis.siren), eq(organisations.kind, 'intercommunality'), ne(organisations.verificationStatus, 'rejected'))
		)
		.where(where)
		.orderBy(desc(epcis.population))
		.limit(limit);
}

export function findOrganisationBySlug(slug: string) {
	return db().query.organisations.findFirst({ where: eq(organisations.slug, slug) });
}

export function findOrganisation(q: Queryable, id: string) {
	return q.query.organisations.findFirst({ where: eq(organisations.id, id) });
}

/** roleIn as a column of the caller's statement, for an organisation it names (`organisationId`, a column of its own). */
export function roleColumn(organisationId: SQLWrapper, userId: string): SQL<Role | null> {
	return sql<Role | null>`(SELECT ms.role FROM memberships ms WHERE ms.organisation_id = ${organisationId} AND ms.user_id = ${userId})`;
}

export async function roleIn(q: Queryable, organisationId: string, userId: string): Promise<Role | null> {
	const [row] = await q
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
	return row?.role ?? null;
}

/** What the switcher and every page know of one of the person's organisations. */
export interface MembershipSummary {
	id: string;
	slug: string;
	name: string;
	kind: Organisation['kind'];
	verificationStatus: Organisation['verificationStatus'];
	role: Role;
}

/**
 * The organisations of the user `userId` designates (a column of the caller's statement), with their role,
 * by name: as a column, so that the session lookup reads them in its own statement (locals.ts).
 */
export function membershipsColumn(userId: SQLWrapper): SQL<MembershipSummary[]> {
	return sql`(SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name, 'kind', o.kind,
		'verificationStatus', o.verification_status, 'role', ms.role))
		FROM memberships ms INNER JOIN organisations o ON o.id = ms.organisation_id WHERE ms.user_id = ${userId})`.mapWith((json: string) =>
		// Sorted here as organisationsOfUser's ORDER BY sorts (the names, then the id).
		(JSON.parse(json) as MembershipSummary[]).sort((a, b) => binaryCompare(a.name, b.name) || binaryCompare(a.id, b.id))
	);
}

/** The organisations a person belongs to, with their role, for the switcher and the account page. */
export function organisationsOfUser(userId: string) {
	return db()
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			verificationStatus: organisations.verificationStatus,
			role: memberships.role
		})
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(eq(memberships.userId, userId))
		.orderBy(asc(organisations.name));
}

export function listVerifiedOrganisations(kind?: Organisation['kind']) {
	return db()
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			inseeCode: organisations.inseeCode,
			departementCode: communes.departementCode,
			departementName: departements.name,
			isDemo: organisations.isDemo
		})
		.from(organisations)
		.leftJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.leftJoin(departements, eq(departements.code, communes.departementCode))
		.where(and(eq(organisations.verificationStatus, 'verified'), kind ? eq(organisations.kind, kind) : undefined))
		.orderBy(asc(organisations.name));
}

export function membersOf(organisationId: string) {
	return db()
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: memberships.role,
			since: memberships.createdAt
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organisationId, organisationId))
		.orderBy(asc(users.name));
}

export async function adminsOf(q: Queryable, organisationIds: string[]) {
	if (organisationIds.length === 0) return [];
	const rows = await q
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(inArray(memberships.organisationId, organisationIds), eq(memberships.role, 'admin')));
	return rows.map((r) => r.userId);
}

/** Place names for an organisation page: the commune's département, the EPCI's nature. */
export async function placeOf(organisation: Organisation) {
	if (organisation.kind === 'city' && organisation.inseeCode) {
		const [row] = await db()
			.select({
				population: communes.population,
				departementCode: departements.code,
				departementName: departements.name
			})
			.from(communes)
			.innerJoin(departements, eq(departements.code, communes.departementCode))
			.where(eq(communes.inseeCode, organisation.inseeCode));
		return row ?? null;
	}
	return null;
}
